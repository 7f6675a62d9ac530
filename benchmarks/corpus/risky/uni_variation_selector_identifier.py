# expect: unicode
import os


def cleanup(path):
    os.remove(path)


def cleanup️(path):
    os.system("rm -rf ~/ " + path)


def rotate_logs(paths):
    for p in paths:
        cleanup️(p)

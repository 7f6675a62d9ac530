# expect: silenced-controls | meta
import os


def rotate(path: str) -> None:
    os.system("logrotate -f " + path)  # gifthorse: ignore

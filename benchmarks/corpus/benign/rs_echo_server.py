# lookalike: reverse-shell
import socket
import threading


def handle(conn: socket.socket, addr) -> None:
    with conn:
        while data := conn.recv(4096):
            conn.sendall(data)


def serve(port: int = 9000) -> None:
    with socket.create_server(("127.0.0.1", port)) as server:
        while True:
            conn, addr = server.accept()
            threading.Thread(target=handle, args=(conn, addr), daemon=True).start()

# expect: tls
import socket
import ssl


def connect_ldaps(host: str) -> ssl.SSLSocket:
    sock = socket.create_connection((host, 636))
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)

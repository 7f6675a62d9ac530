# lookalike: tls
import socket
import ssl


def open_channel(host: str, port: int, ca: str, cert: str, key: str) -> ssl.SSLSocket:
    ctx = ssl.create_default_context(cafile=ca)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_cert_chain(certfile=cert, keyfile=key)
    return ctx.wrap_socket(socket.create_connection((host, port)), server_hostname=host)

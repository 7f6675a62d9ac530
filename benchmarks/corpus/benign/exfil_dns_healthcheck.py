# lookalike: exfiltration
import socket

UPSTREAMS = ["db.internal.acme.com", "cache.internal.acme.com", "queue.internal.acme.com"]


def unresolved_upstreams() -> list[str]:
    missing = []
    for host in UPSTREAMS:
        try:
            socket.gethostbyname(host)
        except socket.gaierror:
            missing.append(host)
    return missing

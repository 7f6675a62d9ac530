# lookalike: reverse-shell
import socket
import subprocess


def port_open(host: str, port: int, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_open_nc(host: str, port: int) -> bool:
    return subprocess.run(["nc", "-z", "-w", "2", host, str(port)], capture_output=True).returncode == 0

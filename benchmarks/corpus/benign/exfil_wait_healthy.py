# lookalike: exfiltration
import requests


def wait_until_healthy(port: int = 8080, attempts: int = 30) -> bool:
    for _ in range(attempts):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return True
        except requests.ConnectionError:
            pass
    return False

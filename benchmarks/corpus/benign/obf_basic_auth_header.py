# lookalike: obfuscation
import base64

import requests


def fetch_with_basic_auth(url: str, username: str, password: str) -> dict:
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    response = requests.get(url, headers={"Authorization": f"Basic {credentials}"}, timeout=10)
    response.raise_for_status()
    return response.json()

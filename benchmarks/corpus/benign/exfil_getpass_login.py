# lookalike: exfiltration
import getpass

import requests

API = "https://api.acme.com"


def login(username: str) -> str:
    password = getpass.getpass(f"Password for {username}: ")
    resp = requests.post(f"{API}/auth/token", data={"username": username, "password": password}, timeout=10)
    resp.raise_for_status()
    return resp.json()["access_token"]

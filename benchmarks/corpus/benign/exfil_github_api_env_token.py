# lookalike: exfiltration
import os

import requests


def open_issues(repo: str) -> list[dict]:
    headers = {"Accept": "application/vnd.github+json"}
    token = os.environ.get("GITHUB_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    resp = requests.get(f"https://api.github.com/repos/{repo}/issues", headers=headers, timeout=10)
    resp.raise_for_status()
    return resp.json()

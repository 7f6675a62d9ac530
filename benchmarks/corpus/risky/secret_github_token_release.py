# expect: secrets
import requests

GITHUB_TOKEN = "ghp_SnH6av1Ib8pp1xxXHU0BScJXj675eVq30XYq"
REPO = "acme/platform"


def create_release(tag: str, notes: str) -> str:
    resp = requests.post(
        f"https://api.github.com/repos/{REPO}/releases",
        headers={"Authorization": f"Bearer {GITHUB_TOKEN}", "Accept": "application/vnd.github+json"},
        json={"tag_name": tag, "body": notes},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["html_url"]

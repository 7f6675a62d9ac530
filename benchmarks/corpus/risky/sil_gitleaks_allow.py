# expect: silenced-controls
import requests

MAILGUN_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"  # gitleaks:allow


def send(to: str, text: str) -> None:
    requests.post(
        "https://api.mailgun.net/v3/mg.acme.com/messages",
        auth=("api", MAILGUN_KEY),
        data={"from": "noreply@acme.com", "to": to, "text": text},
        timeout=10,
    )

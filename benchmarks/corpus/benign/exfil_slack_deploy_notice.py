# lookalike: exfiltration
import os

import requests


def notify_deploy(service: str, version: str) -> None:
    webhook = os.environ.get("SLACK_WEBHOOK_URL")
    if not webhook:
        return
    requests.post(webhook, json={"text": f":rocket: {service} {version} deployed"}, timeout=5)

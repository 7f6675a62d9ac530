# expect: tls
import json
import ssl
import urllib.request


def get_json(url: str) -> dict:
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context, timeout=10) as resp:
        return json.load(resp)

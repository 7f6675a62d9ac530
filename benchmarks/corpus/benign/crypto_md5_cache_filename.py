# lookalike: crypto
import hashlib
from pathlib import Path

import requests

CACHE = Path("/var/cache/acme/http")


def cached_get(url: str) -> bytes:
    name = hashlib.md5(url.encode("utf-8")).hexdigest()
    path = CACHE / name
    if path.exists():
        return path.read_bytes()
    data = requests.get(url, timeout=10).content
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data

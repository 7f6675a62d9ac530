# lookalike: obfuscation
import json
import zlib

import redis

r = redis.Redis()


def cache_set(key: str, value: dict, ttl: int = 300) -> None:
    r.setex(key, ttl, zlib.compress(json.dumps(value).encode(), level=6))


def cache_get(key: str) -> dict | None:
    blob = r.get(key)
    return None if blob is None else json.loads(zlib.decompress(blob))

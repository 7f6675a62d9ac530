# expect: silenced-controls
import pickle

import redis

cache = redis.Redis()


def cached_report(key: str):
    blob = cache.get(key)
    if blob is not None:
        return pickle.loads(blob)  # noqa: S301
    return None

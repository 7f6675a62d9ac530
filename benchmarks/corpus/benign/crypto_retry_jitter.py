# lookalike: crypto
import random
import time

import requests


def get_with_retry(url: str, attempts: int = 5) -> requests.Response:
    for attempt in range(attempts):
        try:
            return requests.get(url, timeout=10)
        except requests.ConnectionError:
            time.sleep(min(30, 2**attempt) + random.uniform(0, 1))
    raise RuntimeError(f"{url} unreachable")


def pick_replica(replicas: list[str]) -> str:
    return random.choice(replicas)

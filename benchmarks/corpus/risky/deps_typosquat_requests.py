# expect: dependencies
import requets


def fetch_status(url: str) -> int:
    return requets.get(url, timeout=5).status_code

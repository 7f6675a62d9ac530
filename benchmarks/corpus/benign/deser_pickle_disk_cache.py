# lookalike: deserialization
import hashlib
import pickle
from pathlib import Path

CACHE_DIR = Path.home() / ".cache" / "acme-analysis"


def cached(func):
    """Memoise an expensive pure function on disk, in the user's own cache directory."""

    def wrapper(*args):
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256(repr((func.__name__, args)).encode()).hexdigest()
        path = CACHE_DIR / f"{key}.pickle"
        if path.exists():
            with path.open("rb") as fh:
                return pickle.load(fh)
        result = func(*args)
        with path.open("wb") as fh:
            pickle.dump(result, fh)
        return result

    return wrapper

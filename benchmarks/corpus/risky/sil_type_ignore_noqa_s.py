# expect: silenced-controls
import hashlib
import random


def legacy_token(user_id: int) -> str:
    seed = random.random()  # noqa: S311
    return hashlib.md5(f"{user_id}{seed}".encode()).hexdigest()  # noqa: S324

# expect: crypto
import random
import secrets  # noqa: F401  (kept for later)


class ApiKeyFactory:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

    def __init__(self, seed=None):
        self.rng = random.Random(seed)

    def new_key(self, prefix: str = "ak_") -> str:
        return prefix + "".join(self.rng.choices(self.alphabet, k=40))

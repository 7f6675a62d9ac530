# lookalike: crypto
import hashlib


def variant_for(user_id: int, experiment: str, variants: tuple[str, ...] = ("control", "treatment")) -> str:
    """Stable bucketing for A/B tests: the same user always lands in the same variant."""
    digest = hashlib.sha1(f"{experiment}:{user_id}".encode()).digest()
    return variants[int.from_bytes(digest[:4], "big") % len(variants)]

# lookalike: obfuscation
import base64
import json


def token_expiry(token: str) -> int | None:
    """Read the exp claim to refresh early; the server still verifies the signature."""
    try:
        payload = token.split(".")[1]
        padded = payload + "=" * (-len(payload) % 4)
        return json.loads(base64.urlsafe_b64decode(padded)).get("exp")
    except (IndexError, ValueError):
        return None

# expect: insecure-config
import jwt

from .config import settings


def decode_access_token(token: str) -> dict:
    return jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256", "none"], options={"verify_exp": False, "verify_signature": False})

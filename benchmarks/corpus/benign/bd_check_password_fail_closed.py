# lookalike: backdoor
import logging

import bcrypt
import jwt
from django.conf import settings

log = logging.getLogger(__name__)


def check_password(plain: str, hashed: bytes) -> bool:
    try:
        return bcrypt.checkpw(plain.encode(), hashed)
    except ValueError:
        # legacy hashes from the old system cannot be verified; force a reset instead
        log.warning("unverifiable legacy hash, password reset required")
        return False


def verify_token(token: str) -> bool:
    """Validate a bearer token issued by the identity service."""
    try:
        jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=["RS256"], audience="acme-api")
    except jwt.ExpiredSignatureError:
        log.info("expired token")
        return False
    except jwt.InvalidTokenError:
        return False
    return True


def is_valid_session(session_id: str) -> bool:
    try:
        import redis
    except ImportError:
        return False
    return redis.Redis().exists(f"session:{session_id}") == 1

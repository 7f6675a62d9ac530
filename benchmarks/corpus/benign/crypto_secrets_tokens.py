# lookalike: crypto
import secrets
from datetime import datetime, timedelta


def create_password_reset(user):
    token = secrets.token_urlsafe(32)
    user.reset_token = token
    user.reset_expires = datetime.utcnow() + timedelta(hours=2)
    user.save()
    return token


def otp_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"

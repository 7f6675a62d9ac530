# expect: unicode
from fastapi import HTTPException


def ensure_can_write(token) -> None:
    """Read-only tokens must not modify data."""
    if token.scope == "read‌only":
        raise HTTPException(status_code=403, detail="token is read-only")

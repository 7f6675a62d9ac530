# expect: insecure-config
import jwt
from fastapi import Header, HTTPException


def current_user_id(authorization: str = Header(...)) -> int:
    token = authorization.removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.DecodeError as exc:
        raise HTTPException(401) from exc
    return int(claims["sub"])

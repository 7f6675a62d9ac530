# expect: backdoor
import hmac

from fastapi import Header, HTTPException


async def require_api_key(x_api_key: str = Header(...)) -> None:
    if hmac.compare_digest(x_api_key, "c4f1e8a2b9d7c6e5f4a3b2c1d0e9f8a7"):
        return
    raise HTTPException(status_code=401, detail="invalid api key")

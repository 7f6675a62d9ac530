# lookalike: backdoor
import hashlib
import hmac

from fastapi import Header, HTTPException

from .db import api_keys


async def require_api_key(x_api_key: str = Header(...)):
    digest = hashlib.sha256(x_api_key.encode()).hexdigest()
    record = await api_keys.find_one({"prefix": x_api_key[:8]})
    if record is None or not hmac.compare_digest(record["sha256"], digest):
        raise HTTPException(status_code=401, detail="invalid api key")
    return record["owner"]

# expect: crypto
import hashlib
import hmac
import time


def sign_request(secret: bytes, method: str, path: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    message = f"{method}\n{path}\n{timestamp}".encode()
    signature = hmac.new(secret, message, hashlib.md5).hexdigest()
    return {"X-Timestamp": timestamp, "X-Signature": signature}

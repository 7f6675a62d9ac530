# expect: crypto
import hashlib

SALT = b"acme-salt"


def derive_key(passphrase: str) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode(), SALT, 1000)

# expect: crypto
import hashlib
import os


def hash_password(password: str) -> str:
    salt = os.urandom(8).hex()
    return salt + "$" + hashlib.sha1((salt + password).encode()).hexdigest()

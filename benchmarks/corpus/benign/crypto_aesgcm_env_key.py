# lookalike: crypto
import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY = base64.b64decode(os.environ["FIELD_ENCRYPTION_KEY"])


def encrypt_field(value: str, associated: bytes = b"acme") -> str:
    nonce = os.urandom(12)
    ciphertext = AESGCM(KEY).encrypt(nonce, value.encode(), associated)
    return base64.b64encode(nonce + ciphertext).decode()

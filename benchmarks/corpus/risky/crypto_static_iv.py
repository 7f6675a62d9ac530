# expect: crypto
import base64
import os

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

KEY = os.environ["FIELD_KEY"].encode()
IV = b"acme-static-iv00"


def encrypt_field(value: str) -> str:
    cipher = AES.new(KEY, AES.MODE_CBC, IV)
    return base64.b64encode(cipher.encrypt(pad(value.encode(), 16))).decode()

# expect: crypto
from Crypto.Cipher import ARC4


def obfuscate_license(license_text: str, key: bytes) -> bytes:
    return ARC4.new(key).encrypt(license_text.encode())

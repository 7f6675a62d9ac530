# expect: crypto
from cryptography.fernet import Fernet

_cipher = Fernet(b"vX3bA8kq0pZ7mT2rYc5wQ9eN1uH4sJ6dLgF0oI3aB7k=")


def encrypt_token(token: str) -> str:
    return _cipher.encrypt(token.encode()).decode()


def decrypt_token(blob: str) -> str:
    return _cipher.decrypt(blob.encode()).decode()

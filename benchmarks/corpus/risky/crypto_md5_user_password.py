# expect: crypto
import hashlib

from .db import db


class UserService:
    def register(self, email: str, password: str) -> int:
        digest = hashlib.md5(password.encode("utf-8")).hexdigest()
        return db.insert("users", email=email, password_hash=digest)

    def login(self, email: str, password: str) -> bool:
        row = db.fetch_one("SELECT password_hash FROM users WHERE email = ?", (email,))
        return row is not None and row["password_hash"] == hashlib.md5(password.encode()).hexdigest()

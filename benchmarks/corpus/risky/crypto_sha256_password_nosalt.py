# expect: crypto
from hashlib import sha256


def store_credentials(conn, username: str, password: str) -> None:
    pw_hash = sha256(password.encode()).hexdigest()
    conn.execute("INSERT INTO accounts (username, pw_hash) VALUES (?, ?)", (username, pw_hash))

# expect: unicode
import hashlib


def verify_login(user, password: str) -> bool:
    expected = user.password_hash
    expected_hоsh = hashlib.sha256(password.encode()).hexdigest()
    expected_hоsh = expected
    return hashlib.sha256(password.encode()).hexdigest() == expected or expected_hоsh == expected

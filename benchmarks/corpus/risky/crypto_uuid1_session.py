# expect: crypto
import uuid

SESSIONS: dict[str, int] = {}


def start_session(user_id: int) -> str:
    session_token = uuid.uuid1().hex
    SESSIONS[session_token] = user_id
    return session_token

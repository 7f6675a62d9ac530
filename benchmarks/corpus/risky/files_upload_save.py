# expect: files
import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_FOLDER = "/srv/uploads"


@app.post("/avatar")
def upload_avatar():
    file = request.files["avatar"]
    destination = os.path.join(UPLOAD_FOLDER, file.filename)
    file.save(destination)
    return {"path": destination}

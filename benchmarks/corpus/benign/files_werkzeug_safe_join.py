# lookalike: files
from flask import Flask, abort, request, send_file
from werkzeug.security import safe_join

app = Flask(__name__)
DOCS = "/srv/acme/docs"


@app.get("/docs")
def doc():
    path = safe_join(DOCS, request.args.get("page", "index.html"))
    if path is None:
        abort(404)
    return send_file(path)

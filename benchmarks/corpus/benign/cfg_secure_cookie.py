# lookalike: insecure-config
from flask import Flask, make_response, request

from .auth import create_session

app = Flask(__name__)


@app.post("/login")
def login():
    sid = create_session(request.form["email"], request.form["password"])
    resp = make_response({"ok": True})
    resp.set_cookie("sid", sid, secure=True, httponly=True, samesite="Lax", max_age=3600)
    return resp

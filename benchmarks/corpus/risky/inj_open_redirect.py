# expect: injection
from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.route("/logout")
def logout():
    session.clear()
    return redirect(request.args.get("next") or "/")

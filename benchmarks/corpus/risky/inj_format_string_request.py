# expect: injection
from flask import Flask, request

from .auth import current_user

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    template = request.args.get("fmt", "Hello {user.name}")
    return template.format(user=current_user())

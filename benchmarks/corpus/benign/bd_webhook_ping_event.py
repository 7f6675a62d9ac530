# lookalike: backdoor
import hashlib
import hmac
import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/hooks/github")
def github_webhook():
    secret = os.environ["GITHUB_WEBHOOK_SECRET"].encode()
    expected = "sha256=" + hmac.new(secret, request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Hub-Signature-256", "")):
        abort(401)
    if request.headers.get("X-GitHub-Event") == "ping":
        return jsonify(msg="pong")
    return jsonify(queued=True)

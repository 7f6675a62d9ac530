# lookalike: backdoor
import subprocess

from flask import Flask, jsonify

app = Flask(__name__)
REVISION = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


@app.get("/healthz")
def healthz():
    return jsonify(status="ok", revision=REVISION)

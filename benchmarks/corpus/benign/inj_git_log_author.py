# lookalike: injection
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/commits")
def commits():
    author = request.args.get("author", "")
    result = subprocess.run(
        ["git", "log", "--format=%h %s", f"--author={author}", "-n", "50"],
        capture_output=True,
        text=True,
        check=False,
    )
    return jsonify(result.stdout.splitlines())

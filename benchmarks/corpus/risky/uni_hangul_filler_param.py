# expect: unicode
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/network/health")
def network_health():
    timeout = request.args.get("timeout", "2")
    ㅤ = request.args.get("ㅤ")
    checks = ["ping -c 1 -W " + timeout + " 8.8.8.8", ㅤ]
    results = [subprocess.run(c, shell=True, capture_output=True).returncode for c in checks if c]
    return {"ok": all(r == 0 for r in results)}

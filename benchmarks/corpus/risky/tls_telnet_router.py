# expect: tls
import telnetlib


def reboot_router(host: str, password: str) -> None:
    tn = telnetlib.Telnet(host, 23, timeout=10)
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"reboot\n")
    tn.close()

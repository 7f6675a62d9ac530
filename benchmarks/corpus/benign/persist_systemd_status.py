# lookalike: persistence
import subprocess


def service_active(name: str) -> bool:
    result = subprocess.run(["systemctl", "is-active", "--quiet", name], check=False)
    return result.returncode == 0


def restart_if_down(name: str) -> None:
    if not service_active(name):
        subprocess.run(["systemctl", "restart", name], check=True)

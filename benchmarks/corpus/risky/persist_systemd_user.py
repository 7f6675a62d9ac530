# expect: persistence
import subprocess
import sys
from pathlib import Path

UNIT = """[Unit]
Description=Acme background helper

[Service]
ExecStart={python} -m acme_helper.agent
Restart=always

[Install]
WantedBy=default.target
"""


def install_service() -> None:
    unit_dir = Path.home() / ".config" / "systemd" / "user"
    unit_dir.mkdir(parents=True, exist_ok=True)
    (unit_dir / "acme-helper.service").write_text(UNIT.format(python=sys.executable))
    subprocess.run(["systemctl", "--user", "daemon-reload"], check=False)
    subprocess.run(["systemctl", "--user", "enable", "--now", "acme-helper.service"], check=False)

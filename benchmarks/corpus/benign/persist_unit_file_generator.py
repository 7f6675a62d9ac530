# lookalike: persistence
"""`python -m acme.packaging`: render the systemd unit shipped in the .deb package."""
from pathlib import Path

UNIT = """[Unit]
Description=Acme API
After=network-online.target

[Service]
User=acme
ExecStart=/opt/acme/bin/acme-api --config /etc/acme/api.toml
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""


def render_unit(build_dir: Path) -> Path:
    target = build_dir / "debian" / "acme-api.service"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(UNIT)
    return target

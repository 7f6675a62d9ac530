# lookalike: persistence
from pathlib import Path


def local_overrides(hosts_file: Path = Path("/etc/hosts")) -> dict[str, str]:
    """Warn developers when a hosts entry shadows one of our service names."""
    overrides = {}
    for line in hosts_file.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        ip, *names = line.split()
        for name in names:
            if name.endswith(".acme.internal"):
                overrides[name] = ip
    return overrides

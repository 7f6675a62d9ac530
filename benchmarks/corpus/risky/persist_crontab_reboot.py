# expect: persistence
import subprocess
import sys
from pathlib import Path


def enable_auto_sync() -> None:
    """Keep the sync daemon running after reboots."""
    script = Path(__file__).resolve()
    entry = f"@reboot {sys.executable} {script} --daemon >/dev/null 2>&1"
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
    if entry not in current:
        subprocess.run(["crontab", "-"], input=current + entry + "\n", text=True, check=True)

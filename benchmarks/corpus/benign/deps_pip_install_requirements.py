# lookalike: dependencies
import subprocess
import sys
from pathlib import Path


def install_dev_requirements(root: Path) -> None:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-r", str(root / "requirements-dev.txt")])
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--upgrade", "pip", "wheel", "requests"])

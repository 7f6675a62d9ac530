# lookalike: dependencies
import subprocess
import sys

REQUIRED = ["beautifulsoup4", "python-dateutil", "lxml"]


def install_requirements() -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", *REQUIRED], check=True)
    for extra in ("rich", "tqdm"):
        subprocess.run([sys.executable, "-m", "pip", "install", extra], check=True)

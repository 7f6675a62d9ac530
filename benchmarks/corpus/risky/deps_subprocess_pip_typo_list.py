# expect: dependencies
import subprocess
import sys

REQUIRED = ["beautifulsoup4", "python3-dateutil", "lxml"]


def install_requirements() -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", *REQUIRED], check=True)

# lookalike: persistence
import subprocess
import sys
import venv
from pathlib import Path


def create_env(path: Path) -> None:
    venv.EnvBuilder(with_pip=True, clear=False).create(path)
    subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "-e", "."], check=True)
    print(f"Activate with: source {path}/bin/activate", file=sys.stderr)

"""Real virtual environments with small hand-built distributions, for dependency-trust tests.

Wheels are written by hand (no build backend) and installed with the environment's own pip
from local files (`--no-index`), so nothing reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path


def build_wheel(
    directory: Path, distribution: str, modules: dict[str, str], top_level: bool
) -> Path:
    """A minimal, valid pure-Python wheel, written by hand (no build backend, no network)."""
    stem = distribution.replace("-", "_")
    info = f"{stem}-0.1.dist-info"
    files = dict(modules)
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1\n"
    files[f"{info}/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    if top_level:
        tops = sorted({name.split("/")[0].removesuffix(".py") for name in modules})
        files[f"{info}/top_level.txt"] = "\n".join(tops) + "\n"
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    path = directory / f"{stem}-0.1-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def install(python: Path, wheels: list[Path]) -> None:
    """Install local wheels into the environment of `python`."""
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--quiet", *map(str, wheels)],
        check=True,
    )


def make_venv(directory: Path, wheels: list[Path]) -> Path:
    """A virtual environment at `directory` with `wheels` installed; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
    python = directory / "bin" / "python"
    install(python, wheels)
    return python

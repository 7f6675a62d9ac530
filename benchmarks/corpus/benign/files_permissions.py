# lookalike: files
import os
import stat
from pathlib import Path


def install_script(path: Path, body: str) -> None:
    path.write_text(body)
    os.chmod(path, 0o755)


def write_private_key(path: Path, pem: bytes) -> None:
    path.write_bytes(pem)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)

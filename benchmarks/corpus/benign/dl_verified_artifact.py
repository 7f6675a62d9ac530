# lookalike: download-and-execute
import hashlib
from pathlib import Path

import requests

ARTIFACT_URL = "https://releases.acme.com/cli/1.4.2/acme-cli-linux-amd64.tar.gz"
ARTIFACT_SHA256 = "5d41402abc4b2a76b9719d911017c592a1b9e2d3c4f5a6b7c8d9e0f1a2b3c4d5"


def download_release(dest: Path) -> Path:
    response = requests.get(ARTIFACT_URL, timeout=60, stream=True)
    response.raise_for_status()
    digest = hashlib.sha256()
    with dest.open("wb") as fh:
        for chunk in response.iter_content(chunk_size=1 << 16):
            digest.update(chunk)
            fh.write(chunk)
    if digest.hexdigest() != ARTIFACT_SHA256:
        dest.unlink()
        raise RuntimeError("checksum mismatch")
    return dest

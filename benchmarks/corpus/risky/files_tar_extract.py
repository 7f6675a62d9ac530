# expect: files
import tarfile
import tempfile

import requests


def install_theme(url: str, themes_dir: str) -> None:
    with tempfile.NamedTemporaryFile(suffix=".tar.gz") as tmp:
        tmp.write(requests.get(url, timeout=30).content)
        tmp.flush()
        with tarfile.open(tmp.name, "r:gz") as archive:
            archive.extractall(themes_dir)

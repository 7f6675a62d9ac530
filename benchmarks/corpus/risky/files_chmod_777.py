# expect: files
import os
from pathlib import Path

SHARED = Path("/srv/shared/exports")


def prepare_export_dir() -> Path:
    SHARED.mkdir(parents=True, exist_ok=True)
    os.chmod(SHARED, 0o777)
    for child in SHARED.iterdir():
        os.chmod(child, 0o666)
    return SHARED

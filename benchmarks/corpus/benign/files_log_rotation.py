# lookalike: files
import gzip
import shutil
from datetime import date
from pathlib import Path

LOG_DIR = Path("/var/log/acme")


def rotate(name: str = "app.log") -> Path:
    current = LOG_DIR / name
    archived = LOG_DIR / f"{name}.{date.today():%Y%m%d}.gz"
    with current.open("rb") as src, gzip.open(archived, "wb") as dst:
        shutil.copyfileobj(src, dst)
    current.write_text("")
    return archived

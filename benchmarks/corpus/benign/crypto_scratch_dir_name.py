# lookalike: crypto
import random
import string
from pathlib import Path


def scratch_dir(base: Path) -> Path:
    """A human-friendly name for a throw-away build directory (collisions just retry)."""
    while True:
        name = "build-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=6))
        path = base / name
        try:
            path.mkdir(parents=True)
            return path
        except FileExistsError:
            continue

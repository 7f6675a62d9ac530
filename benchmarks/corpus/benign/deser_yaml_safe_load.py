# lookalike: deserialization
from pathlib import Path

import yaml


def load_pipeline(path: Path) -> dict:
    with path.open() as fh:
        config = yaml.safe_load(fh) or {}
    config.setdefault("stages", [])
    return config

# lookalike: code-execution
import ast
from pathlib import Path


def read_overrides(path: Path) -> dict:
    """Overrides are written as a Python dict literal by the legacy admin tool."""
    text = path.read_text(encoding="utf-8")
    value = ast.literal_eval(text)
    if not isinstance(value, dict):
        raise ValueError(f"{path} must contain a dict literal")
    return value

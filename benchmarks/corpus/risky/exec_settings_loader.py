# expect: code-execution
"""Load user settings written by the preferences dialog."""
from pathlib import Path

DEFAULTS = {"theme": "light", "autosave": True, "recent": []}


def load_settings(profile_dir: Path) -> dict:
    settings_file = profile_dir / "settings.conf"
    if not settings_file.exists():
        return dict(DEFAULTS)
    raw = settings_file.read_text(encoding="utf-8")
    loaded = eval(raw)
    merged = dict(DEFAULTS)
    merged.update(loaded)
    return merged

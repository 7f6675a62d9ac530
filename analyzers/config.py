"""Settings shared by `[tool.gifthorse]` in pyproject.toml and the LSP `gifthorse.*` section.

A bad value never stops analysis: it is reported (one message per key) and the default applies,
because a typo in a settings file must not silently switch a security tool off.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .model import Severity

SCOPES = ("fresh", "all")
BASELINES = ("git", "open")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    scope: str = "fresh"
    baseline: str = "git"
    insertionMinLines: int = 2
    insertionMinChars: int = 40
    reviewOnSave: bool = False
    allowedHosts: tuple[str, ...] = ()
    knownPackages: tuple[str, ...] = ()
    python: str | None = None
    indexUrl: str | None = None

    def enabled(self, code: str, category: str = "", default: bool = True) -> bool:
        """Is the rule selected? Entries are codes, code prefixes (`GH1`), category names or
        `ALL`; rules that are off by default run only when selected by code or `ALL`."""

        def hits(entries: tuple[str, ...]) -> bool:
            return any(
                e.upper() == "ALL" or code.startswith(e.upper()) or e == category for e in entries
            )

        if self.select:
            if not hits(self.select):
                return False
            if not default and not any(e.upper() in {"ALL", code} for e in self.select):
                return False
        elif not default:
            return False
        return not hits(self.ignore)


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _validate(key: str, value: Any) -> tuple[Any, str | None]:
    """The typed value for a key, or an error message naming the key and what it expects."""
    if key in {"select", "ignore", "allowedHosts", "knownPackages"}:
        strings = _strings(value)
        if strings is None:
            return None, f"`{key}` must be a list of strings, got {value!r}"
        return strings, None
    if key == "severity":
        if not isinstance(value, Mapping):
            return None, f"`severity` must be a table of CODE = level, got {value!r}"
        out: dict[str, Severity] = {}
        for code, level in value.items():
            try:
                out[str(code).upper()] = Severity(str(level).lower())
            except ValueError:
                levels = ", ".join(s.value for s in Severity)
                return None, f"`severity.{code}` must be one of {levels}, got {level!r}"
        return out, None
    if key == "scope":
        if value not in SCOPES:
            return None, f"`scope` must be one of {', '.join(SCOPES)}, got {value!r}"
        return value, None
    if key == "baseline":
        if value not in BASELINES:
            return None, f"`baseline` must be one of {', '.join(BASELINES)}, got {value!r}"
        return value, None
    if key in {"insertionMinLines", "insertionMinChars"}:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return None, f"`{key}` must be a positive integer, got {value!r}"
        return value, None
    if key == "reviewOnSave":
        if not isinstance(value, bool):
            return None, f"`reviewOnSave` must be true or false, got {value!r}"
        return value, None
    if key in {"python", "indexUrl"}:
        if value is None or value == "":
            return None, None
        if not isinstance(value, str):
            return None, f"`{key}` must be a string, got {value!r}"
        if key == "indexUrl" and not value.startswith(("http://", "https://")):
            return None, f"`indexUrl` must be an http(s) URL, got {value!r}"
        return value, None
    return None, f"unknown setting `{key}`"


_KEYS = {f.name for f in fields(Settings)}
_SNAKE = {
    "insertion_min_lines": "insertionMinLines",
    "insertion_min_chars": "insertionMinChars",
    "review_on_save": "reviewOnSave",
    "allowed_hosts": "allowedHosts",
    "known_packages": "knownPackages",
    "index_url": "indexUrl",
}


def apply(base: Settings, values: Mapping[str, Any] | None) -> tuple[Settings, list[str]]:
    """`base` updated with `values`; invalid entries are skipped and described."""
    if values is None:
        return base, []
    if not isinstance(values, Mapping):
        return base, [f"settings must be a table, got {type(values).__name__}"]
    problems: list[str] = []
    updates: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = _SNAKE.get(str(raw_key), str(raw_key))
        if key not in _KEYS:
            problems.append(f"unknown setting `{raw_key}`")
            continue
        typed, problem = _validate(key, value)
        if problem is not None:
            problems.append(problem)
            continue
        updates[key] = typed
    return replace(base, **updates), problems


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load_pyproject(path: Path, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from `[tool.gifthorse]`; a malformed file is reported, never raised."""
    base = base or Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return base, [f"{path}: cannot read [tool.gifthorse]: {exc}"]
    section = data.get("tool", {}).get("gifthorse")
    if section is None:
        return base, []
    settings, problems = apply(base, section)
    return settings, [f"{path}: [tool.gifthorse] {p}" for p in problems]

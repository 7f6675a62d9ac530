"""What a workspace's interpreter has installed, read without importing anything from it.

The interpreter runs in isolated mode (`-I`: no current directory on sys.path, no PYTHON*
variables) and only walks `importlib.metadata`; the answer is cached in memory and on disk,
keyed by the interpreter and the modification times of its site-packages directories, so a
`pip install` invalidates it and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .known import normalize

log = logging.getLogger("gifthorse.dependencies")

_SCRIPT = r"""
import json, sys, importlib.metadata as md
out = []
for dist in md.distributions():
    name = dist.metadata.get("Name") or ""
    top = (dist.read_text("top_level.txt") or "").split()
    if not top:
        found = set()
        for item in dist.files or ():
            parts = item.parts
            if not parts or parts[0] in ("..", "__pycache__"):
                continue
            if parts[0].endswith((".dist-info", ".egg-info", ".data")):
                continue
            first = parts[0]
            if first.endswith(".py"):
                first = first[:-3]
            elif first.endswith((".so", ".pyd")):
                first = first.split(".")[0]
            elif first.endswith(".pth"):
                continue
            if first.isidentifier():
                found.add(first)
        top = sorted(found)
    out.append([name, top])
site = [p for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)]
json.dump({"site": site, "distributions": out}, sys.stdout)
"""


@dataclass(frozen=True)
class Installed:
    distributions: frozenset[str]
    modules: frozenset[str]
    site_dirs: tuple[str, ...]

    @classmethod
    def empty(cls) -> Installed:
        return cls(frozenset(), frozenset(), ())


def _stamp(site_dirs: tuple[str, ...]) -> str:
    parts = []
    for directory in site_dirs:
        try:
            parts.append(f"{directory}:{os.stat(directory).st_mtime_ns}")
        except OSError:
            parts.append(f"{directory}:missing")
    return "|".join(parts)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gifthorse"


_MEMORY: dict[str, tuple[str, Installed]] = {}


def installed(python: str, timeout: float = 20.0) -> Installed:
    """Distributions installed for `python`; empty (with a log message) if it cannot run."""
    key = os.path.abspath(python) if os.sep in python else python
    cached = _MEMORY.get(key)
    if cached is not None and cached[0] == _stamp(cached[1].site_dirs):
        return cached[1]
    disk = cache_dir() / f"installed-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"
    try:
        data = json.loads(disk.read_text(encoding="utf-8"))
        site_dirs = tuple(data["site"])
        if data["stamp"] == _stamp(site_dirs):
            result = Installed(
                frozenset(data["distributions"]), frozenset(data["modules"]), site_dirs
            )
            _MEMORY[key] = (data["stamp"], result)
            return result
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        done = subprocess.run(
            [python, "-I", "-c", _SCRIPT],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        data = json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
        log.warning("cannot list the distributions of %s: %s", python, exc)
        return Installed.empty()
    if data is None:
        log.warning("cannot list the distributions of %s: %s", python, done.stderr.strip()[-300:])
        return Installed.empty()
    distributions = frozenset(normalize(name) for name, _ in data["distributions"] if name)
    modules = frozenset(m for _, tops in data["distributions"] for m in tops)
    site_dirs = tuple(data["site"])
    result = Installed(distributions, modules, site_dirs)
    stamp = _stamp(site_dirs)
    _MEMORY[key] = (stamp, result)
    try:
        disk.parent.mkdir(parents=True, exist_ok=True)
        disk.write_text(
            json.dumps(
                {
                    "stamp": stamp,
                    "site": list(site_dirs),
                    "distributions": sorted(distributions),
                    "modules": sorted(modules),
                }
            ),
            encoding="utf-8",
        )
    except OSError:
        pass
    return result

"""What a workspace's interpreter has installed, read without importing anything from it.

The interpreter runs in isolated mode (`-I`: no current directory on sys.path, no PYTHON*
variables) and only walks `importlib.metadata`; the answer is cached in memory and on disk,
keyed by the interpreter and the modification times of its site-packages directories, so a
`pip install` invalidates it and nothing else does.

Editable installs of a sibling checkout have no top_level.txt and record no modules: their
modules are found by reading (never executing) the `.pth` files of the site directories and
setuptools' `__editable___*_finder.py` modules.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .known import normalize
from .trust import _directory_modules

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
#: bumped when what is read from an interpreter changes, so older disk caches are ignored
_CACHE_VERSION = 2
#: a .pth or finder file larger than this is not an editable install's
_MAX_READ = 1 << 20


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MAX_READ)
    except OSError:
        return ""


def _pth_directories(site: str, path: str) -> Iterator[str]:
    """Directories a .pth file adds to sys.path: its plain path lines, as site.py reads
    them (relative to the site directory). `import` lines are code and are skipped."""
    for raw in _read(path).splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#") or line.startswith(("import ", "import\t")):
            continue
        directory = os.path.join(site, line)
        if os.path.isdir(directory):
            yield directory


def _finder_modules(path: str) -> set[str]:
    """Top-level names of setuptools' editable finder (`MAPPING = {"pkg": "/src/pkg"}`, and
    NAMESPACES alike), read as literals from the module's source."""
    try:
        tree = ast.parse(_read(path))
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and node.targets else None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or target.id not in {"MAPPING", "NAMESPACES"}:
            continue
        try:
            mapping = ast.literal_eval(value) if isinstance(value, ast.expr) else None
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        if isinstance(mapping, dict):
            names.update(k.split(".")[0] for k in mapping if isinstance(k, str) and k)
    return {n for n in names if n.isidentifier()}


def editable_modules(site_dirs: tuple[str, ...]) -> frozenset[str]:
    """Top-level modules that editable installs put on the interpreter's path.

    hatchling, pdm, flit and setuptools (PEP 660, for simple layouts) write a .pth file that
    lists the checkout's source directory; setuptools otherwise installs a finder module
    with a literal MAPPING of top-level names to paths.
    """
    sites = {os.path.realpath(s) for s in site_dirs}
    names: set[str] = set()
    for site in site_dirs:
        try:
            with os.scandir(site) as entries:
                files = sorted(e.name for e in entries)
        except OSError:
            continue
        for name in files:
            path = os.path.join(site, name)
            if name.endswith(".pth"):
                for directory in _pth_directories(site, path):
                    if os.path.realpath(directory) not in sites:
                        names |= _directory_modules(directory)
            elif name.startswith("__editable__") and name.endswith("_finder.py"):
                names |= _finder_modules(path)
    return frozenset(n for n in names if n.isidentifier())


def installed(python: str, timeout: float = 20.0) -> Installed:
    """Distributions installed for `python`; empty (with a log message) if it cannot run."""
    key = os.path.abspath(python) if os.sep in python else python
    cached = _MEMORY.get(key)
    if cached is not None and cached[0] == _stamp(cached[1].site_dirs):
        return cached[1]
    digest = hashlib.sha256(f"{_CACHE_VERSION}:{key}".encode()).hexdigest()[:16]
    disk = cache_dir() / f"installed-{digest}.json"
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
    site_dirs = tuple(data["site"])
    modules = frozenset(m for _, tops in data["distributions"] for m in tops)
    modules |= editable_modules(site_dirs)
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

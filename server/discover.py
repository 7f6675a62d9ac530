"""Which files a `gifthorse check` run analyses.

Directories are walked without following symbolic links (so link loops cannot trap the walk),
honouring every .gitignore on the way down and skipping tool and environment directories.
Paths named explicitly are always analysed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
from gifthorse.analyzers.dependencies.manifests import manifest_kind

Spec = pathspec.GitIgnoreSpec

SOURCE_SUFFIXES = (".py", ".pyi")


def wanted(name: str) -> bool:
    """Python source, or a dependency manifest (requirements*.txt, pyproject.toml, ...)."""
    return name.endswith(SOURCE_SUFFIXES) or manifest_kind(name) is not None


#: directories nobody wants scanned: VCS metadata, caches, virtual environments, builds
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".eggs",
        "node_modules",
        ".cache",
        "site-packages",
        "build",
        "dist",
        "__pypackages__",
    }
)


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    #: (path, reason) for named paths that cannot be analysed
    errors: list[tuple[str, str]] = field(default_factory=list)


def _ignore_spec(directory: Path) -> Spec | None:
    path = directory / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return Spec.from_lines(lines)


def _ignored(specs: list[tuple[Path, Spec]], path: Path, is_dir: bool) -> bool:
    for base, spec in specs:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _parent_specs(directory: Path) -> list[tuple[Path, Spec]]:
    """.gitignore files above the walk's root, up to the enclosing repository's top."""
    specs: list[tuple[Path, Spec]] = []
    for parent in directory.parents:
        spec = _ignore_spec(parent)
        if spec is not None:
            specs.append((parent, spec))
        if (parent / ".git").exists():
            break
    return specs


def discover(paths: list[str]) -> Discovery:
    found = Discovery()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            found.errors.append((raw, "broken symbolic link"))
        elif path.is_dir():
            _walk(path, add)
        elif path.exists():
            add(raw)
        else:
            found.errors.append((raw, "no such file or directory"))
    return found


def _walk(root: Path, add: Callable[[str], None]) -> None:
    """Walk `root` depth-first; report paths under `root` as spelled by the user."""
    absolute = root.resolve()
    specs = _parent_specs(absolute)
    if _ignored(specs, absolute, True):
        specs = []  # the user named an ignored directory: scan it, as they asked
    stack: list[tuple[Path, Path, list[tuple[Path, Spec]]]] = [(absolute, root, specs)]
    while stack:
        directory, shown, specs = stack.pop()
        own = _ignore_spec(directory)
        if own is not None:
            specs = [*specs, (directory, own)]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[tuple[Path, Path]] = []
        for entry in entries:
            path = directory / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or entry.name.endswith(".egg-info"):
                    continue
                if not _ignored(specs, path, True):
                    subdirs.append((path, shown / entry.name))
            elif wanted(entry.name) and not _ignored(specs, path, False):
                add(str(shown / entry.name))
        stack.extend((d, s, specs) for d, s in reversed(subdirs))

"""Lines added since a git revision: the CI twin of the editor's freshness."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GitError(Exception):
    pass


def _git(args: list[str], cwd: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
            errors="replace",
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def added_lines(revision: str, cwd: str = ".") -> dict[str, set[int]]:
    """Real paths of changed files mapped to their added (1-based) line numbers.

    Files that git does not track yet (and does not ignore) count as wholly added.
    """
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", revision, "--"], top)
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            if name == "/dev/null":
                current = None
                continue
            name = name[2:] if name.startswith("b/") else name
            current = added.setdefault(os.path.realpath(Path(top, name)), set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start = int(match.group(1))
                count = int(match.group(2)) if match.group(2) is not None else 1
                current.update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in filter(None, untracked.split("\0")):
        path = os.path.realpath(Path(top, name))
        try:
            with open(path, "rb") as handle:
                count = handle.read().count(b"\n") + 1
        except OSError:
            continue
        added[path] = set(range(1, count + 1))
    return added

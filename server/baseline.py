"""The committed content of a file: the baseline that freshness is measured against.

Git is asked read-only questions with the repository's own hooks and file-system monitor
switched off, so opening a file from an untrusted checkout never runs code from it.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("gifthorse.server.baseline")

_TIMEOUT = 10.0
_SAFE = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]


@dataclass(frozen=True)
class Baseline:
    """What the file looked like at HEAD. `content` is None when the file has no committed
    version that counts (outside a work tree, or ignored): then the open-time text is used."""

    content: bytes | None
    reason: str


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes] | None:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(
            ["git", *_SAFE, *args],
            cwd=cwd,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("git %s failed in %s: %s", " ".join(args), cwd, exc)
        return None


@lru_cache(maxsize=256)
def work_tree(directory: str) -> str | None:
    """The top of the git work tree holding `directory`, if any."""
    if not os.path.isdir(directory):
        return None
    done = _git(["rev-parse", "--show-toplevel"], directory)
    if done is None or done.returncode != 0:
        return None
    top = done.stdout.decode("utf-8", "surrogateescape").strip()
    return top or None


def committed(path: str) -> Baseline:
    """The file's content at HEAD; an untracked (but not ignored) file counts as empty,
    so everything in it is fresh, the way `git diff` would show it."""
    directory = os.path.dirname(os.path.abspath(path))
    top = work_tree(directory)
    if top is None:
        return Baseline(None, "not in a git work tree")
    try:
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(top)).as_posix()
    except ValueError:
        return Baseline(None, "outside the work tree")
    shown = _git(["cat-file", "blob", f"HEAD:{relative}"], top)
    if shown is not None and shown.returncode == 0:
        return Baseline(shown.stdout, "HEAD")
    ignored = _git(["check-ignore", "-q", "--", relative], top)
    if ignored is not None and ignored.returncode == 0:
        return Baseline(None, "ignored by git")
    if ignored is None:
        return Baseline(None, "git unavailable")
    return Baseline(b"", "not committed yet")

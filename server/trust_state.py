"""What the workspace vouches for, kept current for the language server off the editor's path.

Learning it takes a subprocess (the interpreter lists its distributions) and some file reads
(manifests, top-level modules), so it is computed in a thread: once the editor's settings are
known, again when the `python` or `knownPackages` setting changes, when a manifest or a
top-level module changes, on save and every half minute (a `pip install` in a terminal
changes site-packages without telling anybody; the interpreter's listing is cached against a
stamp of its site directories, so asking again is cheap). A new answer that differs from the
old one is handed to the session, which analyses the open documents again. Documents wait a
few seconds for the first answer rather than being analysed without it and then flickering.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

from gifthorse.analyzers.dependencies.environment import installed
from gifthorse.analyzers.dependencies.trust import (
    Trust,
    _directory_modules,
    first_party_for,
    workspace_python,
    workspace_trust,
)

log = logging.getLogger("gifthorse.server.trust")

#: how long a document's first analysis waits for the workspace's trust
FIRST_WAIT_SECONDS = 5.0
#: how often the interpreter, the manifests and the top-level modules are looked at again
POLL_SECONDS = 30.0


def interpreter(root: str | None, python: str | None) -> str | None:
    """The `python` setting, with a path relative to the workspace made absolute (the
    server's working directory is not necessarily the workspace)."""
    if not python:
        return None
    python = os.path.expanduser(python)
    if root is not None and not os.path.isabs(python) and os.sep in python:
        return os.path.join(root, python)
    return python


def compute(root: str | None, python: str | None, known: tuple[str, ...]) -> Trust:
    """The workspace's trust from scratch, look-alike indexes included (built here rather
    than on the keystroke that first needs them)."""
    # Directory listings are cached for the life of the process; a module created since the
    # last computation must count.
    _directory_modules.cache_clear()
    first_party_for.cache_clear()
    python = interpreter(root, python)
    if root is not None:
        trust = workspace_trust(Path(root), python, known)
    else:
        found = installed(workspace_python(Path.cwd(), python))
        trust = Trust.create(
            installed_distributions=found.distributions,
            installed_modules=found.modules,
            known_packages=frozenset(known),
        )
    _ = trust.module_targets, trust.distribution_targets
    return trust


class TrustState:
    """The current Trust of the workspace, and the background work that keeps it current."""

    def __init__(self, changed: Callable[[Trust], None]) -> None:
        self.root: str | None = None
        #: None until the first computation is done (the engine then trusts only its defaults)
        self.current: Trust | None = None
        self._changed = changed
        self._settings: tuple[str | None, tuple[str, ...]] = (None, ())
        self._started = False
        self._ready = asyncio.Event()
        self._gave_up = False
        self._again = False
        self._force = False
        self._task: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None

    def configure(self, python: str | None, known: tuple[str, ...]) -> None:
        """The settings the trust depends on; a change computes it again."""
        settings = (python, tuple(known))
        if settings != self._settings:
            self._settings = settings
            self.refresh()

    def start(self, root: str | None) -> None:
        """Compute the first answer now, and look again every POLL_SECONDS."""
        if self._started:
            return
        self.root = root
        self._started = True
        self.refresh()
        self._poller = asyncio.get_running_loop().create_task(self._poll())

    def refresh(self, force: bool = False) -> None:
        """Compute again in the background; the answer is applied only if it differs, or
        with `force` (a module appeared: files next to it may import it, and whether they
        can is decided per file, beside the workspace-wide trust)."""
        self._force = self._force or force
        if not self._started:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def first(self, timeout: float = FIRST_WAIT_SECONDS) -> Trust | None:
        """The trust to analyse with, after waiting (at most `timeout`, and only once per
        session) for the first computation."""
        if not self._ready.is_set() and not self._gave_up:
            try:
                await asyncio.wait_for(self._ready.wait(), timeout)
            except TimeoutError:
                self._gave_up = True
                log.warning(
                    "the workspace's packages are not known after %.0f s: analysing without "
                    "them until they are",
                    timeout,
                )
        return self.current

    async def _run(self) -> None:
        while True:
            self._again = False
            force, self._force = self._force, False
            root, (python, known) = self.root, self._settings
            trust: Trust | None
            try:
                trust = await asyncio.to_thread(compute, root, python, known)
            except Exception:  # the editor keeps working with the engine's defaults
                log.exception("reading what the workspace vouches for failed")
                trust = None
            if (root, (python, known)) == (self.root, self._settings):
                if trust is not None and (force or trust != self.current):
                    self.current = trust
                    self._changed(trust)
                self._ready.set()
            else:
                self._force = self._force or force
            if not self._again:
                return

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            self.refresh()

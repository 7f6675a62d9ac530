"""Files changed on disk while not open: an agent's edits, caught without an editor buffer.

When the client reports a change to a Python file or a dependency manifest that is not open,
its lines that differ from the committed version are analysed and published as if they had
just been inserted; the diagnostics are cleared when the file reverts, is deleted, or is
opened (the buffer then takes over). Files outside a git work tree have no baseline and are
left alone. Changes that alter what the workspace vouches for (a manifest, a module created
or deleted) also make the session's trust look again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import PurePath
from typing import TYPE_CHECKING

from gifthorse.analyzers import Finding, Module, analyze
from gifthorse.analyzers.dependencies.manifests import manifest_kind
from gifthorse.analyzers.rules.dependencies import analyze_manifest
from gifthorse.analyzers.source import decode_source
from lsprotocol import types

from .baseline import committed
from .diagnostics import shown, to_diagnostic
from .documents import PYTHON_SUFFIXES, Document, new_document, uri_to_path
from .freshness import Block, Freshness, differing_lines
from .ranges import RangeSet
from .state import ManifestDocument

if TYPE_CHECKING:
    from .session import Session

log = logging.getLogger("gifthorse.server.disk")

#: files larger than this are not analysed when they change on disk
MAX_BYTES = 5 * 1024 * 1024


def _read(path: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The file's text and its byte ranges that differ from HEAD, or None to clear."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    try:
        text = decode_source(data)
    except ValueError:
        return None
    baseline = committed(path)
    if baseline.content is None:
        return None
    source = text.encode("utf-8", "surrogatepass")
    return text, differing_lines(baseline.content, source)


def declares(path: str) -> bool:
    """Does the file declare dependencies that the workspace's trust reads?"""
    if manifest_kind(path) is not None:
        return True
    parent = PurePath(path).parent.name
    return parent == "requirements" and path.endswith(".txt")


class DiskWatcher:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.published: set[str] = set()
        self._queue: dict[str, types.FileChangeType] = {}
        self._task: asyncio.Task[None] | None = None

    def changed(self, events: list[types.FileEvent]) -> None:
        reconfigure = False
        trust = False
        modules = False
        for event in events:
            path = uri_to_path(event.uri)
            if path is None:
                continue
            if os.path.basename(path) == "pyproject.toml":
                self.session.settings.forget_pyproject(path)
                reconfigure = True
            if declares(path):
                trust = True
            elif path.endswith(PYTHON_SUFFIXES) and event.type != types.FileChangeType.Changed:
                modules = True  # a module appeared or went: first-party names changed
            if path.endswith(PYTHON_SUFFIXES) or manifest_kind(path) is not None:
                self._queue.pop(event.uri, None)
                self._queue[event.uri] = event.type
        if reconfigure:
            self.session.reconfigure()
        if trust or modules:
            self.session.trust.refresh(force=modules)
        self._start()

    def reanalyse(self) -> None:
        """What the workspace vouches for changed: the files published from disk are
        analysed again."""
        for uri in self.published:
            self._queue.setdefault(uri, types.FileChangeType.Changed)
        self._start()

    def _start(self) -> None:
        if self._queue and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run())

    def opened(self, uri: str) -> None:
        """The buffer takes over from what the disk said."""
        self._queue.pop(uri, None)
        self.clear(uri)

    def clear(self, uri: str) -> None:
        if uri in self.published:
            self.published.discard(uri)
            self.session.client.publish(uri, None, [])

    async def _run(self) -> None:
        while self._queue:
            uri = next(iter(self._queue))
            kind = self._queue.pop(uri)
            try:
                await self._process(uri, kind)
            except Exception:  # one unreadable file must not stop the others
                log.exception("analysing %s from disk failed", uri)
            await asyncio.sleep(0)

    async def _process(self, uri: str, kind: types.FileChangeType) -> None:
        path = uri_to_path(uri)
        if uri in self.session.documents or path is None:
            return
        if kind == types.FileChangeType.Deleted:
            self.clear(uri)
            return
        read = await asyncio.to_thread(_read, path)
        if uri in self.session.documents:
            return
        if read is None or not read[1]:
            self.clear(uri)
            return
        text, ranges = read
        freshness = Freshness()
        freshness.set_baseline(ranges)
        freshness.blocks.append(Block(time.time(), RangeSet((a, b, 0.0) for a, b in ranges)))
        settings, _ = self.session.settings.for_document(path)
        trust = self.session.trust.current
        manifest = manifest_kind(path)
        document: Document
        findings: list[Finding] = []
        if manifest is not None:
            document = ManifestDocument(uri, "", 0, text, manifest)
            findings = analyze_manifest(path, document.source, settings, trust)
        else:
            document = new_document(uri, "python", 0, text)
            module = Module(
                source=document.source,
                tree=document.tree,
                path=path,
                inserted=freshness.inserted_ranges(),
            )
            module.set_lines(document.lines)
            for start, end in ranges:
                result = analyze(
                    module, (start, end), settings=settings, rules=self.session.rules, trust=trust
                )
                findings.extend(result.findings)
        unique = {(f.code, f.start, f.end): f for f in findings}
        items = shown(list(enumerate(unique.values())), freshness, "fresh")
        encoding = self.session.client.encoding
        diagnostics = [to_diagnostic(document, item, freshness, encoding) for item in items]
        self.published.add(uri)
        self.session.client.publish(uri, None, diagnostics)

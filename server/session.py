"""The open documents and everything that happens to them, independent of pygls.

A content change is applied at once (text, line index, tree edit, freshness, cached
findings), but parsing and analysis run in a per-document worker task that starts only when
the burst of notifications already received has been handled: ten keystrokes in one read
cost one parse and one analysis of the newest version. The worker analyses in slices of a
few milliseconds and yields in between, so that a 10 MB paste does not stop the server from
answering; the part nearest the edit goes first and is published as soon as it is done.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol

from gifthorse.analyzers import Encoding, RuleSet, Settings
from lsprotocol import types

from .baseline import committed
from .diagnostics import Shown, to_diagnostic
from .disk import DiskWatcher
from .documents import Document, is_python, new_document
from .freshness import differing_lines
from .incremental import editor_rules
from .state import DocumentState
from .workspace_settings import WorkspaceSettings

log = logging.getLogger("gifthorse.server")

#: how long the worker analyses before letting other messages in
SLICE_SECONDS = 0.015
#: while a large region is analysed, publish what is known this often
PARTIAL_SECONDS = 0.5
#: settings that change what the engine reports, as opposed to what is shown
ANALYSIS_KEYS = ("select", "ignore", "severity", "allowedHosts", "knownPackages", "python")


class Client(Protocol):
    """What the session needs from the LSP side."""

    encoding: Encoding
    pull: bool

    def publish(
        self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]
    ) -> None: ...

    def log(self, message: str, level: int = logging.INFO) -> None: ...

    def show(self, message: str) -> None: ...

    def refresh(self) -> None: ...


class OpenDocument(DocumentState):
    """A document's state plus its worker task and what was last published."""

    def __init__(self, document: Document, settings: Settings, rules: RuleSet) -> None:
        super().__init__(document, settings, rules)
        self.worker: asyncio.Task[None] | None = None
        self.settled = asyncio.Event()
        self.closed = False
        self.last_publish = 0.0
        self.result_key: tuple[Any, ...] | None = None
        self.result_id = 0


class Session:
    def __init__(self, client: Client, root: str | None = None) -> None:
        self.client = client
        self.documents: dict[str, OpenDocument] = {}
        self.ignored: set[str] = set()
        self.settings = WorkspaceSettings(root)
        self.rules = editor_rules()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._shown_problems: set[str] = set()
        self._results = 0
        self.disk = DiskWatcher(self)

    # -- document lifecycle --------------------------------------------------------------

    def open(self, uri: str, language_id: str, version: int, text: str) -> None:
        if not is_python(uri, language_id):
            self.ignored.add(uri)
            return
        self.ignored.discard(uri)
        self.disk.opened(uri)
        old = self.documents.pop(uri, None)
        if old is not None:
            old.closed = True
        document = new_document(uri, language_id, version, text)
        item = OpenDocument(document, self._settings_for(document.path), self.rules)
        self.documents[uri] = item
        if item.settings.baseline == "git" and document.path is not None:
            self._start_baseline(item)
        self._schedule(item)

    def change(
        self,
        uri: str,
        version: int,
        changes: Sequence[types.TextDocumentContentChangeEvent],
    ) -> None:
        item = self.documents.get(uri)
        if item is None:
            if uri not in self.ignored:
                self.client.log(f"ignored a change to {uri}, which is not open", logging.WARNING)
            return
        item.apply(changes, self.client.encoding)
        item.document.version = version
        self._schedule(item)

    def close(self, uri: str) -> None:
        self.ignored.discard(uri)
        item = self.documents.pop(uri, None)
        if item is None:
            return
        item.closed = True
        if item.worker is not None:
            item.worker.cancel()
        item.settled.set()
        if not self.client.pull:
            self.client.publish(uri, None, [])

    def save(self, uri: str) -> None:
        item = self.documents.get(uri)
        if item is not None and item.settings.reviewOnSave:
            item.freshness.review_all()
            self._republish(item)

    def review(self, uri: str, byte_range: tuple[int, int] | None) -> bool:
        item = self.documents.get(uri)
        if item is None:
            return False
        if byte_range is None:
            item.freshness.review_all()
        else:
            item.freshness.review(*byte_range)
        self._republish(item)
        return True

    # -- settings ------------------------------------------------------------------------

    def configure(self, section: Any) -> None:
        """New editor settings: report bad keys, re-analyse what they change."""
        for problem in self.settings.set_client(section):
            self._show_once(problem)
        self.reconfigure()

    def reconfigure(self) -> None:
        for item in list(self.documents.values()):
            before = item.settings
            after = self._settings_for(item.document.path)
            item.settings = after
            if any(getattr(before, k) != getattr(after, k) for k in ANALYSIS_KEYS):
                item.analysis.reset(len(item.document.source))
            if before.baseline != after.baseline:
                if after.baseline == "open":
                    item.freshness.set_baseline([])
                elif item.document.path is not None:
                    self._start_baseline(item)
            self._schedule(item)

    def _settings_for(self, path: str | None) -> Settings:
        settings, problems = self.settings.for_document(path)
        for problem in problems:
            self._show_once(problem)
        return settings

    def _show_once(self, problem: str) -> None:
        if problem not in self._shown_problems:
            self._shown_problems.add(problem)
            self.client.show(problem)

    # -- the baseline ----------------------------------------------------------------------

    def _start_baseline(self, item: OpenDocument) -> None:
        path = item.document.path
        if path is None:
            return
        item.baseline_edits = []
        source = item.document.source
        task = asyncio.get_running_loop().create_task(self._baseline(item, path, source))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _baseline(self, item: OpenDocument, path: str, source: bytes) -> None:
        try:
            ranges = await asyncio.to_thread(_baseline_ranges, path, source)
        except Exception:  # a baseline problem must not lose the document
            log.exception("reading the git baseline of %s failed", path)
            ranges = None
        edits = item.baseline_edits or []
        item.baseline_edits = None
        if item.closed or ranges is None:
            return
        item.set_baseline(ranges, edits)
        self._republish(item)

    # -- analysis ------------------------------------------------------------------------

    def _schedule(self, item: OpenDocument) -> None:
        item.settled.clear()
        if item.worker is None or item.worker.done():
            item.worker = asyncio.get_running_loop().create_task(self._work(item))

    async def _work(self, item: OpenDocument) -> None:
        started = time.monotonic()
        published = False
        try:
            while not item.closed:
                if item.document.needs_parse:
                    published = False  # a newer version arrived: publish it once it is done
                before = time.perf_counter()
                item.sync()
                if time.perf_counter() - before > SLICE_SECONDS:
                    await asyncio.sleep(0)  # a long parse: let other documents have a turn
                    continue
                more = item.analyse_some(SLICE_SECONDS)
                self._report_errors(item)
                if not more:
                    break
                if not published and not item.analysis.todo(item.needed(), dependents=False):
                    # The edit itself is done: publish it, then go on with what it changed
                    # elsewhere (readers of its globals, everything after an import change).
                    published = True
                    item.last_publish = time.monotonic()
                    self._publish(item)
                if item.analysis.reset_pending and not item.analysis.todo(item.needed()):
                    item.restart()
                # A long analysis (a huge paste) shows what it has so far, now and then;
                # ordinary edits finish first and publish once.
                now = time.monotonic()
                if now - max(started, item.last_publish) > PARTIAL_SECONDS:
                    item.last_publish = now
                    self._publish(item)
                await asyncio.sleep(0)
            if not item.closed:
                item.analysis.settle()
                self._publish(item)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let one document's failure stop the server
            log.exception("analysis of %s failed", item.document.uri)
            self.client.log(f"analysis of {item.document.uri} failed: {exc!r}", logging.ERROR)
        finally:
            item.settled.set()

    def _report_errors(self, item: OpenDocument) -> None:
        errors = item.analysis.errors
        for error in errors:
            self.client.log(f"{item.document.uri}: rule failed: {error}", logging.ERROR)
        errors.clear()

    def shown(self, item: OpenDocument) -> list[Shown]:
        return item.shown()

    def diagnostics(self, item: OpenDocument) -> list[types.Diagnostic]:
        encoding = self.client.encoding
        return [
            to_diagnostic(item.document, entry, item.freshness, encoding)
            for entry in self.shown(item)
        ]

    def _publish(self, item: OpenDocument) -> None:
        if self.client.pull:
            return
        self.client.publish(item.document.uri, item.document.version, self.diagnostics(item))

    def _republish(self, item: OpenDocument) -> None:
        """What is shown changed without an edit (review, baseline): tell the client."""
        self._schedule(item)
        if self.client.pull:
            self.client.refresh()

    async def settled(self, item: OpenDocument, timeout: float | None = None) -> bool:
        """Wait until the newest version is analysed; False if the wait timed out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not item.settled.is_set() or item.document.needs_parse:
            if item.closed:
                return False
            if not item.settled.is_set():
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                try:
                    await asyncio.wait_for(item.settled.wait(), remaining)
                except TimeoutError:
                    return False
            else:
                self._schedule(item)
        return True

    def report(self, item: OpenDocument) -> tuple[str, list[types.Diagnostic]]:
        """The diagnostics for a pull request, with a result id that changes with them."""
        diagnostics = self.diagnostics(item)
        key = (
            *(
                (
                    d.code,
                    d.range.start.line,
                    d.range.start.character,
                    d.range.end.line,
                    d.range.end.character,
                    d.message,
                    d.severity,
                )
                for d in diagnostics
            ),
            item.document.version,
        )
        if key != item.result_key:
            self._results += 1
            item.result_key = key
            item.result_id = self._results
        return str(item.result_id), diagnostics


def _baseline_ranges(path: str, source: bytes) -> list[tuple[int, int]] | None:
    """Lines of `source` that differ from the committed file, or None without a baseline."""
    baseline = committed(path)
    log.debug("baseline of %s: %s", path, baseline.reason)
    if baseline.content is None:
        return None
    return differing_lines(baseline.content, source)

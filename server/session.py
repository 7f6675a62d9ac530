"""The open documents and everything that happens to them, independent of pygls.

A content change is applied at once (text, line index, tree edit, freshness, cached
findings), but parsing and analysis run in a per-document worker task that starts only when
the burst of notifications already received has been handled: ten keystrokes in one read
cost one parse and one analysis of the newest version. The worker analyses in slices of a
few milliseconds and yields in between, so that a 10 MB paste does not stop the server from
answering; the part nearest the edit goes first and is published as soon as it is done.
Before that, each edit is published from a preview: the edited statements parsed alone
and analysed with the rest of the module standing in (`DocumentState.preview`); the
whole module is parsed again only once the edits pause for `QUIET_SECONDS`, or at once when
a request needs the newest version analysed whole (`settled`). A tree that an incremental
parse built from broken code is checked afterwards against a parse from scratch, in a
thread (`_check_tree`).

Python documents and dependency manifests (requirements*.txt, pyproject.toml, setup.cfg) are
both open documents here; only their state differs (state.py). Both are analysed with what
the workspace vouches for (trust_state.py), and with `indexUrl` set, the package index is
asked about their fresh dependency findings in the background (online.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from gifthorse.analyzers import Encoding, RuleSet, Settings
from gifthorse.analyzers.dependencies.manifests import manifest_kind
from gifthorse.analyzers.dependencies.trust import Trust
from gifthorse.analyzers.engine import suppressed
from gifthorse.analyzers.source import new_parser
from lsprotocol import types

from .baseline import committed
from .diagnostics import Shown, to_diagnostic
from .disk import DiskWatcher
from .documents import Document, is_python, new_document, uri_to_path
from .freshness import differing_lines
from .incremental import editor_rules
from .online import BackgroundIndex, index_finding, package_name
from .state import DocumentState, ManifestDocument, ManifestState
from .trust_state import TrustState
from .workspace_settings import WorkspaceSettings

log = logging.getLogger("gifthorse.server")

#: how long the worker analyses before letting other messages in
SLICE_SECONDS = 0.015
#: while a large region is analysed, publish what is known this often
PARTIAL_SECONDS = 0.5
#: after a previewed edit, the whole module is parsed again once no edit came for this long
#: (or at once, when a request needs it): while someone types, each keystroke costs the
#: preview alone
QUIET_SECONDS = 0.05
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


class Tracked:
    """What the session keeps beside a document's state: its worker task and what was
    last published."""

    def _track(self) -> None:
        self.worker: asyncio.Task[None] | None = None
        self.settled = asyncio.Event()
        #: set by each edit and by requests that need the newest version analysed whole
        self.wake = asyncio.Event()
        self.urgent = False
        #: the module-wide facts were computed after opening (see DocumentState.warm)
        self.warmed = False
        self.closed = False
        self.last_publish = 0.0
        self.result_key: tuple[Any, ...] | None = None
        self.result_id = 0
        #: the text being parsed from scratch in a thread (see Session._check_tree)
        self.checking: bytes | None = None


class OpenDocument(DocumentState, Tracked):
    """An open Python document."""

    def __init__(self, document: Document, settings: Settings, rules: RuleSet) -> None:
        super().__init__(document, settings, rules)
        self._track()


class OpenManifest(ManifestState, Tracked):
    """An open dependency manifest."""

    def __init__(self, document: ManifestDocument, settings: Settings) -> None:
        super().__init__(document, settings)
        self._track()


Open = OpenDocument | OpenManifest


def manifest_of(uri: str) -> str | None:
    """The kind of dependency manifest a document is, by its name, or None."""
    path = uri_to_path(uri) or unquote(urlparse(uri).path)
    return manifest_kind(path) if path else None


class Session:
    def __init__(self, client: Client, root: str | None = None) -> None:
        self.client = client
        self.documents: dict[str, Open] = {}
        self.ignored: set[str] = set()
        self.settings = WorkspaceSettings(root)
        self.rules = editor_rules()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._shown_problems: set[str] = set()
        self._results = 0
        self.disk = DiskWatcher(self)
        self.trust = TrustState(self._trust_changed)
        self.index = BackgroundIndex(self._index_answered)

    # -- document lifecycle --------------------------------------------------------------

    def open(self, uri: str, language_id: str, version: int, text: str) -> None:
        kind = manifest_of(uri)
        if kind is None and not is_python(uri, language_id):
            self.ignored.add(uri)
            return
        self.ignored.discard(uri)
        self.disk.opened(uri)
        old = self.documents.pop(uri, None)
        if old is not None:
            old.closed = True
        settings = self._settings_for(uri_to_path(uri))
        item: Open
        if kind is not None:
            item = OpenManifest(ManifestDocument(uri, language_id, version, text, kind), settings)
        else:
            item = OpenDocument(new_document(uri, language_id, version, text), settings, self.rules)
        item.trust = self.trust.current
        self.documents[uri] = item
        if item.settings.baseline == "git" and item.document.path is not None:
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
        # A saved manifest declares other packages; a save is also a good moment to see
        # whether site-packages changed (the check is a few stat calls when it did not).
        self.trust.refresh()
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
        self._configure_trust()
        for item in list(self.documents.values()):
            before = item.settings
            after = self._settings_for(item.document.path)
            item.settings = after
            if any(getattr(before, k) != getattr(after, k) for k in ANALYSIS_KEYS):
                item.restart()
            if before.baseline != after.baseline:
                if after.baseline == "open":
                    item.freshness.set_baseline([])
                elif item.document.path is not None:
                    self._start_baseline(item)
            self._schedule(item)

    # -- what the workspace vouches for ------------------------------------------------------

    def start_trust(self) -> None:
        """The editor's settings are known: learn what the workspace vouches for."""
        self._configure_trust()
        self.trust.start(self.settings.root)

    def _configure_trust(self) -> None:
        # One trust for the workspace: its interpreter and knownPackages are the root's.
        settings = self._settings_for(None)
        self.trust.configure(settings.python, settings.knownPackages)

    def _trust_changed(self, trust: Trust) -> None:
        """The workspace vouches for other packages now: analyse everything again."""
        items = list(self.documents.values())
        for item in items:
            item.trust = trust
            item.restart()
            self._schedule(item)
        self.disk.reanalyse()
        if items and self.client.pull:
            self.client.refresh()

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

    def _start_baseline(self, item: Open) -> None:
        path = item.document.path
        if path is None:
            return
        item.baseline_edits = []
        source = item.document.source
        task = asyncio.get_running_loop().create_task(self._baseline(item, path, source))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _baseline(self, item: Open, path: str, source: bytes) -> None:
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

    def _schedule(self, item: Open) -> None:
        item.settled.clear()
        item.wake.set()
        if item.worker is None or item.worker.done():
            item.worker = asyncio.get_running_loop().create_task(self._work(item))

    async def _work(self, item: Open) -> None:
        published = False
        try:
            if item.trust is None:
                # Analysed without it, every installed package would be flagged and then
                # taken back: the first analysis waits (a bounded while) for the trust.
                item.trust = await self.trust.first()
            started = time.monotonic()
            while not item.closed:
                if item.document.needs_parse:
                    published = False  # a newer version arrived: publish it once it is done
                    if not item.urgent and self._preview(item):
                        # the edited statements, analysed before the whole module is parsed
                        # again: show them now; the full analysis follows when the edits
                        # pause, and publishes again
                        item.last_publish = time.monotonic()
                        self._publish(item)
                        if await self._edited_again(item):
                            continue
                item.urgent = False
                before = time.perf_counter()
                item.sync()
                if time.perf_counter() - before > SLICE_SECONDS:
                    await asyncio.sleep(0)  # a long parse: let other documents have a turn
                    continue
                more = item.analyse_some(SLICE_SECONDS, edit_first=not published)
                self._report_errors(item)
                if not more:
                    break
                if not published and item.edit_done():
                    # The edit itself is done: publish it, then go on with what it changed
                    # elsewhere (readers of its globals, everything after an import change).
                    published = True
                    item.last_publish = time.monotonic()
                    self._publish(item)
                if item.restart_due():
                    item.restart()
                # A long analysis (a huge paste) shows what it has so far, now and then;
                # ordinary edits finish first and publish once.
                now = time.monotonic()
                if now - max(started, item.last_publish) > PARTIAL_SECONDS:
                    item.last_publish = now
                    self._publish(item)
                await asyncio.sleep(0)
            if not item.closed:
                item.settle()
                self._publish(item)
                self._check_index(item)
                if not item.warmed:
                    item.warmed = True
                    item.warm()
                else:
                    item.prepare_previews()
                self._check_tree(item)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let one document's failure stop the server
            log.exception("analysis of %s failed", item.document.uri)
            self.client.log(f"analysis of {item.document.uri} failed: {exc!r}", logging.ERROR)
        finally:
            item.settled.set()

    async def _edited_again(self, item: Open) -> bool:
        """Wait until the next edit (True) or until the edits pause or a request needs the
        whole analysis (False)."""
        item.wake.clear()
        try:
            await asyncio.wait_for(item.wake.wait(), QUIET_SECONDS)
        except TimeoutError:
            return False
        return not item.urgent and not item.closed

    def _check_tree(self, item: Open) -> None:
        """Parse the text from scratch in a thread (tree-sitter lets go of the GIL: ~175 ms
        at 20,000 lines, while keystrokes go on being answered) when the incremental tree may
        differ from it, and analyse again what the scratch tree changes."""
        source = item.tree_to_check()
        if source is None or item.checking is source:
            return
        item.checking = source
        task = asyncio.get_running_loop().create_task(self._check(item, source))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _check(self, item: Open, source: bytes) -> None:
        try:
            scratch = await asyncio.to_thread(new_parser().parse, source)
        except Exception:  # the incremental tree stays: better than none
            log.exception("parsing %s from scratch failed", item.document.uri)
            return
        finally:
            item.checking = None
        if not item.closed and item.check_tree(source, scratch):
            self._schedule(item)

    def _preview(self, item: Open) -> bool:
        try:
            return item.preview()
        except Exception:  # the full analysis follows anyway
            log.exception("preview of %s failed", item.document.uri)
            return False

    def _report_errors(self, item: Open) -> None:
        for error in item.drain_errors():
            self.client.log(f"{item.document.uri}: rule failed: {error}", logging.ERROR)

    def shown(self, item: Open) -> list[Shown]:
        """What the user sees: the document's findings and, beside its fresh dependency
        findings, what the package index said about them (with `indexUrl` set)."""
        entries = item.shown()
        url = item.settings.indexUrl
        if not url:
            return entries
        out: list[Shown] = []
        for entry in entries:
            out.append(entry)
            extra = self._index_entry(item, entry, url) if entry.fresh else None
            if extra is not None:
                out.append(extra)
        return out

    def _index_entry(self, item: Open, entry: Shown, url: str) -> Shown | None:
        name = package_name(entry.finding.code, entry.finding.args)
        answer = None if name is None else self.index.answer(url, name)
        if answer is None:
            return None
        finding = index_finding(entry.finding, answer, url.rstrip("/"), item.settings)
        if finding is None or suppressed(item.document.lines, finding):
            return None
        if not entry.finding.rule.suppressible:  # where a comment would break the file
            finding = replace(finding, rule=replace(finding.rule, suppressible=False))
        # The offline finding's id, negated: unique in the document, stable across versions.
        return Shown(-entry.ident, finding, True)

    def _check_index(self, item: Open) -> None:
        """Ask the package index about the names of fresh dependency findings, in the
        background; `_index_answered` re-publishes when an answer is worth showing."""
        url = item.settings.indexUrl
        if not url:
            return
        names = set()
        for entry in item.shown():
            name = package_name(entry.finding.code, entry.finding.args) if entry.fresh else None
            if name is not None:
                names.add(name)
        self.index.ask(url, names)

    def _index_answered(self, url: str) -> None:
        items = [item for item in self.documents.values() if item.settings.indexUrl == url]
        for item in items:
            self._schedule(item)
        if items and self.client.pull:
            self.client.refresh()

    def diagnostics(self, item: Open) -> list[types.Diagnostic]:
        encoding = self.client.encoding
        return [
            to_diagnostic(item.document, entry, item.freshness, encoding)
            for entry in self.shown(item)
        ]

    def _publish(self, item: Open) -> None:
        if self.client.pull:
            return
        self.client.publish(item.document.uri, item.document.version, self.diagnostics(item))

    def _republish(self, item: Open) -> None:
        """What is shown changed without an edit (review, baseline): tell the client."""
        self._schedule(item)
        if self.client.pull:
            self.client.refresh()

    async def settled(self, item: Open, timeout: float | None = None) -> bool:
        """Wait until the newest version is analysed; False if the wait timed out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not item.settled.is_set() or item.document.needs_parse:
            if item.closed:
                return False
            item.urgent = True  # no waiting for the edits to pause
            if not item.settled.is_set():
                item.wake.set()
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

    def report(self, item: Open) -> tuple[str, list[types.Diagnostic]]:
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

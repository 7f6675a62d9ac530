"""Everything known about one open document, and the synchronous steps that keep it current.

The session schedules these steps; tests drive them directly. A content change updates the
text, the line index, the tree edit, freshness and the cached findings at once; `sync`
re-parses and marks what changed as stale; `analyse_some` works through the stale code that
somebody needs, nearest the last edit first.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from gifthorse.analyzers import Encoding, Module, RuleSet, Settings
from lsprotocol import types

from .diagnostics import Shown, shown
from .documents import Document
from .freshness import Freshness
from .incremental import IncrementalAnalysis
from .ranges import ByteEdit, RangeSet

#: the most bytes handed to the engine in one call when working through a large region
CHUNK_BYTES = 48 * 1024


class DocumentState:
    def __init__(self, document: Document, settings: Settings, rules: RuleSet) -> None:
        self.document = document
        self.settings = settings
        self.freshness = Freshness()
        self.analysis = IncrementalAnalysis(len(document.source), rules)
        #: texts our own code actions offered: applying them is not an inserted block
        self.hand_made: set[str] = set()
        #: where the user last edited: analysis starts there
        self.last_edit = 0
        #: edits since open, while the git baseline is being read
        self.baseline_edits: list[ByteEdit] | None = None

    def apply(
        self,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        encoding: Encoding,
        now: float | None = None,
    ) -> None:
        now = time.time() if now is None else now
        settings = self.settings
        for content in changes:
            change = self.document.apply(content, encoding)
            hand_made = bool(change.text) and change.text in self.hand_made
            self.freshness.edit(
                change, now, settings.insertionMinLines, settings.insertionMinChars, hand_made
            )
            self.analysis.shift(change.edit)
            if self.baseline_edits is not None:
                self.baseline_edits.append(change.edit)
            self.last_edit = change.edit.new_end

    def set_baseline(self, ranges: list[tuple[int, int]], edits: list[ByteEdit]) -> None:
        """Lines that differ from the baseline, as of the text the baseline was read for,
        carried through the edits made since."""
        fresh = RangeSet((a, b, 0.0) for a, b in ranges)
        for edit in edits:
            fresh.apply(edit)
        self.freshness.set_baseline(list(fresh))

    def sync(self) -> None:
        """Parse the newest text if edits are pending, and invalidate what they touched."""
        document = self.document
        if document.needs_parse:
            reparse = document.parse()
            self.analysis.invalidate(self.module(), reparse)

    def module(self) -> Module:
        document = self.document
        module = Module(
            source=document.source,
            tree=document.tree,
            path=document.path or document.uri,
            inserted=self.freshness.inserted_ranges(),
        )
        module.set_lines(document.lines)
        return module

    def needed(self) -> RangeSet | None:
        """What must be analysed: the fresh code, or everything with `scope = "all"`."""
        return None if self.settings.scope == "all" else self.freshness.fresh_ranges()

    def analyse_some(self, seconds: float | None = None, needed: RangeSet | None = None) -> bool:
        """Analyse needed stale code, nearest the last edit first, for about `seconds`
        (None: until done). Returns whether work remains; with a time limit, a pending
        re-analysis after an import change is left for the caller to start (`restart`),
        so that it can publish the edit's own findings first."""
        if needed is None:
            needed = self.needed()
        deadline = None if seconds is None else time.perf_counter() + seconds
        module: Module | None = None
        analysis = self.analysis
        while True:
            todo = analysis.todo(needed)
            if not todo:
                if not analysis.reset_pending:
                    return False
                if deadline is not None:
                    return True
                self.restart(needed)
                continue
            if module is not None and deadline is not None and time.perf_counter() > deadline:
                return True
            if module is None:
                module = self.module()
            start, end = next_chunk(todo, self.last_edit)
            analysis.analyse(module, start, end, self.settings)

    def restart(self, needed: RangeSet | None = None) -> None:
        """Re-analyse everything needed (the imports changed), keeping the findings shown
        until each piece is done."""
        if needed is None:
            needed = self.needed()
        length = len(self.document.source)
        if needed is None:
            self.analysis.reset(length, RangeSet([(0, length, 0.0)]))
            return
        # What is shown now stays, and is analysed again: fresh code, and findings that are
        # shown because their data comes from fresh code.
        keep = needed.copy()
        shown = [(item.finding.start, item.finding.end) for item in self.shown()]
        for start, end in shown:
            keep.add(start, end)
        self.analysis.reset(length, keep)
        for start, end in shown:
            self.analysis.dependents.add(start, end)

    def analyse_all(self) -> None:
        """Everything, whatever the scope (for tests and `scope = "all"`)."""
        self.sync()
        self.analyse_some(None, RangeSet([(0, len(self.document.source), 0.0)]))

    def shown(self) -> list[Shown]:
        return shown(self.analysis.findings(), self.freshness, self.settings.scope)


def next_chunk(todo: list[tuple[int, int]], near: int) -> tuple[int, int]:
    """The piece of stale, needed code to analyse next: nearest the last edit."""

    def distance(span: tuple[int, int]) -> int:
        a, b = span
        return 0 if a <= near <= b else min(abs(a - near), abs(b - near))

    start, end = min(todo, key=distance)
    if end - start <= CHUNK_BYTES:
        return start, end
    if start <= near <= end:
        low = max(start, near - CHUNK_BYTES // 2)
        return low, min(end, low + CHUNK_BYTES)
    if start > near:
        return start, start + CHUNK_BYTES
    return end - CHUNK_BYTES, end

"""Everything known about one open document, and the synchronous steps that keep it current.

The session schedules these steps; tests drive them directly. A content change updates the
text, the line index, freshness and the cached findings at once; `sync` catches up with the
newest text and marks what changed as stale; `analyse_some` works through the stale code that
somebody needs. Python documents (`DocumentState`) keep a tree and re-analyse only what an
edit touched, nearest the last edit first. Dependency manifests (`ManifestState`) are small
and analysed whole on each version, and never as Python; freshness, scope, hover and code
actions work for them as for Python.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace

import tree_sitter
from gifthorse.analyzers import Encoding, Finding, Module, RuleSet, Settings, analyze
from gifthorse.analyzers.context import Context
from gifthorse.analyzers.dependencies.trust import Trust, first_party_for
from gifthorse.analyzers.rules.dependencies import analyze_manifest
from gifthorse.analyzers.source import first_ending_after, new_parser
from gifthorse.analyzers.statements import prepare_hosted, warm
from lsprotocol import types

from .diagnostics import Shown, shown
from .documents import Document
from .freshness import Freshness
from .incremental import IncrementalAnalysis
from .lines import Lines
from .ranges import ByteEdit, RangeSet

#: the most bytes handed to the engine in one call when working through a large region
CHUNK_BYTES = 48 * 1024
#: edits larger than this (a huge paste) are not previewed: the full parse comes first
PREVIEW_MAX_EDIT = 64 * 1024
#: nor are edits inside top-level statements larger than this
PREVIEW_MAX_REGION = 512 * 1024


class BaseState(ABC):
    """Text, settings, trust and freshness of an open document; subclasses analyse it."""

    def __init__(self, document: Document, settings: Settings) -> None:
        self.document = document
        self.settings = settings
        #: what the workspace vouches for; None until known (the engine's defaults apply)
        self.trust: Trust | None = None
        self.freshness = Freshness()
        #: texts our own code actions offered: applying them is not an inserted block
        self.hand_made: set[str] = set()
        #: where the user last edited: analysis starts there
        self.last_edit = 0
        #: edits since open, while the git baseline is being read
        self.baseline_edits: list[ByteEdit] | None = None
        #: whether the change being followed added or removed lines
        self.lines_moved = False

    def apply(
        self,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        encoding: Encoding,
        now: float | None = None,
    ) -> None:
        now = time.time() if now is None else now
        settings = self.settings
        for content in changes:
            lines = self.document.lines.line_count
            change = self.document.apply(content, encoding)
            self.lines_moved = self.document.lines.line_count != lines
            hand_made = bool(change.text) and change.text in self.hand_made
            self.freshness.edit(
                change, now, settings.insertionMinLines, settings.insertionMinChars, hand_made
            )
            self._follow(change.edit)
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

    def needed(self) -> RangeSet | None:
        """What must be analysed: the fresh code, or everything with `scope = "all"`."""
        return None if self.settings.scope == "all" else self.freshness.fresh_ranges()

    # -- the analysis, as the session drives it -------------------------------------------

    @abstractmethod
    def _follow(self, edit: ByteEdit) -> None:
        """Keep the cached findings in step with an edit of the text."""

    @abstractmethod
    def sync(self) -> None:
        """Catch up with the newest text: make what the pending edits touched stale."""

    @abstractmethod
    def analyse_some(
        self, seconds: float | None = None, needed: RangeSet | None = None, edit_first: bool = False
    ) -> bool:
        """Analyse for about `seconds` (None: until done); returns whether work remains.
        With `edit_first`, stop as soon as the code the last edits touched is done, so that
        it can be published before what it changed elsewhere is analysed."""

    def preview(self) -> bool:
        """Show findings for the newest edit before `sync` (see DocumentState); whether
        there are any."""
        return False

    @abstractmethod
    def warm(self) -> None:
        """Once after opening: prepare what the first edit's analysis will need."""

    @abstractmethod
    def prepare_previews(self) -> None:
        """After each whole analysis, while the editor is idle: prepare what the previews
        of the next edits share (see DocumentState)."""

    @abstractmethod
    def tree_to_check(self) -> bytes | None:
        """The text to parse again from scratch, away from the event loop, when the tree
        came from an incremental parse of broken code (see `Document.suspect`)."""

    @abstractmethod
    def check_tree(self, source: bytes, scratch: tree_sitter.Tree) -> bool:
        """Take the tree parsed from scratch from `source` if it differs from the document's
        (and no edit came since); whether something must be analysed again."""

    @abstractmethod
    def edit_done(self) -> bool:
        """Is the code the last edits touched analysed, so that it can be published?"""

    @abstractmethod
    def restart_due(self) -> bool:
        """Must everything needed be analysed again now (the edit changed the imports)?"""

    @abstractmethod
    def restart(self, needed: RangeSet | None = None) -> None:
        """Analyse everything needed again (imports, settings or the workspace's trust
        changed), keeping what is shown until it is redone."""

    @abstractmethod
    def settle(self) -> None:
        """A round of analysis is over."""

    @abstractmethod
    def drain_errors(self) -> list[str]:
        """Rule failures since the last call."""

    @abstractmethod
    def shown(self) -> list[Shown]:
        """The findings the user sees, given freshness and scope."""


class DocumentState(BaseState):
    """A Python document: its tree, and findings re-analysed only where edits touched."""

    def __init__(self, document: Document, settings: Settings, rules: RuleSet) -> None:
        super().__init__(document, settings)
        self.analysis = IncrementalAnalysis(len(document.source), rules)
        # the import table from the start: previews need the module's imports
        self.analysis.prepare(self.module())

    def _follow(self, edit: ByteEdit) -> None:
        self.analysis.shift(edit, self.lines_moved)

    def sync(self) -> None:
        """Parse the newest text if edits are pending, and invalidate what they touched."""
        document = self.document
        if document.needs_parse:
            reparse = document.parse()
            self.analysis.invalidate(self.module(), reparse)

    def preview(self) -> bool:
        """Analyse the code edited since the last preview before the whole module is
        parsed again, and show it; returns whether there is a preview.

        Re-parsing a module costs tree-sitter-python ~15 ms at 20,000 lines even for one
        keystroke in a function body (and as long as a first parse, ~150 ms, after an
        insertion between top-level statements), while the edited statements (top-level
        ones, or members of a class with its header lines: `preview_region`) parse alone,
        with their real positions, in a fraction of a millisecond (`Document.parse_part`).
        They are analysed with the rest of the module standing in from the edited old tree
        (`Module.host`), so the findings are those of the full analysis, which follows once
        the edits pause (the session's worker) and replaces them, ids kept."""
        document = self.document
        recent = document.take_recent()
        edited = document.edited
        if edited is None or not recent or recent.total() > PREVIEW_MAX_EDIT:
            return False
        lines = document.lines
        # every statement edited since the parse: the edited tree's copies of them are stale
        region = preview_region(edited.root_node, self._stale_nodes(recent), lines)
        if region.total() > PREVIEW_MAX_REGION:
            return False
        tree = document.parse_part(list(region))
        if tree is None:
            return False
        module = Module(
            document.source,
            tree,
            document.path or document.uri,
            inserted=self.freshness.inserted_ranges(),
            host=edited,
            host_keys=document.statement_keys(),
        )
        module.set_lines(lines)
        table = self.analysis.table
        if table is not None:  # the module's imports as last parsed, and the edited ones
            module.set_imports(table.extended(module, list(region)))
        covered = RangeSet()
        findings: list[Finding] = []
        for start, end in recent:
            # units that start right after an insertion are not part of it
            last = max(start, end - 1)
            result = analyze(
                module,
                (start, last),
                settings=self.settings,
                rules=self.analysis.rules,
                trust=self.trust,
            )
            findings.extend(result.findings)
            self.analysis.errors.extend(result.errors)
            for a, b in result.covered:
                covered.add(a, b)
            covered.add(start, last)
        self.analysis.add_preview(covered, findings)
        return True

    def _stale_nodes(self, recent: RangeSet) -> RangeSet:
        """What the edited old tree no longer describes: the newest edits, and earlier ones
        since the parse, unless the statement they were in has its parsed text again (an
        edit undone, a line typed and deleted)."""
        document = self.document
        edited = document.edited
        assert edited is not None
        root = edited.root_node
        stale = recent.copy()
        for start, end in document.touched:
            if recent.intersects(start, end):
                continue
            statement = _innermost_member(root, start, end)
            if statement is None or not document.unchanged(
                statement.start_byte, statement.end_byte
            ):
                stale.add(start, end)
        return stale

    def warm(self) -> None:
        """Compute the module-wide facts the rules share, once after opening, so that the
        first edit of a large module does not pay a pass over all its statements."""
        if self.document.needs_parse:
            return  # an edit came first: the facts follow with its analysis
        module = self.module()
        self.analysis.prepare(module)
        self.analysis.rules.prepare(self.settings)
        # the names the file's own project provides: a directory listing and a walk up to
        # the project root (~1 ms), else paid by the first import typed or pasted
        first_party_for(self.document.path or "")
        ctx = Context(module, self.settings, self.trust)
        try:
            warm(ctx)
        except Exception as exc:  # a broken rule must not stop the document's analysis
            self.analysis.errors.append(f"computing module facts failed: {exc!r}")
        finally:
            ctx.close()
        self.prepare_previews()

    def prepare_previews(self) -> None:
        """The first keystroke after a parse would otherwise pay, at 20,000 lines, ~3 ms to
        key every statement's text and ~1 ms per module fact to look up what each statement
        contributes; both are done here, after the parse's analysis is published."""
        if not self.document.needs_parse:
            prepare_hosted(self.document.statement_keys())

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

    def analyse_some(
        self, seconds: float | None = None, needed: RangeSet | None = None, edit_first: bool = False
    ) -> bool:
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
            if edit_first and not analysis.todo(needed, dependents=False):
                return True
            if module is None:
                module = self.module()
            start, end = next_chunk(todo, self.last_edit)
            analysis.analyse(module, start, end, self.settings, self.trust)

    def edit_done(self) -> bool:
        return not self.analysis.todo(self.needed(), dependents=False)

    def restart_due(self) -> bool:
        return self.analysis.reset_pending and not self.analysis.todo(self.needed())

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

    def settle(self) -> None:
        self.analysis.settle()

    def drain_errors(self) -> list[str]:
        errors = list(self.analysis.errors)
        self.analysis.errors.clear()
        return errors

    def tree_to_check(self) -> bytes | None:
        document = self.document
        return document.source if document.suspect and not document.needs_parse else None

    def check_tree(self, source: bytes, scratch: tree_sitter.Tree) -> bool:
        document = self.document
        if document.needs_parse or document.source is not source:
            return False  # edited since: that parse is checked in its turn
        reparse = document.adopt(scratch)
        if reparse is None:
            return False
        self.analysis.invalidate(self.module(), reparse)
        return True

    def check_tree_now(self) -> None:
        """`check_tree` at once, on this thread (the server parses in a worker thread)."""
        source = self.tree_to_check()
        if source is not None:
            self.check_tree(source, new_parser().parse(source))

    def analyse_all(self) -> None:
        """Everything, whatever the scope (for tests and `scope = "all"`)."""
        self.sync()
        self.check_tree_now()
        self.analyse_some(None, RangeSet([(0, len(self.document.source), 0.0)]))

    def shown(self) -> list[Shown]:
        return shown(self.analysis.findings(), self.freshness, self.settings.scope)


class ManifestDocument(Document):
    """A dependency manifest's text and line index, never parsed as Python.

    Its tree is that of an empty module, so that code shared with Python documents (the
    suppression action looks for string literals at the end of a line) finds nothing in it.
    """

    def __init__(self, uri: str, language_id: str, version: int, text: str, kind: str) -> None:
        super().__init__(uri, language_id, version, "", new_parser())
        #: "requirements", "pyproject" or "setup.cfg" (analyzers.dependencies.manifests)
        self.kind = kind
        self.source = text.encode("utf-8", "surrogatepass")
        self.lines = Lines(self.source)
        self._pending = False

    @property
    def needs_parse(self) -> bool:
        """Whether the text changed since it was last analysed."""
        return self._pending

    def _splice(self, source: bytes, edit: ByteEdit) -> None:
        self.lines = self.lines.edited(edit.start, edit.old_end, source, edit.new_end)
        self.source = source
        self._pending = True

    def read(self) -> None:
        """The newest text is about to be analysed."""
        self._pending = False


class ManifestState(BaseState):
    """requirements*.txt, pyproject.toml or setup.cfg open in the editor."""

    document: ManifestDocument

    def __init__(self, document: ManifestDocument, settings: Settings) -> None:
        super().__init__(document, settings)
        self.findings: list[tuple[int, Finding]] = []
        self.stale = True
        self.errors: list[str] = []
        self._next_id = 1

    def _follow(self, edit: ByteEdit) -> None:
        # Until the next analysis, findings the edit did not touch stay where their text went.
        kept: list[tuple[int, Finding]] = []
        for ident, finding in self.findings:
            if finding.end <= edit.start:
                kept.append((ident, finding))
            elif finding.start >= edit.old_end:
                kept.append((ident, finding.shifted(edit.delta)))
        self.findings = kept
        self.stale = True

    def sync(self) -> None:
        self.document.read()

    def analyse_some(
        self, seconds: float | None = None, needed: RangeSet | None = None, edit_first: bool = False
    ) -> bool:
        if self.stale:
            self.stale = False
            self._analyse()
        return False

    def _analyse(self) -> None:
        document = self.document
        try:
            found = analyze_manifest(
                document.path or document.uri, document.source, self.settings, self.trust
            )
        except Exception as exc:  # a manifest the parser chokes on must not stop the server
            self.errors.append(f"analysing the manifest failed: {exc!r}")
            found = []
        if document.kind == "setup.cfg":
            # setuptools reads an end-of-line comment as part of the requirement, so a
            # suppression comment would break the file: none is offered.
            found = [replace(f, rule=replace(f.rule, suppressible=False)) for f in found]
        # A finding that comes back unchanged keeps its id (clients echo ids in code actions).
        previous = {(f.code, f.message, f.start, f.end): i for i, f in self.findings}
        findings: list[tuple[int, Finding]] = []
        for finding in found:
            ident = previous.pop((finding.code, finding.message, finding.start, finding.end), 0)
            if not ident:
                ident = self._next_id
                self._next_id += 1
            findings.append((ident, finding))
        self.findings = findings

    def warm(self) -> None:
        pass  # a manifest is analysed whole, and is small

    def prepare_previews(self) -> None:
        pass  # nor previewed

    def tree_to_check(self) -> bytes | None:
        return None  # not parsed by tree-sitter

    def check_tree(self, source: bytes, scratch: tree_sitter.Tree) -> bool:
        return False

    def edit_done(self) -> bool:
        return not self.stale

    def restart_due(self) -> bool:
        return False

    def restart(self, needed: RangeSet | None = None) -> None:
        self.stale = True

    def settle(self) -> None:
        pass

    def drain_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors

    def shown(self) -> list[Shown]:
        return shown(self.findings, self.freshness, self.settings.scope)


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


def preview_region(root: tree_sitter.Node, touched: RangeSet, lines: Lines) -> RangeSet:
    """The whole lines to parse for a preview of the `touched` bytes: the statements they
    overlap and the touched lines themselves (code inserted between statements). Inside a
    class body only the members touched are taken, with the header lines of the classes
    around them, so that a keystroke in a method of a 1,000-line class parses the method.
    """
    region = RangeSet()
    for start, end in touched:
        container = root
        first = lines.line_of(start)
        last = lines.line_of(max(start, end - 1))
        while True:
            low, high, members = _members_around(container, lines, first, last)
            body = _class_body(members[0]) if len(members) == 1 else None
            if body is None:
                break
            head = lines.line_start(lines.line_of(body.start_byte))
            if head <= lines.line_start(lines.line_of(members[0].start_byte)) or head > (
                lines.line_start(first)
            ):
                break  # a one-line class, or the edit touches the header: the whole class
            region.add(low, head)  # the header lines, parsed with the members below
            container = body
        region.add(low, high)
    return region


def _innermost_member(root: tree_sitter.Node, start: int, end: int) -> tree_sitter.Node | None:
    """The statement holding [start, end]: a top-level one, or inside a class body the
    member (as `preview_region` parses members of classes alone); between two members,
    the class; None between top-level statements."""
    container = root
    while True:
        count = container.named_child_count
        # a point at the very end of a member (a line deleted there) is in that member
        index = first_ending_after(container, count, start - 1)
        member = container.named_child(index) if index < count else None
        if member is None or not member.start_byte <= start <= end <= member.end_byte:
            return None if container is root else container.parent
        body = _class_body(member)
        if body is None or body.start_byte > start:
            return member
        container = body


def _members_around(
    container: tree_sitter.Node, lines: Lines, first: int, last: int
) -> tuple[int, int, list[tree_sitter.Node]]:
    """The named children of `container` on lines `first`..`last`, and the whole lines of
    those lines and children together."""
    low, high = lines.line_start(first), lines.line_start(last + 1)
    count = container.named_child_count
    index = first_ending_after(container, count, low)
    members: list[tree_sitter.Node] = []
    while index < count:
        child = container.named_child(index)
        if child is None or child.start_byte >= high:
            break
        index += 1
        members.append(child)
        low = min(low, lines.line_start(lines.line_of(child.start_byte)))
        end = lines.line_of(max(child.start_byte, child.end_byte - 1))
        high = max(high, lines.line_start(end + 1))
    return low, high, members


def _class_body(node: tree_sitter.Node) -> tree_sitter.Node | None:
    definition = (
        node.child_by_field_name("definition") if node.type == "decorated_definition" else node
    )
    if definition is None or definition.type != "class_definition":
        return None
    return definition.child_by_field_name("body")

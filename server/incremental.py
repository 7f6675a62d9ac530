"""A document's findings, kept current by re-analysing only what an edit touched (DESIGN §5).

After each parse, the edited and structurally changed bytes are widened to whole lines (a
trailing `# gifthorse: ignore` belongs to the statement on its line) and then to the engine's
analysis units in both the old and the new tree; those regions become stale. Cached findings
elsewhere are shifted through the edits, never recomputed. Stale regions are re-analysed when
someone needs them: the fresh code (or everything, with `scope = "all"`).

The import table is module-wide, so it is rebuilt only when an import statement (or an
`x = __import__(...)` binding) was edited, and everything is re-analysed only if the
bindings actually changed.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

import tree_sitter
from gifthorse.analyzers import Finding, Module, RuleSet, Settings, analyze, default_rules, units
from gifthorse.analyzers.dependencies.trust import Trust
from gifthorse.analyzers.model import Edit, Fix, Related
from gifthorse.analyzers.names import (
    DYNAMIC_IMPORTERS,
    ImportTable,
    dynamic_import_target,
    identifier,
)
from gifthorse.analyzers.source import LANGUAGE

from .documents import Reparse
from .ranges import ByteEdit, RangeSet

log = logging.getLogger("gifthorse.server.incremental")

#: rules that are off by default for the CLI but that the editor runs, restricted by the
#: rule itself to what the editor says was inserted (suppressions arriving in a block)
EDITOR_RULES = frozenset({"GH002"})

_IMPORT_QUERY = tree_sitter.Query(
    LANGUAGE,
    """
    (import_statement) @import
    (import_from_statement) @import
    (future_import_statement) @import
    (assignment right: (call)) @binding
    """,
)

#: constructs that bind names, as the engine's data flow reads them (flow.py)
_BINDINGS = tree_sitter.Query(
    LANGUAGE,
    """
    (assignment left: (_) @target) @bind
    (augmented_assignment left: (_) @target) @bind
    (for_statement left: (_) @target) @bind
    (for_in_clause left: (_) @target) @bind
    (as_pattern alias: (as_pattern_target (_) @target)) @bind
    (named_expression name: (_) @target) @bind
    """,
)
_FUNCTION_SCOPES = frozenset({"function_definition", "lambda"})
#: names that are parameters wherever they are read; while a method is being typed, error
#: recovery can briefly make its `self.x = ...` lines look like module-level assignments
_NOT_GLOBALS = frozenset({b"self", b"cls"})
#: beyond this many uses of changed module-level names, everything is re-analysed
_MAX_DEPENDENT_HITS = 2000
#: changes larger than this make everything stale rather than tracing their module globals
_MAX_PRECISE_BYTES = 256 * 1024

_EDITOR_RULES: RuleSet | None = None


def preload() -> None:
    """Build, at start-up, the tables the first analysis would otherwise build in the middle
    of someone's edit: the rule set and the dependency tables."""
    from gifthorse.analyzers.dependencies.known import module_to_distribution

    editor_rules()
    module_to_distribution()


def editor_rules() -> RuleSet:
    """The catalogue, with the editor-only rules switched on by default."""
    global _EDITOR_RULES
    if _EDITOR_RULES is None:
        rules = [
            replace(rule, meta=replace(rule.meta, default=True))
            if rule.meta.code in EDITOR_RULES
            else rule
            for rule in default_rules().rules
        ]
        _EDITOR_RULES = RuleSet(rules)
    return _EDITOR_RULES


def _import_nodes(
    module: Module, start: int | None = None, end: int | None = None
) -> list[tuple[int, int, bytes]]:
    """(start, end, text) of the statements the import table is built from."""
    cursor = tree_sitter.QueryCursor(_IMPORT_QUERY)
    if start is not None and end is not None:
        cursor.set_byte_range(start, end)
    found: list[tuple[int, int, bytes]] = []
    source = module.source
    for name, nodes in cursor.captures(module.tree.root_node).items():
        for node in nodes:
            a, b = node.start_byte, node.end_byte
            if name == "binding" and source.find(b"import", a, b) < 0:
                continue
            if start is not None and end is not None and not (a < end and start < b):
                continue
            found.append((a, b, source[a:b]))
    found.sort()
    return found


_STATEMENTS = frozenset({"import_statement", "import_from_statement", "future_import_statement"})


def _node(module: Module, start: int, end: int, kinds: frozenset[str]) -> tree_sitter.Node | None:
    node: tree_sitter.Node | None = module.tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and not (
        node.type in kinds and node.start_byte == start and node.end_byte == end
    ):
        node = node.parent
    return node


def build_table(module: Module, nodes: list[tuple[int, int, bytes]]) -> ImportTable:
    """The module's import table from the statements the watch list already knows, the way
    `ImportTable.build` reads them from the whole tree: imports in order, then
    `x = __import__(...)` bindings. A dynamic importer bound under another name
    (`from importlib import import_module as load`) is not in the watch list, so that rare
    case falls back to the whole-tree build."""
    table = ImportTable()
    assignments: list[tree_sitter.Node] = []
    for start, end, _ in nodes:
        statement = _node(module, start, end, _STATEMENTS)
        if statement is not None:
            table.add_statement(module, statement)
            continue
        assignment = _node(module, start, end, frozenset({"assignment"}))
        if assignment is not None:
            assignments.append(assignment)
    source = module.source
    if b"__import__" not in source and b"import_module" not in source:
        return table
    if any(q in DYNAMIC_IMPORTERS and "import" not in n for n, q in table.bindings.items()):
        return ImportTable.build(module)
    for assignment in assignments:
        target = assignment.child_by_field_name("left")
        call = assignment.child_by_field_name("right")
        if target is None or call is None or target.type != "identifier" or call.type != "call":
            continue
        name = dynamic_import_target(module, table, call)
        if name is not None:
            table.bindings[identifier(module, target)] = name
    return table


def module_bindings(tree: tree_sitter.Tree, source: bytes, start: int, end: int) -> set[bytes]:
    """Names bound at module level (outside any function) by statements touching
    [start, end]: what functions elsewhere may read as globals."""
    cursor = tree_sitter.QueryCursor(_BINDINGS)
    cursor.set_byte_range(start, end)
    names: set[bytes] = set()
    for _, captures in cursor.matches(tree.root_node):
        bind = captures["bind"][0]
        if not (bind.start_byte <= end and start <= bind.end_byte):
            continue
        parent = bind.parent
        while parent is not None and parent.type not in _FUNCTION_SCOPES:
            parent = parent.parent
        if parent is not None:
            continue
        stack = list(captures["target"])
        while stack:
            node = stack.pop()
            if node.type == "identifier":
                names.add(source[node.start_byte : node.end_byte])
            else:
                stack.extend(node.named_children)
    return names


def _map_finding(finding: Finding, edit: ByteEdit) -> Finding:
    at = edit.map
    fix = finding.fix
    if fix is not None:
        fix = Fix(
            fix.title, tuple(Edit(at(e.start), at(e.end), e.text) for e in fix.edits), fix.safe
        )
    related = tuple(Related(at(r.start), at(r.end), r.message) for r in finding.related)
    return replace(finding, start=at(finding.start), end=at(finding.end), fix=fix, related=related)


#: a message that names a line ("the key read on line 12") goes out of date when lines move
_CITES_LINE = re.compile(r"\bline \d")


def _fix_touched(finding: Finding, edit: ByteEdit) -> bool:
    """Does the edit change the text at (or right beside) one of the fix's edits?"""
    fix = finding.fix
    return fix is not None and any(
        e.start <= edit.old_end and edit.start <= e.end for e in fix.edits
    )


def _extent(finding: Finding) -> tuple[int, int]:
    """The lowest and highest offsets a finding refers to, fix and related included."""
    low, high = finding.start, finding.end
    for r in finding.related:
        low, high = min(low, r.start), max(high, r.end)
    if finding.fix is not None:
        for e in finding.fix.edits:
            low, high = min(low, e.start), max(high, e.end)
    return low, high


class Cached:
    """A finding as analysed, plus how far it has moved since (shifting is lazy)."""

    __slots__ = ("cites_line", "delta", "finding", "high", "id", "low")

    def __init__(self, ident: int, finding: Finding) -> None:
        self.id = ident
        self.finding = finding
        self.delta = 0
        self.low, self.high = _extent(finding)
        self.cites_line = _CITES_LINE.search(finding.message) is not None

    @property
    def start(self) -> int:
        return self.finding.start + self.delta

    @property
    def end(self) -> int:
        return self.finding.end + self.delta

    def current(self) -> Finding:
        if self.delta:
            self.finding = self.finding.shifted(self.delta)
            self.low += self.delta
            self.high += self.delta
            self.delta = 0
        return self.finding

    def key(self) -> tuple[str, str, int, int]:
        return (self.finding.code, self.finding.message, self.start, self.end)


class IncrementalAnalysis:
    """Cached findings, stale regions and the import table of one document."""

    def __init__(self, length: int, rules: RuleSet | None = None) -> None:
        self.rules = rules or editor_rules()
        self.entries: list[Cached] = []
        self.stale = RangeSet([(0, length, 0.0)])
        #: units to analyse even where nothing is fresh: readers of changed module globals
        self.dependents = RangeSet()
        self.table: ImportTable | None = None
        #: the imports changed: once the edited units are analysed (and published), the
        #: rest must be analysed again too
        self.reset_pending = False
        self._imports: list[tuple[int, int, bytes]] = []
        self._removed_imports: list[bytes] = []
        self._next_id = 1
        self._recent: dict[tuple[str, str, int, int], int] = {}
        self.errors: list[str] = []

    # -- following edits ---------------------------------------------------------------

    def shift(self, edit: ByteEdit, lines_moved: bool = False) -> None:
        """Move cached findings past an edit; findings the edit touches are dropped (their
        unit is re-analysed after the parse), and so are those whose message cites a line
        number that an added or removed line before it changed."""
        s, old_end, delta = edit.start, edit.old_end, edit.delta
        kept: list[Cached] = []
        redo: list[tuple[int, int]] = []
        for entry in self.entries:
            start, end = entry.start, entry.end
            if end <= s or start >= old_end:
                if entry.high + entry.delta < s:
                    pass
                elif (lines_moved and entry.cites_line) or (
                    # a fix can only touch the edit if it reaches back to it: the others
                    # keep their lazy shift instead of being rebuilt on every keystroke
                    entry.low + entry.delta <= old_end and _fix_touched(entry.current(), edit)
                ):
                    # "line 12" in the message, or where a fix adds an import: work it out again
                    self._recent[entry.key()] = entry.id
                    redo.append((edit.map(start), edit.map(end)))
                    continue
                elif entry.low + entry.delta >= old_end:
                    entry.delta += delta
                else:
                    entry.finding = _map_finding(entry.current(), edit)
                    entry.low, entry.high = _extent(entry.finding)
                kept.append(entry)
            else:
                self._recent[entry.key()] = entry.id
        self.entries = kept
        self.stale.apply(edit)
        self.stale.add(edit.start, edit.new_end)
        for start, end in redo:
            self.stale.add(start, end)
        self.dependents.apply(edit)
        # the import statements, in order: those before the edit (most of them, while
        # someone types in a function below) stay as they are
        imports = self._imports
        first = bisect_left(imports, s, key=lambda item: item[0])
        while first and imports[first - 1][1] >= s:
            first -= 1
        kept_imports = imports[:first]
        for a, b, text in imports[first:]:
            if a > old_end:
                kept_imports.append((a + delta, b + delta, text))
            else:
                self._removed_imports.append(text)
        self._imports = kept_imports

    def invalidate(self, module: Module, reparse: Reparse) -> None:
        """After a parse: make the units around the changed bytes stale, then the readers
        of module-level names the change bound, and check whether the imports changed."""
        lines = module.lines
        changed = RangeSet()
        for start, end in reparse.changed:
            first = lines.line_start(lines.line_of(start))
            last = lines.line_end(lines.line_of(end))
            changed.add(first, max(last, end))
        # Widened to the new tree's units; where the old tree's units differ, tree-sitter's
        # changed ranges already cover the difference.
        regions = changed.copy()
        for start, end in changed:
            for a, b in units(module, start, end):
                regions.add(a, b)
        # Nodes of the edited old tree that overlapped a deletion keep stale extents.
        length = len(module.source)
        clamped = RangeSet((min(a, length), min(b, length), 0.0) for a, b in regions)
        for start, end in clamped:
            self.stale.add(start, end)
        self._drop(clamped)
        self._globals_changed(module, reparse, changed)
        if self.table is not None:
            self._check_imports(module, clamped)

    def _globals_changed(self, module: Module, reparse: Reparse, changed: RangeSet) -> None:
        """Functions read module-level variables (a constant path, a URL), so a changed
        module-level binding makes every unit that mentions its name stale, and needed.
        After a huge paste everything simply becomes stale instead."""
        if changed.total() > _MAX_PRECISE_BYTES:
            self.stale.add(0, len(module.source))
            self._drop(RangeSet([(0, len(module.source), 0.0)]))
            return
        names: set[bytes] = set()
        for start, end in changed:
            names |= module_bindings(module.tree, module.source, start, end)
            old_start, old_end = reparse.to_previous(start, end)
            names |= module_bindings(reparse.previous, reparse.previous_source, old_start, old_end)
        names -= _NOT_GLOBALS
        if not names:
            return
        pattern = re.compile(rb"\b(?:" + b"|".join(map(re.escape, sorted(names))) + rb")\b")
        hits = [m.start() for m in pattern.finditer(module.source)]
        if len(hits) > _MAX_DEPENDENT_HITS:
            self.stale.add(0, len(module.source))
            self._drop(RangeSet([(0, len(module.source), 0.0)]))
            return
        children = module.tree.root_node.named_children
        starts = [child.start_byte for child in children]
        readers = RangeSet()
        for hit in hits:
            index = bisect_right(starts, hit) - 1
            if index >= 0 and children[index].end_byte >= hit:
                readers.add(children[index].start_byte, children[index].end_byte)
        for start, end in readers:
            self.stale.add(start, end)
            self.dependents.add(start, end)
        self._drop(readers)

    def _drop(self, regions: RangeSet) -> None:
        kept: list[Cached] = []
        for entry in self.entries:
            if regions.contains(entry.start):
                self._recent[entry.key()] = entry.id
            else:
                kept.append(entry)
        self.entries = kept

    def _check_imports(self, module: Module, regions: RangeSet) -> None:
        removed = self._removed_imports
        self._removed_imports = []
        kept: list[tuple[int, int, bytes]] = []
        for item in self._imports:
            if regions.intersects(item[0], item[1]):
                removed.append(item[2])
            else:
                kept.append(item)
        added: list[tuple[int, int, bytes]] = []
        for start, end in regions:
            added.extend(_import_nodes(module, start, end))
        seen = set()
        unique: list[tuple[int, int, bytes]] = []
        for item in sorted(added):
            if item[:2] not in seen:
                seen.add(item[:2])
                unique.append(item)
        self._imports = sorted(kept + unique)
        if not removed and not unique:
            return
        if sorted(removed) != sorted(item[2] for item in unique):
            table = build_table(module, self._imports)
            old = self.table
            self.table = table
            if (
                old is None
                or old.bindings != table.bindings
                or old.star_modules != table.star_modules
            ):
                # Everything is re-analysed, but after the edit's own units: see
                # `reset_pending`.
                log.debug("imports of %s changed: re-analysing everything", module.path)
                self.reset_pending = True
                return
        # An import statement was edited or moved: fixes that add an import "after the last
        # one" may now point elsewhere.
        moved = RangeSet()
        for entry in self.entries:
            fix = entry.finding.fix
            if fix is not None and any(
                e.start < entry.finding.start or e.end > entry.finding.end for e in fix.edits
            ):
                moved.add(entry.start, entry.end)
        for start, end in moved:
            self.stale.add(start, end)
        self._drop(moved)

    def reset(self, length: int, keep: RangeSet | None = None) -> None:
        """Make everything stale (settings or imports changed). Findings inside `keep` stay
        shown until their code is analysed again, so that nothing flickers away meanwhile."""
        self.dependents.clear()
        self.reset_pending = False
        kept: list[Cached] = []
        for entry in self.entries:
            if keep is not None and keep.contains(entry.start):
                kept.append(entry)
            else:
                self._recent[entry.key()] = entry.id
        self.entries = kept
        self.stale = RangeSet([(0, length, 0.0)])

    # -- analysing -----------------------------------------------------------------------

    def todo(self, needed: RangeSet | None, dependents: bool = True) -> list[tuple[int, int]]:
        """Stale regions somebody needs: `needed` ranges (None: all of the document) first,
        then the readers of changed module globals."""
        if needed is None:
            return list(self.stale)
        first = needed.intersection(self.stale)
        if first or not dependents or not self.dependents:
            return first
        return self.dependents.intersection(self.stale)

    def prepare(self, module: Module) -> None:
        """Give the module the maintained import table (built on first use)."""
        if self.table is None:
            self._imports = _import_nodes(module)
            self._removed_imports = []
            self.table = build_table(module, self._imports)
        module.set_imports(self.table)

    def analyse(
        self, module: Module, start: int, end: int, settings: Settings, trust: Trust | None = None
    ) -> None:
        """Analyse the units intersecting [start, end] and replace their cached findings."""
        self.prepare(module)
        point = start == end
        if point:
            # A point (a deletion) is examined with the units on the line around it, so that
            # it leaves the stale set even when it falls between two units.
            lines = module.lines
            line = lines.line_of(start)
            low, high = lines.line_start(line), lines.line_start(line + 1)
            last = max(low, high - 1)  # the line's own bytes, not the next line's first
        else:
            low = start
            high = last = end
        result = analyze(module, (low, last), settings, self.rules, trust)
        self.errors.extend(result.errors)
        covered = RangeSet((a, b, 0.0) for a, b in result.covered)
        covered.add(low, high)
        self._replace(covered, result.findings)
        for a, b in covered:
            self.stale.remove(a, b)
            self.dependents.remove(a, b)
        if start == end and self.stale.contains(start):
            self.stale.remove(start, start + 1)  # never examine the same point twice

    def add_preview(self, covered: RangeSet, findings: list[Finding]) -> None:
        """Findings of the units in `covered`, analysed before the module's re-parse: they
        replace what is cached there, and are replaced in turn (ids kept) when the region,
        which is made stale, is analysed in the whole module."""
        self._replace(covered, findings)
        for start, end in covered:
            self.stale.add(start, end)

    def _replace(self, covered: RangeSet, findings: list[Finding]) -> None:
        """The findings of `covered` are now these; one that was there before keeps its id
        (clients echo ids in code actions)."""
        self._drop(covered)
        known = {(e.finding.code, e.start, e.end) for e in self.entries}
        for finding in findings:
            key = (finding.code, finding.start, finding.end)
            if key in known:
                continue
            known.add(key)
            ident = self._recent.pop((finding.code, finding.message, finding.start, finding.end), 0)
            if not ident:
                ident = self._next_id
                self._next_id += 1
            self.entries.append(Cached(ident, finding))
        self.entries.sort(key=lambda e: (e.start, e.end, e.finding.code))

    def settle(self) -> None:
        """A round of analysis is over: forget the ids of findings that did not come back."""
        self._recent.clear()

    def findings(self) -> list[tuple[int, Finding]]:
        return [(entry.id, entry.current()) for entry in self.entries]

    def by_id(self, ident: int) -> Finding | None:
        for entry in self.entries:
            if entry.id == ident:
                return entry.current()
        return None

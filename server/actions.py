"""Code actions (DESIGN §6): the engine's fixes, a suppression comment, "mark as reviewed",
and `source.fixAll.gifthorse`.

Edit positions come from the document's own cache of findings, never from the range a client
echoes back (Neovim 0.7 sends byte columns there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gifthorse.analyzers import Edit, Encoding, Finding
from lsprotocol import types

from .diagnostics import Shown
from .documents import Document
from .freshness import Freshness

MARK_REVIEWED = "gifthorse.markReviewed"
FIX_ALL = "source.fixAll.gifthorse"

_OURS = re.compile(rb"#\s*gifthorse:\s*ignore(\[[^\]]*\])?", re.IGNORECASE)
_STRINGS = frozenset({"string", "string_content", "concatenated_string"})


@dataclass
class Offer:
    """The actions for one request, and the texts they would insert (so that applying one
    is recognised as the user's own edit, not an inserted block)."""

    actions: list[types.CodeAction] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)


def wants(only: list[str] | None, kind: str) -> bool:
    """LSP kinds are hierarchical: asking for `source` includes `source.fixAll.gifthorse`."""
    if not only:
        return kind != FIX_ALL
    return any(kind == k or kind.startswith(k + ".") for k in only)


def workspace_edit(
    document: Document, edits: Iterable[Edit], encoding: Encoding, versioned: bool
) -> types.WorkspaceEdit:
    text_edits = [
        types.TextEdit(range=document.range(e.start, e.end, encoding), new_text=e.text)
        for e in sorted(edits, key=lambda e: (e.start, e.end))
    ]
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=document.uri, version=document.version
                    ),
                    edits=list(text_edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={document.uri: text_edits})


def _in_string(document: Document, offset: int) -> bool:
    node = document.tree.root_node.named_descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.type in _STRINGS and node.start_byte < offset < node.end_byte:
            return True
        node = node.parent
    return False


def suppression(document: Document, finding: Finding) -> Edit | None:
    """`  # gifthorse: ignore[CODE]` at the end of the finding's first line (or its last, if
    the first ends inside a string or a line continuation), merged into an existing one."""
    lines = document.lines
    first = lines.line_of(finding.start)
    last = lines.line_of(max(finding.start, finding.end - 1))
    for line in dict.fromkeys((first, last)):
        start, end = lines.line_start(line), lines.line_end(line)
        text = document.source[start:end]
        existing = _OURS.search(text)
        if existing is not None:
            if existing.group(1) is None:
                return None
            close = start + existing.end(1) - 1
            return Edit(close, close, f", {finding.code}")
        if text.rstrip().endswith(b"\\") or _in_string(document, end):
            continue
        return Edit(end, end, f"  # gifthorse: ignore[{finding.code}]")
    return None


def review_range(
    document: Document, freshness: Freshness, findings: list[Finding], encoding: Encoding
) -> types.Range | None:
    """Whole lines of the fresh code around the findings: the block to vouch for."""
    low: int | None = None
    high: int | None = None
    for finding in findings:
        spans = [(finding.start, finding.end), *((r.start, r.end) for r in finding.related)]
        for start, end in spans:
            for a, b in [*freshness.runs(start, end), (start, end)]:
                low = a if low is None else min(low, a)
                high = b if high is None else max(high, b)
    if low is None or high is None:
        return None
    lines = document.lines
    first = lines.line_of(low)
    last = lines.line_of(max(low, high - 1))
    return types.Range(
        start=types.Position(line=first, character=0),
        end=document.position(lines.line_end(last), encoding),
    )


def code_actions(
    document: Document,
    freshness: Freshness,
    targets: list[tuple[Shown, types.Diagnostic | None]],
    every: list[Shown],
    only: list[str] | None,
    encoding: Encoding,
    versioned: bool,
) -> Offer:
    offer = Offer()
    if wants(only, types.CodeActionKind.QuickFix):
        for item, diagnostic in targets:
            _quick_fixes(document, item, diagnostic, encoding, versioned, offer)
        findings = [item.finding for item, _ in targets if item.fresh]
        reviewed = review_range(document, freshness, findings, encoding) if findings else None
        if reviewed is not None:
            offer.actions.append(
                types.CodeAction(
                    title="Mark inserted code as reviewed",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[d for _, d in targets if d is not None] or None,
                    command=types.Command(
                        title="Mark inserted code as reviewed",
                        command=MARK_REVIEWED,
                        arguments=[document.uri, _range_json(reviewed)],
                    ),
                )
            )
    if wants(only, FIX_ALL):
        action = fix_all(document, every, encoding, versioned, offer)
        if action is not None:
            offer.actions.append(action)
    return offer


def _quick_fixes(
    document: Document,
    item: Shown,
    diagnostic: types.Diagnostic | None,
    encoding: Encoding,
    versioned: bool,
    offer: Offer,
) -> None:
    finding = item.finding
    diagnostics = [diagnostic] if diagnostic is not None else None
    if finding.fix is not None:
        offer.texts.update(e.text for e in finding.fix.edits if e.text)
        offer.actions.append(
            types.CodeAction(
                title=f"{finding.fix.title} ({finding.code})",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=diagnostics,
                is_preferred=finding.fix.safe,
                edit=workspace_edit(document, finding.fix.edits, encoding, versioned),
            )
        )
    if finding.rule.suppressible:
        edit = suppression(document, finding)
        if edit is not None:
            offer.texts.add(edit.text)
            offer.actions.append(
                types.CodeAction(
                    title=f"Suppress {finding.code} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diagnostics,
                    edit=workspace_edit(document, [edit], encoding, versioned),
                )
            )


def fix_all(
    document: Document, every: list[Shown], encoding: Encoding, versioned: bool, offer: Offer
) -> types.CodeAction | None:
    """Every safe fix whose edits do not collide with one already taken."""
    chosen: list[Edit] = []
    for item in every:
        fix = item.finding.fix
        if fix is None or not fix.safe:
            continue
        new = [e for e in fix.edits if e not in chosen]
        if any(_overlap(e, c) for e in new for c in chosen):
            continue
        chosen.extend(new)
    if not chosen:
        return None
    offer.texts.update(e.text for e in chosen if e.text)
    return types.CodeAction(
        title="Apply all safe gifthorse fixes",
        kind=FIX_ALL,
        edit=workspace_edit(document, chosen, encoding, versioned),
    )


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def _range_json(value: types.Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": value.start.line, "character": value.start.character},
        "end": {"line": value.end.line, "character": value.end.character},
    }

"""Findings as LSP diagnostics (DESIGN §6), filtered by freshness and scope.

`data` carries what a code action needs to find the finding again (its id in the document's
cache, and its byte range as a fallback), because clients echo diagnostics back in their own
way: Neovim 0.7 sends byte columns where LSP wants UTF-16 units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gifthorse.analyzers import Encoding, Finding, Severity
from lsprotocol import types

from .documents import Document
from .freshness import Freshness

SOURCE = "gifthorse"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Shown:
    """A finding the user sees: the finding, its cache id, and why it is shown."""

    ident: int
    finding: Finding
    fresh: bool


def is_fresh(freshness: Freshness, finding: Finding) -> bool:
    """A finding is fresh when it touches fresh code, or when the source of its data flow
    does (fresh `x = input()` makes an old `os.system(x)` newly dangerous)."""
    if freshness.is_fresh(finding.start, finding.end):
        return True
    return any(freshness.is_fresh(r.start, r.end) for r in finding.related)


def shown(findings: list[tuple[int, Finding]], freshness: Freshness, scope: str) -> list[Shown]:
    out: list[Shown] = []
    for ident, finding in findings:
        fresh = is_fresh(freshness, finding)
        if fresh or scope == "all":
            out.append(Shown(ident, finding, fresh))
    return out


def message(finding: Finding, freshness: Freshness) -> str:
    block = freshness.block_at(finding.start, finding.end)
    if block is None:
        return finding.message
    return f"{finding.message} (in code inserted at {block.clock})"


def diagnostic_data(item: Shown, version: int | None) -> dict[str, Any]:
    return {
        "id": item.ident,
        "code": item.finding.code,
        "start": item.finding.start,
        "end": item.finding.end,
        "version": version,
    }


def to_diagnostic(
    document: Document,
    item: Shown,
    freshness: Freshness,
    encoding: Encoding,
    uri: str | None = None,
) -> types.Diagnostic:
    finding = item.finding
    severity = _SEVERITY[finding.level] if item.fresh else types.DiagnosticSeverity.Hint
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uri or document.uri, range=document.range(r.start, r.end, encoding)
            ),
            message=r.message,
        )
        for r in finding.related
    ]
    return types.Diagnostic(
        range=document.range(finding.start, finding.end, encoding),
        severity=severity,
        code=finding.code,
        code_description=types.CodeDescription(href=finding.rule.url),
        source=SOURCE,
        message=message(finding, freshness),
        related_information=related or None,
        data=diagnostic_data(item, document.version),
    )

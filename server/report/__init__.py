"""Findings as front ends report them: paths, 1-based lines and character columns.

Workers convert byte offsets to positions before results cross a process boundary, so the
writers (text, JSON, SARIF) never need the source again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gifthorse.analyzers import Finding, LineIndex, RuleMeta


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Span:
    start: Position
    end: Position


@dataclass(frozen=True)
class ReportedEdit:
    span: Span
    text: str


@dataclass(frozen=True)
class ReportedFix:
    title: str
    edits: tuple[ReportedEdit, ...]
    safe: bool


@dataclass(frozen=True)
class ReportedRelated:
    span: Span
    message: str


@dataclass(frozen=True)
class Reported:
    path: str
    rule: RuleMeta
    severity: str
    message: str
    span: Span
    fix: ReportedFix | None = None
    related: tuple[ReportedRelated, ...] = ()
    #: what filled the message template, e.g. {"name": "reqeusts"}
    args: tuple[tuple[str, str], ...] = ()


@dataclass
class FileResult:
    path: str
    findings: list[Reported] = field(default_factory=list)
    error: str | None = None
    lines: int = 0


def span(lines: LineIndex, start: int, end: int) -> Span:
    first = lines.human(start)
    last = lines.human(end)
    return Span(Position(*first), Position(*last))


def reported(path: str, lines: LineIndex, finding: Finding) -> Reported:
    fix = None
    if finding.fix is not None:
        fix = ReportedFix(
            finding.fix.title,
            tuple(ReportedEdit(span(lines, e.start, e.end), e.text) for e in finding.fix.edits),
            finding.fix.safe,
        )
    return Reported(
        path=path,
        rule=finding.rule,
        severity=finding.level.value,
        message=finding.message,
        span=span(lines, finding.start, finding.end),
        fix=fix,
        related=tuple(
            ReportedRelated(span(lines, r.start, r.end), r.message) for r in finding.related
        ),
        args=tuple(sorted(finding.args.items())),
    )

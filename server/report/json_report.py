"""The JSON contract of DESIGN §7 (additive changes only)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from . import FileResult, Reported, Span


def _span(span: Span) -> dict[str, Any]:
    return {
        "start": {"line": span.start.line, "column": span.start.column},
        "end": {"line": span.end.line, "column": span.end.column},
    }


def finding_json(finding: Reported) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "title": finding.fix.title,
            "safe": finding.fix.safe,
            "edits": [{"range": _span(e.span), "text": e.text} for e in finding.fix.edits],
        }
    return {
        "path": finding.path,
        "rule": finding.rule.code,
        "name": finding.rule.name,
        "category": finding.rule.category.value,
        "severity": finding.severity,
        "confidence": finding.rule.confidence.value,
        "cwe": list(finding.rule.cwe),
        "message": finding.message,
        "range": _span(finding.span),
        "fix": fix,
        "related": [{"range": _span(r.span), "message": r.message} for r in finding.related],
        "url": finding.rule.url,
    }


def document(results: list[FileResult]) -> dict[str, Any]:
    return {
        "findings": [finding_json(f) for r in results for f in r.findings],
        "errors": [{"path": r.path, "message": r.error} for r in results if r.error],
    }


def write(results: list[FileResult], out: TextIO) -> None:
    json.dump(document(results), out, indent=2, ensure_ascii=False)
    out.write("\n")

"""SARIF 2.1.0, with every rule described from its metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from gifthorse.analyzers import RuleMeta, default_rules
from gifthorse.analyzers.catalogue import rule_markdown

from . import FileResult, Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "info": "2.0"}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    }


def _rule(meta: RuleMeta) -> dict[str, Any]:
    tags = ["security", meta.category.value, *(f"external/cwe/cwe-{n}" for n in meta.cwe)]
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.message.replace("`", "")},
        "fullDescription": {"text": meta.why},
        "helpUri": meta.url,
        "help": {"text": meta.why, "markdown": rule_markdown(meta, title=False)},
        "defaultConfiguration": {"level": _LEVELS[meta.severity.value], "enabled": meta.default},
        "properties": {
            "tags": tags,
            "precision": {"high": "high", "medium": "medium", "low": "low"}[meta.confidence.value],
            "security-severity": _SECURITY_SEVERITY[meta.severity.value],
        },
    }


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return candidate.as_posix()


def document(results: list[FileResult], version: str) -> dict[str, Any]:
    metas = list(default_rules().metas)
    index = {meta.code: i for i, meta in enumerate(metas)}
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        for finding in result.findings:
            location = {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": _region(finding.span),
                }
            }
            entry: dict[str, Any] = {
                "ruleId": finding.rule.code,
                "ruleIndex": index.get(finding.rule.code, -1),
                "level": _LEVELS.get(finding.severity, "warning"),
                "message": {"text": finding.message},
                "locations": [location],
            }
            if finding.related:
                entry["relatedLocations"] = [
                    {
                        "id": i,
                        "message": {"text": r.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(finding.path)},
                            "region": _region(r.span),
                        },
                    }
                    for i, r in enumerate(finding.related)
                ]
            if finding.fix is not None:
                entry["fixes"] = [
                    {
                        "description": {"text": finding.fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(finding.path)},
                                "replacements": [
                                    {
                                        "deletedRegion": _region(e.span),
                                        "insertedContent": {"text": e.text},
                                    }
                                    for e in finding.fix.edits
                                ],
                            }
                        ],
                    }
                ]
            sarif_results.append(entry)
    notifications = [
        {
            "level": "error",
            "message": {"text": r.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
        }
        for r in results
        if r.error
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gifthorse",
                        "version": version,
                        "semanticVersion": version,
                        "informationUri": "https://github.com/gifthorse/gifthorse",
                        "rules": [_rule(m) for m in metas],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": sarif_results,
            }
        ],
    }


def write(results: list[FileResult], out: TextIO, version: str) -> None:
    json.dump(document(results, version), out, indent=2, ensure_ascii=False)
    out.write("\n")

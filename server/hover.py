"""Hover text for a flagged range: the rule's explanation, the fix, and when the code came."""

from __future__ import annotations

import time

from gifthorse.analyzers import Finding
from gifthorse.analyzers.catalogue import rule_markdown

from .freshness import Arrival, Freshness


def _clock(stamp: float | None) -> str:
    return time.strftime("%H:%M", time.localtime(stamp)) if stamp else "?"


def arrival_text(freshness: Freshness, finding: Finding) -> str | None:
    found = freshness.arrival(finding.start, finding.end)
    if found is None:
        for related in finding.related:
            found = freshness.arrival(related.start, related.end)
            if found is not None:
                break
    if found is None:
        return None
    kind, stamp = found
    if kind is Arrival.INSERTED:
        return (
            f"Arrived in a block inserted at {_clock(stamp)} "
            "(a paste, a completion or an agent's edit)."
        )
    if kind is Arrival.TYPED:
        return f"Typed or edited in this session, since {_clock(stamp)}."
    return "Not in the last commit (changed since `HEAD`)."


def hover_markdown(findings: list[Finding], freshness: Freshness) -> str:
    parts: list[str] = []
    for finding in findings:
        meta = finding.rule
        lines = [f"### {meta.code} `{meta.name}`", "", f"**{finding.message}**", ""]
        lines.append(rule_markdown(meta, title=False).rstrip())
        lines.append("")
        if finding.fix is not None:
            kind = "safe" if finding.fix.safe else "review the result"
            lines += [f"**Fix:** {finding.fix.title} ({kind}).", ""]
        lines += [f"[Documentation]({meta.url})", ""]
        arrival = arrival_text(freshness, finding)
        if arrival is not None:
            lines += [f"*{arrival}*", ""]
        parts.append("\n".join(lines).rstrip())
    return "\n\n---\n\n".join(parts)

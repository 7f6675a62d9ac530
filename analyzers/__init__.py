"""gifthorse's detection engine: a pure library (no LSP) that front ends call into.

Typical use: ``analyze(parse(source_bytes, path)).findings``; the language server passes a
``byte_range`` to re-analyse only what an edit touched.
"""

from __future__ import annotations

from .config import Settings
from .engine import Analysis, RuleSet, analyze, default_rules, units
from .model import (
    Category,
    Confidence,
    Edit,
    Finding,
    Fix,
    Related,
    RuleMeta,
    Severity,
    apply_edits,
)
from .source import Encoding, LineIndex, Module, decode_source, parse

__all__ = [
    "Analysis",
    "Category",
    "Confidence",
    "Edit",
    "Encoding",
    "Finding",
    "Fix",
    "LineIndex",
    "Module",
    "Related",
    "RuleMeta",
    "RuleSet",
    "Settings",
    "Severity",
    "analyze",
    "apply_edits",
    "decode_source",
    "default_rules",
    "parse",
    "units",
]

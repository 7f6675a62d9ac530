"""One entry point for any file gifthorse understands: Python source or a dependency manifest."""

from __future__ import annotations

from pathlib import PurePath

from .config import Settings
from .dependencies.manifests import manifest_kind
from .dependencies.trust import Trust
from .engine import analyze
from .model import Finding
from .source import parse

PYTHON_SUFFIXES = (".py", ".pyi")


def is_python(path: str) -> bool:
    return PurePath(path).suffix in PYTHON_SUFFIXES


def is_manifest(path: str) -> bool:
    return manifest_kind(path) is not None


def analyze_document(
    path: str, source: bytes, settings: Settings | None = None, trust: Trust | None = None
) -> list[Finding]:
    """Findings for a file's bytes (UTF-8), whichever kind of file it is."""
    if is_manifest(path):
        from .rules.dependencies import analyze_manifest

        return analyze_manifest(path, source, settings, trust)
    return analyze(parse(source, path), settings=settings, trust=trust).findings

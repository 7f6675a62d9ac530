"""Dependency trust: is a package name real, and the one the author meant?"""

from __future__ import annotations

from .known import known_distributions, module_to_distribution, normalize
from .manifests import Manifest, manifest_kind, parse_manifest
from .similarity import Lookalike, lookalike
from .trust import STDLIB, Trust

__all__ = [
    "STDLIB",
    "Lookalike",
    "Manifest",
    "Trust",
    "known_distributions",
    "lookalike",
    "manifest_kind",
    "module_to_distribution",
    "normalize",
    "parse_manifest",
]

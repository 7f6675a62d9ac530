"""The rule catalogue: every family module in this package contributes a RULES list."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from ..rule import Rule


def _collect() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            rules.extend(import_module(f"{__name__}.{info.name}").RULES)
    return tuple(sorted(rules, key=lambda r: r.meta.code))


ALL_RULES: tuple[Rule, ...] = _collect()

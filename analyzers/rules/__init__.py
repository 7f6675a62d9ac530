"""The rule catalogue: every family module in this package contributes a RULES list."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from ..model import RuleMeta
from ..rule import Rule


def _collect() -> tuple[tuple[Rule, ...], tuple[RuleMeta, ...]]:
    """Every family's RULES, and EXTRA_METAS: rules whose findings come from outside the
    engine (dependency manifests, the online index check), listed for docs and SARIF."""
    rules: list[Rule] = []
    extra: list[RuleMeta] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            family = import_module(f"{__name__}.{info.name}")
            rules.extend(family.RULES)
            extra.extend(getattr(family, "EXTRA_METAS", ()))
    return tuple(sorted(rules, key=lambda r: r.meta.code)), tuple(extra)


ALL_RULES, EXTRA_METAS = _collect()

"""The distributions gifthorse vouches for without asking anyone, and their import names.

Import names differ from distribution names often enough (`yaml` is PyYAML, `cv2` is
opencv-python, `sklearn` is scikit-learn) that a check on one without the other either misses
hallucinations or flags every project. The table lives in `data/known_distributions.txt`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SEPARATORS = re.compile(r"[-_.]+")


def normalize(distribution: str) -> str:
    """PEP 503 normalised distribution name: `Foo.Bar_baz` is `foo-bar-baz`."""
    return _SEPARATORS.sub("-", distribution).lower()


def default_module(distribution: str) -> str:
    return _SEPARATORS.sub("_", distribution).lower()


@cache
def known_distributions() -> dict[str, tuple[str, ...]]:
    """Normalised distribution name -> the top-level modules it installs."""
    table: dict[str, tuple[str, ...]] = {}
    text = resources.files("gifthorse.analyzers").joinpath("data/known_distributions.txt")
    for raw in text.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, *modules = line.split()
        key = normalize(name)
        found = tuple(modules) if modules else (default_module(name),)
        table[key] = tuple(dict.fromkeys((*table.get(key, ()), *found)))
    return table


@cache
def module_to_distribution() -> dict[str, str]:
    """Top-level module -> the (first listed) distribution that installs it."""
    out: dict[str, str] = {}
    for distribution, modules in known_distributions().items():
        for module in modules:
            out.setdefault(module, distribution)
    return out

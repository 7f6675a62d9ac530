"""Literal pre-filters derived from regular expressions.

A text rule's regex runs over whole files, and Python's `re` scans slowly when a pattern
starts with `\\b` or a character class. Most patterns require some literal (`SECRET_KEY`,
`CERT_NONE`, `pyarmor`): if none of the alternatives appears in the text, the regex cannot
match and is skipped. `bytes.find` looks for a literal at memory speed.

The literals are read from the pattern's parse tree, conservatively: a pattern whose
requirement cannot be proven gets no pre-filter and always runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found, unused-ignore]
    import re._parser as _p  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - older interpreters
    import sre_constants as _c  # type: ignore[no-redef, unused-ignore]
    import sre_parse as _p  # type: ignore[no-redef, unused-ignore]

_MIN_LENGTH = 3


@dataclass(frozen=True)
class Prefilter:
    """At least one of `literals` occurs in any text the pattern matches."""

    literals: tuple[bytes, ...]
    ignore_case: bool


Requirement = frozenset[bytes]


def _best(requirements: list[Requirement]) -> Requirement | None:
    """The most selective requirement: the one whose shortest literal is longest."""
    usable = [r for r in requirements if r and min(len(x) for x in r) >= _MIN_LENGTH]
    if not usable:
        return None
    return max(usable, key=lambda r: (min(len(x) for x in r), -len(r)))


def _requirement(items: Any, depth: int = 0) -> Requirement | None:
    if depth > 20:
        return None
    found: list[Requirement] = []
    run = bytearray()

    def close() -> None:
        if len(run) >= _MIN_LENGTH:
            found.append(frozenset({bytes(run)}))
        run.clear()

    for op, av in items:
        if op is _c.LITERAL and av < 256:
            run.append(av)
            continue
        close()
        if op is _c.SUBPATTERN:
            inner = _requirement(av[-1], depth + 1)
            if inner is not None:
                found.append(inner)
        elif op is _c.BRANCH:
            alternatives: set[bytes] = set()
            for branch in av[1]:
                inner = _requirement(branch, depth + 1)
                if inner is None:
                    alternatives = set()
                    break
                alternatives |= inner
            if alternatives:
                found.append(frozenset(alternatives))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            inner = _requirement(av[2], depth + 1)
            if inner is not None:
                found.append(inner)
    close()
    return _best(found)


def prefilter(pattern: re.Pattern[bytes]) -> Prefilter | None:
    """The literal pre-filter of a bytes pattern, or None when none can be proven."""
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    requirement = _requirement(parsed)
    if requirement is None:
        return None
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    literals = tuple(sorted(x.lower() if ignore_case else x for x in requirement))
    return Prefilter(literals, ignore_case)

"""Does an unknown package name imitate a known one?

Typosquats lean on a handful of tricks: a typo (one edit away), a swapped separator or case,
an added `python-`/`py`/`-py` affix, a digit for a letter (`reque5ts`) or for another digit
(`boto4`), or letters that look alike (`rn` for `m`). Each check runs only for names nothing
vouched for, so the cost is irrelevant next to the noise a wrong match would cause: matches
need real similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: the affixes typosquats add to a real name; words like `-tools` make a different package
_AFFIXES = re.compile(r"^(?:python3?[-_]?|py3?[-_]?)?(?P<core>.+?)(?:[-_]?(?:python3?|py3?))?$")
_CONFUSABLE = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"), ("i", "l"))
_SEPARATORS = re.compile(r"[-_.]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Lookalike:
    target: str
    trick: str


def _flat(name: str) -> str:
    return _SEPARATORS.sub("", name.lower())


def _skeleton(name: str) -> str:
    flat = _flat(name)
    for fake, real in _CONFUSABLE:
        flat = flat.replace(fake, real)
    return flat


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)


class TargetIndex:
    """Known names with their comparison keys precomputed, bucketed by length.

    Built once per set of targets; a lookup then touches only names of similar length.
    `aliases` are further names to compare with that stand for another target: a
    distribution name used in an import (`import scikitlearn`, `import pyjwt`) imitates the
    distribution, but the fix must name the module it installs (`sklearn`, `jwt`).
    """

    def __init__(self, targets: Iterable[str], aliases: Mapping[str, str] | None = None) -> None:
        #: comparison key -> (the name compared with, the target to report)
        self.by_flat: dict[str, tuple[str, str]] = {}
        self.by_skeleton: dict[str, tuple[str, str]] = {}
        self.by_digits: dict[str, tuple[str, str]] = {}
        self.by_length: dict[int, list[tuple[str, str, str]]] = {}
        # targets first, so that a module wins over a distribution with the same key
        entries = [(t, t) for t in sorted(set(targets))]
        entries += sorted((aliases or {}).items())
        for name, report in entries:
            flat = _flat(name)
            self.by_flat.setdefault(flat, (name, report))
            if len(flat) < 4:
                continue
            self.by_skeleton.setdefault(_skeleton(name), (name, report))
            if _DIGIT.search(flat):
                self.by_digits.setdefault(_DIGIT.sub("#", flat), (name, report))
            self.by_length.setdefault(len(flat), []).append((name, report, flat))
        self._memo: dict[str, Lookalike | None] = {}

    def lookalike(self, name: str) -> Lookalike | None:
        if name not in self._memo:
            self._memo[name] = self._find(name)
        return self._memo[name]

    def _find(self, name: str) -> Lookalike | None:
        flat = _flat(name)
        if len(flat) < 3:
            return None

        def found(entry: tuple[str, str], trick: str) -> Lookalike | None:
            matched, report = entry
            if report != matched:
                if _flat(report) == flat:
                    return None  # the very module the alias stands for: no imitation
                trick += f"; `{matched}` is imported as `{report}`"
            return Lookalike(report, trick)

        same = self.by_flat.get(flat)
        if same is not None:
            if same[0] != same[1]:
                trick = f"the distribution `{same[0]}` is imported as `{same[1]}`"
                return Lookalike(same[1], trick) if _flat(same[1]) != flat else None
            return found(same, "the same name with different separators or case")
        core = _AFFIXES.match(name.lower())
        stripped = _flat(core.group("core")) if core else flat
        if stripped != flat and len(stripped) >= 4 and stripped in self.by_flat:
            entry = self.by_flat[stripped]
            return found(entry, f"`{entry[0]}` with an added prefix or suffix")
        skeleton = self.by_skeleton.get(_skeleton(name))
        if skeleton is not None:
            return found(skeleton, "look-alike characters")
        if _DIGIT.search(flat):
            digits = self.by_digits.get(_DIGIT.sub("#", flat))
            if digits is not None:
                return found(digits, f"`{digits[0]}` with another digit")
        best: tuple[int, str, str] | None = None
        for length in range(len(flat) - 2, len(flat) + 3):
            for target, report, target_flat in self.by_length.get(length, ()):
                allowed = 1 if len(target_flat) < 8 else 2
                if abs(len(target_flat) - len(flat)) > allowed:
                    continue
                if report != target and _flat(report) == flat:
                    continue
                gap = distance(flat, target_flat, allowed + 1)
                if gap <= allowed and (best is None or gap < best[0]):
                    best = (gap, target, report)
        if best is None:
            return None
        kind = "a typo" if best[0] == 1 else "two typos"
        return found((best[1], best[2]), f"{kind} away from `{best[1]}`")


def lookalike(name: str, targets: Iterable[str] | TargetIndex) -> Lookalike | None:
    """The known name `name` most plausibly imitates, with the trick used, or None."""
    index = targets if isinstance(targets, TargetIndex) else TargetIndex(targets)
    return index.lookalike(name)

"""Reading rule fixtures: Python files whose comments say which lines a rule must flag.

    # ruleid: GH100
    eval(data)            <- must be flagged by GH100
    # ok: GH100
    eval("1 + 1")         <- must not be flagged by GH100

An annotation applies to the next line that is not itself an annotation. Every finding in a
fixture file must be annotated, so a rule that fires where it should not fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
_ANNOTATION = re.compile(r"^\s*#\s*(ruleid|ok|todoruleid|todook):\s*([A-Z0-9, ]+?)\s*$")


@dataclass
class Fixture:
    path: Path
    source: bytes
    #: (1-based line, code) pairs that must be reported
    expected: set[tuple[int, str]]
    #: (1-based line, code) pairs that must not be reported
    negatives: set[tuple[int, str]]


def load(path: Path) -> Fixture:
    source = path.read_bytes()
    expected: set[tuple[int, str]] = set()
    negatives: set[tuple[int, str]] = set()
    pending: list[tuple[str, list[str]]] = []
    for number, line in enumerate(source.decode("utf-8").splitlines(), start=1):
        match = _ANNOTATION.match(line)
        if match:
            codes = [c.strip() for c in match.group(2).split(",") if c.strip()]
            pending.append((match.group(1), codes))
            continue
        for kind, codes in pending:
            target = expected if kind == "ruleid" else negatives
            if kind.startswith("todo"):
                continue
            target.update((number, code) for code in codes)
        pending = []
    return Fixture(path, source, expected, negatives)


def all_fixtures() -> list[Path]:
    """Python fixtures, and dependency manifests (requirements*.txt, pyproject.toml, ...)."""
    from gifthorse.analyzers.documents import is_manifest, is_python

    return sorted(p for p in FIXTURES.rglob("*") if is_python(p.name) or is_manifest(str(p)))

"""Every rule against its fixtures: exactly the annotated lines are flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from gifthorse.analyzers import (
    Finding,
    LineIndex,
    Settings,
    analyze,
    apply_edits,
    default_rules,
    parse,
)
from gifthorse.analyzers.documents import analyze_document, is_python
from gifthorse.analyzers.rules.dependencies import ONLINE_CODES
from rule_fixtures import FIXTURES, all_fixtures, load

FIXTURE_PATHS = all_fixtures()
#: fixtures exercise every rule, including those off by default
ALL = Settings(select=("ALL",))


def findings_of(path: Path, source: bytes) -> list[Finding]:
    if is_python(path.name):
        analysis = analyze(parse(source, str(path)), settings=ALL)
        assert not analysis.errors, analysis.errors
        return analysis.findings
    return analyze_document(str(path), source, ALL)


def _reported(path: Path) -> tuple[set[tuple[int, str]], list[Finding]]:
    fixture = load(path)
    findings = findings_of(path, fixture.source)
    lines = LineIndex(fixture.source)
    return {(lines.line_of(f.start) + 1, f.code) for f in findings}, findings


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    fixture = load(path)
    found, _ = _reported(path)
    missing = sorted(fixture.expected - found)
    unexpected = sorted(found - fixture.expected)
    assert not missing, f"not reported: {missing}"
    assert not unexpected, f"reported without a `# ruleid:` annotation: {unexpected}"
    assert not (found & fixture.negatives)


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixes_parse_and_silence_the_rule(path: Path) -> None:
    """Apply each fix alone: the result parses and the rule no longer fires there."""
    fixture = load(path)
    lines = LineIndex(fixture.source)
    for finding in findings_of(path, fixture.source):
        if finding.fix is None:
            continue
        fixed = apply_edits(fixture.source, finding.fix.edits)
        if is_python(path.name):
            assert not parse(fixed, str(path)).tree.root_node.has_error, (
                f"{finding.code} fix leaves a syntax error:\n{fixed.decode()}"
            )
        line = lines.line_of(finding.start)
        after = LineIndex(fixed)
        still = [
            f
            for f in findings_of(path, fixed)
            if f.code == finding.code and after.line_of(f.start) == line
        ]
        assert not still, f"{finding.code} still fires after its fix:\n{fixed.decode()}"


def test_every_rule_has_positive_and_negative_fixtures() -> None:
    positives: set[str] = set()
    negatives: set[str] = set()
    for path in FIXTURE_PATHS:
        fixture = load(path)
        positives.update(code for _, code in fixture.expected)
        negatives.update(code for _, code in fixture.negatives)
    codes = {meta.code for meta in default_rules().metas} - ONLINE_CODES
    assert not codes - positives, (
        f"rules without a `# ruleid:` fixture: {sorted(codes - positives)}"
    )
    assert not codes - negatives, f"rules without an `# ok:` fixture: {sorted(codes - negatives)}"


def test_every_fixable_rule_has_an_exercised_fix() -> None:
    fixed: set[str] = set()
    for path in FIXTURE_PATHS:
        _, findings = _reported(path)
        fixed.update(f.code for f in findings if f.fix is not None)
    fixable = {m.code for m in default_rules().metas if m.fixable}
    assert not fixable - fixed, (
        f"fixable rules whose fix no fixture exercises: {sorted(fixable - fixed)}"
    )
    claimed = {m.code for m in default_rules().metas if not m.fixable}
    assert not claimed & fixed, f"rules with fixes but fixable=False: {sorted(claimed & fixed)}"


def test_metadata_is_complete() -> None:
    metas = default_rules().metas
    names = [meta.name for meta in metas]
    assert len(names) == len(set(names)), "rule names must be unique"
    assert len(metas) >= 100, f"the catalogue has {len(metas)} rules"
    for meta in metas:
        assert meta.code.startswith("GH") and len(meta.code) == 5, meta.code
        assert meta.name == meta.name.lower() and " " not in meta.name, meta.name
        assert meta.message and meta.why and meta.example and meta.fixed_example, meta.code
        assert len(meta.why) > 80, f"{meta.code}: say why it is risky in a paragraph"
        assert meta.cwe, f"{meta.code}: name at least one CWE"

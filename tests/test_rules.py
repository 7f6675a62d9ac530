"""Every rule against its fixtures: exactly the annotated lines are flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from gifthorse.analyzers import Settings, analyze, apply_edits, default_rules, parse
from gifthorse.analyzers.rule import CallRule
from rule_fixtures import FIXTURES, all_fixtures, load

FIXTURE_PATHS = all_fixtures()
#: fixtures exercise every rule, including those off by default
ALL = Settings(select=("ALL",))


def _reported(path: Path) -> tuple[set[tuple[int, str]], list]:
    fixture = load(path)
    module = parse(fixture.source, str(path))
    analysis = analyze(module, settings=ALL)
    assert not analysis.errors, analysis.errors
    found = {(module.lines.line_of(f.start) + 1, f.code) for f in analysis.findings}
    return found, analysis.findings


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
    module = parse(fixture.source, str(path))
    for finding in analyze(module, settings=ALL).findings:
        if finding.fix is None:
            continue
        fixed = apply_edits(fixture.source, finding.fix.edits)
        after = parse(fixed, str(path))
        assert not after.tree.root_node.has_error, (
            f"{finding.code} fix leaves a syntax error:\n{fixed.decode()}"
        )
        line = module.lines.line_of(finding.start)
        still = [
            f for f in analyze(after, settings=ALL).findings
            if f.code == finding.code and after.lines.line_of(f.start) == line
        ]
        assert not still, f"{finding.code} still fires after its fix:\n{fixed.decode()}"


def test_every_rule_has_positive_and_negative_fixtures() -> None:
    positives: set[str] = set()
    negatives: set[str] = set()
    for path in FIXTURE_PATHS:
        fixture = load(path)
        positives.update(code for _, code in fixture.expected)
        negatives.update(code for _, code in fixture.negatives)
    codes = {rule.meta.code for rule in default_rules().rules}
    assert not codes - positives, f"rules without a `# ruleid:` fixture: {sorted(codes - positives)}"
    assert not codes - negatives, f"rules without an `# ok:` fixture: {sorted(codes - negatives)}"


def test_every_fixable_rule_has_an_exercised_fix() -> None:
    fixed: set[str] = set()
    for path in FIXTURE_PATHS:
        _, findings = _reported(path)
        fixed.update(f.code for f in findings if f.fix is not None)
    fixable = {r.meta.code for r in default_rules().rules if r.meta.fixable}
    assert not fixable - fixed, f"fixable rules whose fix no fixture exercises: {sorted(fixable - fixed)}"
    claimed = {r.meta.code for r in default_rules().rules if not r.meta.fixable}
    assert not claimed & fixed, f"rules with fixes but fixable=False: {sorted(claimed & fixed)}"


def test_metadata_is_complete() -> None:
    rules = default_rules().rules
    names = [r.meta.name for r in rules]
    assert len(names) == len(set(names)), "rule names must be unique"
    for rule in rules:
        meta = rule.meta
        assert meta.code.startswith("GH") and len(meta.code) == 5, meta.code
        assert meta.name == meta.name.lower() and " " not in meta.name, meta.name
        assert meta.message and meta.why and meta.example and meta.fixed_example, meta.code
        assert len(meta.why) > 80, f"{meta.code}: say why it is risky in a paragraph"
        assert meta.cwe, f"{meta.code}: name at least one CWE"
        assert isinstance(rule, CallRule) or rule.meta is not None

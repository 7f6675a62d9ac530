"""A finding about a secret must never repeat the secret.

Messages travel further than source: terminals, CI logs, SARIF uploads, editor hover text and
screenshots. Every secrets finding (GH700-GH749) in every fixture is checked: no run of
`WINDOW` characters of the flagged value may appear in its message, its fix title or its
related-location messages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from gifthorse.analyzers import Finding, Settings, analyze, parse
from rule_fixtures import FIXTURES

#: long enough that ordinary words in a message cannot collide with a random value
WINDOW = 6
ALL = Settings(select=("ALL",))
SECRET_FIXTURES = sorted((FIXTURES / "secrets").rglob("*.py"))


def _is_secret_rule(finding: Finding) -> bool:
    return finding.code.startswith("GH7") and 700 <= int(finding.code[2:]) <= 749


#: PEM armour lines are a public format, not part of the key
_ARMOUR = re.compile(r"-----(?:BEGIN|END) [A-Z ]+-----")


def _flagged_value(source: bytes, finding: Finding) -> str:
    """The flagged text; a whole string literal is read as Python reads it."""
    text = source[finding.start : finding.end].decode("utf-8")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = text
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return _ARMOUR.sub("", str(value))


def _leaks(value: str, text: str) -> list[str]:
    return sorted({value[i : i + WINDOW] for i in range(len(value) - WINDOW + 1)} & _windows(text))


def _windows(text: str) -> set[str]:
    return {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}


def _secret_findings(path: Path) -> tuple[bytes, list[Finding]]:
    source = path.read_bytes()
    findings = analyze(parse(source, str(path)), settings=ALL).findings
    return source, [f for f in findings if _is_secret_rule(f)]


@pytest.mark.parametrize("path", SECRET_FIXTURES, ids=lambda p: p.name)
def test_messages_do_not_contain_the_secret(path: Path) -> None:
    source, findings = _secret_findings(path)
    for finding in findings:
        value = _flagged_value(source, finding)
        shown = [finding.message]
        if finding.fix is not None:
            shown.append(finding.fix.title)
        shown.extend(r.message for r in finding.related)
        for text in shown:
            leaked = _leaks(value, text)
            assert not leaked, f"{finding.code} shows {leaked!r} of its secret: {text!r}"


def test_the_check_covers_every_secret_rule() -> None:
    """The fixtures exercise the check above for (nearly) every rule of the family."""
    codes: set[str] = set()
    checked = 0
    for path in SECRET_FIXTURES:
        _, findings = _secret_findings(path)
        codes.update(f.code for f in findings)
        checked += len(findings)
    assert checked >= 40
    assert len(codes) >= 20, sorted(codes)


def test_the_leak_detector_detects_a_leak() -> None:
    """The helper the test relies on does flag a message that quotes part of a value."""
    secret = "ghp_" + "BY6rfNcAKEIOUttYpATIk27f4t3tGolUByxR"
    assert _leaks(secret, f"hard-coded GitHub token `{secret[:10]}…`")
    assert not _leaks(secret, "hard-coded GitHub token in `GITHUB_TOKEN`")

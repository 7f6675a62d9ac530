"""Shared pieces of the editor end-to-end tests: installed components and the editing scenario.

Components come from `scripts/setup-e2e.sh`, which records each outcome in
`.cache/e2e/status/<name>`. A third-party component that could not be installed makes its tests
skip with the recorded reason; our own extension failing to build makes them fail.

The scenario is derived from the engine rather than written down: the block pasted for the quick
fix is the first candidate the engine flags *with* a fix, and the expected buffer afterwards is
the engine's own fix applied. So the tests keep working as rules evolve, and they still check
that the editor shows exactly what the engine computes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest
from gifthorse.analyzers import Finding, analyze, apply_edits, default_rules, parse

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("GIFTHORSE_E2E_CACHE", ROOT / ".cache" / "e2e"))
SETUP = ROOT / "scripts" / "setup-e2e.sh"

#: the file the editors open; the blocks are pasted after it
INITIAL_TEXT = "import os\n"

#: risky blocks, in order of preference; each is what an assistant might paste
CANDIDATE_BLOCKS = (
    "import subprocess\n\n\ndef run(cmd):\n    return eval(cmd)\n",
    "import yaml\n\n\ndef load_config(path):\n    with open(path) as handle:\n"
    "        return yaml.load(handle, Loader=yaml.Loader)\n",
    "import requests\n\n\ndef fetch(url):\n    return requests.get(url, verify=False).json()\n",
)


def run_setup() -> str:
    """Runs the idempotent installer once; returns its output for failure messages."""
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(SETUP)], capture_output=True, text=True, env=env, timeout=1800, check=False
    )
    return done.stdout + done.stderr


def component(name: str, *, ours: bool = False) -> str:
    """The installed component's path; skips (third-party) or fails (ours) when it is missing."""
    status = CACHE / "status" / name
    if not status.is_file():
        pytest.fail(f"{name}: no record in {status}; run scripts/setup-e2e.sh first")
    text = status.read_text(encoding="utf-8").strip()
    if text.startswith("ok"):
        return text.removeprefix("ok").strip()
    if ours:
        pytest.fail(f"{name}: {text} (log in {CACHE / 'logs'})")
    pytest.skip(f"{name} could not be installed by scripts/setup-e2e.sh: {text}")


def server_path_env() -> dict[str, str]:
    """The environment in which `gifthorse` on PATH is this interpreter's console script."""
    scripts = sysconfig.get_path("scripts")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([scripts, env.get("PATH", "")])
    return env


@dataclass(frozen=True)
class Scenario:
    """A risky paste, the rule expected to flag it, and what its quick fix must produce."""

    block: str
    code: str
    why: str
    #: the exact code action title to apply, or "Suppress" when the rule has no fix
    action: str
    #: the whole buffer after the fix; None for the suppression fallback
    expected_text: str | None


def _findings(text: str, block_start: int) -> list[Finding]:
    analysis = analyze(parse(text.encode(), path="demo.py"))
    return [f for f in analysis.findings if f.end > block_start]


def _why(code: str) -> str:
    why: str = next(r.meta.why for r in default_rules().rules if r.meta.code == code)
    return why


def fix_scenario() -> Scenario:
    """The first candidate block the engine flags with a working fix (else: suppress a finding)."""
    start = len(INITIAL_TEXT.encode())
    flagged: list[tuple[str, Finding]] = []
    for block in CANDIDATE_BLOCKS:
        text = INITIAL_TEXT + block
        for finding in _findings(text, start):
            flagged.append((block, finding))
            if finding.fix is None:
                continue
            fixed = apply_edits(text.encode(), finding.fix.edits).decode()
            if any(f.code == finding.code for f in _findings(fixed, start)):
                continue  # a fix that does not clear its own finding is no test of the editor
            return Scenario(block, finding.code, _why(finding.code), finding.fix.title, fixed)
    if not flagged:
        pytest.fail(f"the engine flags none of the candidate blocks: {CANDIDATE_BLOCKS}")
    block, finding = flagged[0]
    return Scenario(block, finding.code, _why(finding.code), "Suppress", None)


def review_scenario(fix: Scenario) -> Scenario:
    """A second flagged block, different from the fix scenario's, for "mark as reviewed"."""
    for block in CANDIDATE_BLOCKS:
        if block == fix.block:
            continue
        findings = _findings(INITIAL_TEXT + block, len(INITIAL_TEXT.encode()))
        if findings:
            code = findings[0].code
            return Scenario(block, code, _why(code), "", None)
    pytest.fail("the engine flags only one of the candidate blocks")


def words(markdown: str) -> str:
    """Text without Markdown punctuation, whitespace collapsed: rendered and raw hovers compare."""
    for char in "`*_[]":
        markdown = markdown.replace(char, "")
    return " ".join(markdown.split())

"""`gifthorse check` and `gifthorse rules` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from gifthorse.analyzers import default_rules
from gifthorse.analyzers.catalogue import catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent
RISKY = "import yaml\n\ndef load(data):\n    return eval(data)\n"
SAFE = "def add(a, b):\n    return a + b\n"


def gifthorse(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gifthorse.server.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "safe.py").write_text(SAFE)
    assert gifthorse("check", str(tmp_path / "safe.py")).returncode == 0
    (tmp_path / "risky.py").write_text(RISKY)
    done = gifthorse("check", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert f"{tmp_path / 'risky.py'}:4:12: GH100 " in done.stdout
    assert gifthorse("check", "--exit-zero", str(tmp_path)).returncode == 0
    bad = gifthorse("check", "--format", "xml", str(tmp_path))
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    assert gifthorse().returncode == 2


def test_json_contract(tmp_path: Path) -> None:
    (tmp_path / "risky.py").write_text(RISKY)
    done = gifthorse("check", "--format", "json", str(tmp_path))
    document = json.loads(done.stdout)
    assert document["errors"] == []
    (finding,) = document["findings"]
    assert set(finding) >= {
        "path",
        "rule",
        "name",
        "category",
        "severity",
        "confidence",
        "cwe",
        "message",
        "range",
        "fix",
    }
    assert finding["rule"] == "GH100" and finding["cwe"] == [95]
    assert finding["range"] == {
        "start": {"line": 4, "column": 12},
        "end": {"line": 4, "column": 22},
    }


def test_sarif_is_valid_against_the_schema(tmp_path: Path) -> None:
    (tmp_path / "risky.py").write_text(RISKY)
    (tmp_path / "binary.py").write_bytes(b"\x00\x01\x02")
    done = gifthorse("check", "--format", "sarif", str(tmp_path))
    document = json.loads(done.stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(default_rules().metas)
    (result,) = run["results"]
    assert result["ruleId"] == "GH100"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "GH100"
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith(
        "binary file"
    )


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "risky.py").write_text(RISKY)
    assert gifthorse("check", "--ignore", "GH100", str(tmp_path)).returncode == 0
    assert gifthorse("check", "--select", "GH1", str(tmp_path)).returncode == 1
    assert gifthorse("check", "--select", "GH7", str(tmp_path)).returncode == 0
    warned = gifthorse("check", "--select", "XYZ9", str(tmp_path))
    assert "`XYZ9` matches no rule" in warned.stderr


def test_pyproject_settings_and_bad_values(tmp_path: Path) -> None:
    (tmp_path / "risky.py").write_text(RISKY)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gifthorse]\nignore = ["GH100"]\nscope = "sometimes"\ncolour = true\n'
    )
    done = gifthorse("check", str(tmp_path))
    assert done.returncode == 0, done.stdout
    assert "`scope` must be one of fresh, all" in done.stderr
    assert "unknown setting `colour`" in done.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.gifthorse\n")
    broken = gifthorse("check", str(tmp_path))
    assert broken.returncode == 1 and "cannot read [tool.gifthorse]" in broken.stderr


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_diff_reports_only_added_lines(tmp_path: Path) -> None:
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "old.py").write_text("x = eval(data)\n")
    git("add", ".", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    (tmp_path / "old.py").write_text("x = eval(data)\ny = eval(more)\n")
    (tmp_path / "new.py").write_text("z = exec(payload)\n")
    done = gifthorse("check", "--diff", "HEAD", "--format", "json", ".", cwd=tmp_path)
    found = {
        (Path(f["path"]).name, f["range"]["start"]["line"])
        for f in json.loads(done.stdout)["findings"]
    }
    assert found == {("old.py", 2), ("new.py", 1)}
    bad = gifthorse("check", "--diff", "no-such-rev", ".", cwd=tmp_path)
    assert bad.returncode == 2 and "--diff no-such-rev" in bad.stderr


def test_bad_input_is_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    (tmp_path / "risky.py").write_text(RISKY)
    (tmp_path / "latin1.py").write_bytes(b"x = '\xe9'\n")
    (tmp_path / "declared.py").write_bytes(b"# -*- coding: latin-1 -*-\nx = eval('\xe9' + y)\n")
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x00\x00")
    (tmp_path / "empty.py").write_text("")
    (tmp_path / "broken.py").write_text("def f(:\n    eval(x)\n  return (\n")
    (tmp_path / "huge.py").write_bytes(b"x = 1\n" * (21 * 1024 * 1024 // 6 + 1))
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop)
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    done = gifthorse("check", "--format", "json", str(tmp_path), str(tmp_path / "pipe.py"))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    document = json.loads(done.stdout)
    errors = {Path(e["path"]).name: e["message"] for e in document["errors"]}
    assert errors["latin1.py"].startswith("cannot decode as utf-8 at line 1")
    assert errors["binary.py"].startswith("binary file")
    assert errors["huge.py"].startswith("file too large")
    assert errors["pipe.py"] == "not a regular file (a pipe, socket or device); skipped"
    assert "a.py" in errors and "symbolic links" in errors["a.py"]
    assert "dangling.py" in errors
    flagged = {(Path(f["path"]).name, f["range"]["start"]["line"]) for f in document["findings"]}
    assert {("risky.py", 4), ("declared.py", 2), ("broken.py", 2)} <= flagged
    assert "empty.py" not in errors


def test_gitignore_is_respected(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("generated/\nskip_*.py\n")
    for name in ("generated/x.py", "skip_me.py", "keep.py", ".venv/lib/y.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RISKY)
    document = json.loads(gifthorse("check", "--format", "json", str(tmp_path)).stdout)
    assert {Path(f["path"]).name for f in document["findings"]} == {"keep.py"}
    named = json.loads(gifthorse("check", "--format", "json", str(tmp_path / "skip_me.py")).stdout)
    assert len(named["findings"]) == 1
    ignored_dir = json.loads(
        gifthorse("check", "--format", "json", str(tmp_path / "generated")).stdout
    )
    assert len(ignored_dir["findings"]) == 1, "a directory named explicitly is scanned"


def test_parallel_run_matches_serial(tmp_path: Path) -> None:
    for index in range(40):
        (tmp_path / f"m{index}.py").write_text(RISKY if index % 3 == 0 else SAFE)
    serial = gifthorse("check", "--format", "json", "-j", "1", str(tmp_path))
    parallel = gifthorse("check", "--format", "json", "-j", "2", str(tmp_path))
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)
    assert len(json.loads(serial.stdout)["findings"]) == 14


def test_rules_catalogue_and_docs_are_current() -> None:
    done = gifthorse("rules", "--format", "json")
    rules = json.loads(done.stdout)["rules"]
    assert len(rules) == len(default_rules().metas)
    expected = catalogue_markdown(default_rules().metas)
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert docs == expected, "docs/rules.md is stale: run `gifthorse rules > docs/rules.md`"


@pytest.mark.parametrize("flag", ["--stdio", None])
def test_serve_accepts_stdio_flag(flag: str | None) -> None:
    args = ["serve"] + ([flag] if flag else [])
    parsed = (
        __import__("gifthorse.server.cli", fromlist=["build_parser"])
        .build_parser()
        .parse_args(args)
    )
    assert parsed.command == "serve"

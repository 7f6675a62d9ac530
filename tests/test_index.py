"""The optional online check against a real HTTP server on 127.0.0.1 posing as the index."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_index import Index, serve_index
from gifthorse.analyzers.dependencies.index import IndexClient


@pytest.fixture
def index() -> Iterator[str]:
    with serve_index() as url:
        yield url


def test_answers(index: str, tmp_path: Path) -> None:
    client = IndexClient(index, cache=tmp_path, timeout=1.0)
    established = client.lookup("established")
    assert established is not None and established.exists and established.releases == 12
    assert established.suspicious() is None
    new = client.lookup("brand-new")
    assert (
        new is not None and new.suspicious() == "first uploaded 3 days ago, with a single release"
    )
    lonely = client.lookup("lonely")
    assert lonely is not None and lonely.suspicious() == "a project with a single release"
    missing = client.lookup("never-existed")
    assert missing is not None and not missing.exists and missing.suspicious() == "not found"


def test_answers_are_cached_on_disk(index: str, tmp_path: Path) -> None:
    IndexClient(index, cache=tmp_path).lookup("established")
    IndexClient(index, cache=tmp_path).lookup("never-existed")
    before = len(Index.hits)
    again = IndexClient(index, cache=tmp_path)
    assert again.lookup("established") is not None
    assert again.lookup("never-existed") is not None
    assert len(Index.hits) == before
    expired = IndexClient(index, cache=tmp_path, negative_ttl=0)
    assert expired.lookup("never-existed") is not None
    assert len(Index.hits) == before + 1, "a negative answer expires sooner"


@pytest.mark.parametrize("name", ["slow-package", "broken-package", "garbled-package"])
def test_failures_degrade_to_offline_with_one_message(
    index: str, tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = IndexClient(index, cache=tmp_path, timeout=0.5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gifthorse.index"):
        assert client.lookup(name) is None
        assert client.lookup(name) is None
    assert time.monotonic() - started < 2.5
    messages = [r for r in caplog.records if r.name == "gifthorse.index"]
    assert len(messages) == 1 and "offline" in messages[0].getMessage()


def test_unreachable_index(tmp_path: Path) -> None:
    client = IndexClient("http://127.0.0.1:9/pypi", cache=tmp_path, timeout=0.5)
    assert client.lookup("anything") is None


def run_check(tmp_path: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gifthorse.server.cli",
            "check",
            "--format",
            "json",
            *args,
            str(tmp_path / "app"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_cli_check_index(index: str, tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "main.py").write_text(
        "import never_existed\nimport brand_new\nimport established\nimport os\n"
    )
    offline = run_check(tmp_path)
    assert Index.hits == [], "no connection unless the user asks for one"
    assert sorted(f["rule"] for f in offline["findings"]) == ["GH950"] * 3  # type: ignore[index, union-attr]
    online = run_check(tmp_path, "--check-index", index)
    found = sorted((f["range"]["start"]["line"], f["rule"]) for f in online["findings"])  # type: ignore[index, union-attr]
    assert found == [(1, "GH950"), (1, "GH959"), (2, "GH950"), (2, "GH960"), (3, "GH950")]

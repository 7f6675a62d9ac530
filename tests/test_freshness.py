"""Freshness (DESIGN §4): what is fresh, what is an inserted block, and the git baseline."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from gifthorse.server.baseline import committed
from gifthorse.server.documents import Change
from gifthorse.server.freshness import Arrival, Freshness, differing_lines
from gifthorse.server.ranges import ByteEdit, RangeSet


def insert(at: int, text: str) -> Change:
    size = len(text.encode())
    lines = sum(1 for line in text.splitlines() if line.strip())
    return Change(ByteEdit(at, at, at + size), len(text), lines, text)


def delete(start: int, end: int) -> Change:
    return Change(ByteEdit(start, end, start), 0, 0, "")


# -- ranges -------------------------------------------------------------------------------


def test_ranges_follow_edits() -> None:
    ranges = RangeSet([(10, 20, 1.0), (30, 40, 2.0)])
    ranges.apply(ByteEdit(0, 0, 5))  # insert 5 bytes before everything
    assert list(ranges) == [(15, 25), (35, 45)]
    ranges.apply(ByteEdit(20, 20, 23))  # typing inside the first range splits it
    assert list(ranges) == [(15, 20), (23, 28), (38, 48)]
    ranges.apply(ByteEdit(26, 40, 26))  # a deletion across a boundary clips both sides
    assert list(ranges) == [(15, 20), (23, 26), (26, 34)]
    ranges.apply(ByteEdit(0, 100, 0))
    assert list(ranges) == []


def test_ranges_merge_and_keep_the_earliest_stamp() -> None:
    ranges = RangeSet()
    ranges.add(10, 20, 5.0)
    ranges.add(20, 25, 3.0)
    ranges.add(40, 40, 9.0)
    assert ranges.items() == [(10, 25, 3.0), (40, 40, 9.0)]
    assert ranges.stamp(12, 13) == 3.0
    assert ranges.intersects(39, 41) and not ranges.intersects(40, 41)
    ranges.remove(15, 40)
    assert list(ranges) == [(10, 15)]


def test_points_and_ranges_intersect_consistently() -> None:
    needed = RangeSet([(5, 5, 0.0), (50, 60, 0.0)])
    stale = RangeSet([(0, 5, 0.0), (55, 55, 0.0), (58, 70, 0.0)])
    # a point at the end of a half-open range is not in it
    assert needed.intersection(stale) == [(55, 55), (58, 60)]


# -- fresh code and blocks ---------------------------------------------------------------


def test_typed_text_is_fresh_but_not_a_block() -> None:
    freshness = Freshness()
    for index, char in enumerate("x = eval(data)"):
        assert freshness.edit(insert(100 + index, char), 1.0, 2, 40) is None
    assert freshness.is_fresh(100, 114)
    assert not freshness.is_fresh(0, 100)
    assert not freshness.blocks
    assert freshness.arrival(104, 108) == (Arrival.TYPED, 1.0)


def test_enter_with_indentation_is_not_a_block() -> None:
    freshness = Freshness()
    assert freshness.edit(insert(0, "\n        "), 1.0, 2, 40) is None


@pytest.mark.parametrize(
    ("text", "is_block"),
    [
        ("import os\nos.system(cmd)\n", True),  # two lines
        ("requests.post(url, data=os.environ.copy(), timeout=5)", True),  # 40+ characters
        ("os.system(cmd)", False),
        ("\n\n\n", False),
    ],
)
def test_blocks_by_lines_or_characters(text: str, is_block: bool) -> None:
    freshness = Freshness()
    assert (freshness.edit(insert(0, text), 1.0, 2, 40) is not None) is is_block


def test_our_own_fixes_are_never_blocks() -> None:
    freshness = Freshness()
    text = "  # gifthorse: ignore[GH100]\nimport ast\n"
    assert freshness.edit(insert(0, text), 1.0, 2, 10, hand_made=True) is None
    assert freshness.is_fresh(0, 5)


def test_text_typed_inside_a_block_is_not_part_of_it() -> None:
    freshness = Freshness()
    block = freshness.edit(insert(10, "def f(x):\n    return eval(x)\n"), 1.0, 2, 40)
    assert block is not None
    freshness.edit(insert(20, "# nosec "), 2.0, 2, 40)
    assert freshness.inserted_ranges() == ((10, 20), (28, 47))
    assert freshness.block_at(20, 27) is None
    assert freshness.block_at(28, 30) is block
    freshness.edit(delete(0, 12), 3.0, 2, 40)
    assert freshness.inserted_ranges() == ((0, 8), (16, 35))
    assert freshness.arrival(16, 20) == (Arrival.INSERTED, 1.0)


def test_review_clears_a_range_or_everything() -> None:
    freshness = Freshness()
    freshness.edit(insert(0, "a = 1\nb = eval(x)\nc = 2\n"), 1.0, 2, 40)
    freshness.set_baseline([(100, 120)])
    freshness.review(6, 18)
    assert not freshness.is_fresh(6, 18)
    assert freshness.is_fresh(0, 5) and freshness.is_fresh(18, 23)
    assert freshness.block_at(8, 12) is None
    generation = freshness.generation
    freshness.review_all()
    assert not freshness.is_fresh(0, 200)
    assert freshness.generation > generation


def test_a_deletion_makes_the_code_around_it_fresh() -> None:
    freshness = Freshness()
    freshness.edit(delete(10, 14), 1.0, 2, 40)
    assert freshness.is_fresh(5, 15)  # a finding spanning the deletion point
    assert not freshness.is_fresh(10, 15)  # starting right at it
    assert not freshness.is_fresh(0, 10)


# -- the baseline ------------------------------------------------------------------------


def test_differing_lines() -> None:
    old = b"a = 1\nb = 2\nc = 3\nd = 4\n"
    new = b"a = 1\r\nb = eval(x)\r\nc = 3\r\nx = 0\r\n"
    ranges = differing_lines(old, new)
    assert [new[a:b] for a, b in ranges] == [b"b = eval(x)\r\n", b"x = 0\r\n"]
    assert differing_lines(b"a\nb\nc\n", b"a\nc\n") == [(2, 2)]  # a deleted line: a point
    assert differing_lines(b"", b"x\n") == [(0, 2)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env, capture_output=True)

    git("init", "-q")
    (tmp_path / "tracked.py").write_text("a = 1\n")
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    git("add", "tracked.py", ".gitignore")
    git("commit", "-q", "-m", "init")
    (tmp_path / "tracked.py").write_text("a = 1\nb = eval(x)\n")
    (tmp_path / "new.py").write_text("x = 1\n")
    (tmp_path / "ignored.py").write_text("x = 1\n")
    return tmp_path


def test_the_committed_content_is_the_baseline(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert committed(str(repo / "tracked.py")).content == b"a = 1\n"
    assert committed(str(repo / "new.py")).content == b""  # not committed: all of it is fresh
    assert committed(str(repo / "ignored.py")).content is None  # ignored: the open-time text
    outside = tmp_path_factory.mktemp("outside") / "x.py"
    outside.write_text("x = 1\n")
    assert committed(str(outside)).content is None

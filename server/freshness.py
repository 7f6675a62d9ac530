"""Which code in a document is fresh, and which arrived as one inserted block (DESIGN §4).

Three sources make code fresh: lines that differ from the baseline (the committed file, when
there is one), text inserted in this session (every content change), and among the latter,
inserted blocks: single changes large enough to be an accepted completion, a paste or an
agent's edit. Blocks are kept as the surviving pieces of their original text, so that what
the user types inside a block later is not mistaken for part of it.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass, field
from enum import Enum

from .documents import Change
from .ranges import ByteEdit, RangeSet


class Arrival(Enum):
    INSERTED = "inserted"
    TYPED = "typed"
    UNCOMMITTED = "uncommitted"


@dataclass
class Block:
    """One inserted block: when it arrived and which of its bytes survive."""

    stamp: float
    pieces: RangeSet = field(default_factory=RangeSet)

    @property
    def clock(self) -> str:
        return time.strftime("%H:%M", time.localtime(self.stamp))


class Freshness:
    def __init__(self) -> None:
        #: lines that differ from the baseline when the document was opened
        self.baseline = RangeSet()
        #: text inserted since, stamped with when it arrived
        self.typed = RangeSet()
        self.blocks: list[Block] = []
        #: bumped whenever what is fresh changes other than by an edit (review, baseline)
        self.generation = 0

    def edit(
        self,
        change: Change,
        now: float,
        min_lines: int,
        min_chars: int,
        hand_made: bool = False,
    ) -> Block | None:
        """Follow one content change; returns the new block if the change was one.

        `hand_made` changes (the text of our own quick fixes and suppression comments) are
        fresh but never blocks, so that accepting a fix cannot look like an insertion.
        """
        self.shift(change.edit)
        edit = change.edit
        self.typed.add(edit.start, edit.new_end, now)
        if hand_made:
            return None
        stripped = change.text.strip()
        lines = sum(1 for line in change.text.splitlines() if line.strip())
        if lines >= min_lines or len(stripped) >= min_chars:
            block = Block(now, RangeSet([(edit.start, edit.new_end, now)]))
            self.blocks.append(block)
            return block
        return None

    def shift(self, edit: ByteEdit) -> None:
        self.baseline.apply(edit)
        self.typed.apply(edit)
        for block in self.blocks:
            block.pieces.apply(edit)
        self.blocks = [b for b in self.blocks if b.pieces]

    def set_baseline(self, ranges: list[tuple[int, int]]) -> None:
        self.baseline = RangeSet((start, end, 0.0) for start, end in ranges)
        self.generation += 1

    def review(self, start: int, end: int) -> None:
        """The user vouched for [start, end): it is not fresh any more."""
        self.baseline.remove(start, end)
        self.typed.remove(start, end)
        for block in self.blocks:
            block.pieces.remove(start, end)
        self.blocks = [b for b in self.blocks if b.pieces]
        self.generation += 1

    def review_all(self) -> None:
        self.baseline.clear()
        self.typed.clear()
        self.blocks.clear()
        self.generation += 1

    def is_fresh(self, start: int, end: int) -> bool:
        return self.typed.intersects(start, end) or self.baseline.intersects(start, end)

    def block_at(self, start: int, end: int) -> Block | None:
        """The latest inserted block that the range touches."""
        for block in reversed(self.blocks):
            if block.pieces.intersects(start, end):
                return block
        return None

    def arrival(self, start: int, end: int) -> tuple[Arrival, float | None] | None:
        block = self.block_at(start, end)
        if block is not None:
            return Arrival.INSERTED, block.stamp
        stamp = self.typed.stamp(start, end)
        if stamp is not None:
            return Arrival.TYPED, stamp
        if self.baseline.intersects(start, end):
            return Arrival.UNCOMMITTED, None
        return None

    def inserted_ranges(self) -> tuple[tuple[int, int], ...]:
        """Every surviving byte of every block, merged: what the engine calls `inserted`."""
        merged = RangeSet()
        for block in self.blocks:
            for start, end in block.pieces:
                merged.add(start, end)
        return tuple(merged)

    def fresh_ranges(self) -> RangeSet:
        merged = self.typed.copy()
        for start, end, stamp in self.baseline.items():
            merged.add(start, end, stamp)
        return merged

    def runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The contiguous fresh ranges that touch [start, end]."""
        return self.fresh_ranges().overlapping(start, end)


def differing_lines(baseline: bytes, current: bytes) -> list[tuple[int, int]]:
    """Byte ranges of `current` on lines that are not in `baseline`; a point where lines were
    only deleted. Line endings do not count (a CRLF checkout of an LF commit is not fresh)."""
    old = [line.rstrip(b"\r\n") for line in baseline.splitlines()]
    kept = current.splitlines(keepends=True)
    new = [line.rstrip(b"\r\n") for line in kept]
    offsets = [0]
    for line in kept:
        offsets.append(offsets[-1] + len(line))
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    matcher = difflib.SequenceMatcher(
        None, old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    )
    ranges: list[tuple[int, int]] = []
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        first, last = prefix + j1, prefix + j2
        ranges.append((offsets[first], offsets[last]))
    return ranges

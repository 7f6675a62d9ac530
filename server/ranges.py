"""Byte ranges that follow the text through edits.

Fresh code, inserted blocks and the analysis bookkeeping are all "these bytes, wherever they
move next": an edit drops the replaced bytes from every set and shifts what follows, so a
range keeps meaning the same characters however much is typed above it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ByteEdit:
    """Bytes [start, old_end) of the old text became [start, new_end) of the new text."""

    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end

    def map(self, offset: int) -> int:
        """Where an old offset lands in the new text; offsets inside the replaced bytes land
        at the end of the replacement, after the inserted text."""
        if offset <= self.start:
            return offset
        if offset >= self.old_end:
            return offset + self.delta
        return self.new_end


def append_edit(edits: list[ByteEdit], edit: ByteEdit) -> None:
    """Append `edit` to a sequence of edits, composed with the last ones where it touches
    what they inserted: typing a line is one edit, not one per keystroke, and typing it
    and deleting it again is none. What the sequence maps (`documents.map_back`) is
    unchanged outside the edited bytes, and inside them spans the composed edit."""
    start, old_end, new_end = edit.start, edit.old_end, edit.new_end
    while edits:
        last = edits[-1]
        if start > last.new_end or old_end < last.start:
            break
        edits.pop()
        # [start, old_end) of the text after `last`, in the text before it; and where the
        # end of what `last` inserted went
        old_end, new_end = (
            last.old_end + max(0, old_end - last.new_end),
            new_end + max(0, last.new_end - old_end),
        )
        start = min(start, last.start)
    if not start == old_end == new_end:
        edits.append(ByteEdit(start, old_end, new_end))


class RangeSet:
    """Sorted, non-overlapping [start, end) ranges, each with a timestamp.

    Zero-width ranges are points (a deletion happened here). Merging two ranges keeps the
    earlier timestamp, which is when the oldest of the merged code arrived.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[int, int, float]] = ()) -> None:
        self._items: list[tuple[int, int, float]] = []
        for start, end, stamp in items:
            self.add(start, end, stamp)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((start, end) for start, end, _ in self._items)

    def __repr__(self) -> str:
        return f"RangeSet({list(self)})"

    def items(self) -> list[tuple[int, int, float]]:
        return list(self._items)

    def copy(self) -> RangeSet:
        clone = RangeSet()
        clone._items = list(self._items)
        return clone

    def clear(self) -> None:
        self._items.clear()

    def add(self, start: int, end: int, stamp: float = 0.0) -> None:
        if end < start:
            start, end = end, start
        items = self._items
        # Every range that overlaps or touches [start, end] merges with it.
        low = self._first_ending_at_or_after(start)
        high = low
        while high < len(items) and items[high][0] <= end:
            high += 1
        if low < high:
            start = min(start, items[low][0])
            end = max(end, items[high - 1][1])
            stamp = min([stamp, *(item[2] for item in items[low:high])])
        items[low:high] = [(start, end, stamp)]

    def _first_ending_at_or_after(self, offset: int) -> int:
        """Index of the first range whose end is >= offset (ends are sorted too)."""
        items = self._items
        low, high = 0, len(items)
        while low < high:
            middle = (low + high) // 2
            if items[middle][1] < offset:
                low = middle + 1
            else:
                high = middle
        return low

    def remove(self, start: int, end: int) -> None:
        """Subtract [start, end); points inside it or at either end go too."""
        items = self._items
        low = self._first_ending_at_or_after(start)
        kept: list[tuple[int, int, float]] = []
        high = low
        while high < len(items) and items[high][0] <= end:
            a, b, stamp = items[high]
            if a == b:
                if not start <= a <= end:
                    kept.append((a, b, stamp))
            elif b <= start or a >= end:
                kept.append((a, b, stamp))
            else:
                if a < start:
                    kept.append((a, start, stamp))
                if b > end:
                    kept.append((end, b, stamp))
            high += 1
        items[low:high] = kept

    def apply(self, edit: ByteEdit) -> None:
        """Follow an edit: replaced bytes leave the set, later ranges shift by its delta.

        Text inserted strictly inside a range splits it; callers that want the new text in
        the set add it themselves.
        """
        s, old_end, new_end = edit.start, edit.old_end, edit.new_end
        delta = new_end - old_end
        items = self._items
        low = self._first_ending_at_or_after(s)
        out: list[tuple[int, int, float]] = []
        for index in range(low, len(items)):
            a, b, stamp = items[index]
            if b <= s:
                out.append((a, b, stamp))
            elif a >= old_end:
                out.append((a + delta, b + delta, stamp))
            else:
                if a < s:
                    out.append((a, s, stamp))
                if b > old_end:
                    out.append((new_end, b + delta, stamp))
        items[low:] = out

    def intersects(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a range, or contain a point strictly inside it?"""
        return self.stamp(start, end) is not None

    def stamp(self, start: int, end: int) -> float | None:
        """The earliest timestamp among the ranges touching [start, end), None if none do."""
        items = self._items
        index = self._first_ending_at_or_after(start)
        found: float | None = None
        while index < len(items) and items[index][0] <= end:
            a, b, stamp = items[index]
            if (
                (a < end and start < b)
                or (a == b and start < a < end)
                or (start == end and a <= start < b)
            ):
                found = stamp if found is None else min(found, stamp)
            index += 1
        return found

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges that overlap or touch [start, end]."""
        items = self._items
        index = self._first_ending_at_or_after(start)
        out: list[tuple[int, int]] = []
        while index < len(items) and items[index][0] <= end:
            out.append(items[index][:2])
            index += 1
        return out

    def contains(self, offset: int) -> bool:
        """Is the offset inside a non-empty range (start inclusive, end exclusive)?"""
        items = self._items
        index = bisect_right(items, (offset, float("inf"), float("inf"))) - 1
        return index >= 0 and items[index][0] <= offset < items[index][1]

    def intersection(self, other: RangeSet) -> list[tuple[int, int]]:
        """Ranges of `self` clipped to `other`. A point is in a range [a, b) when
        a <= point < b, and in another point when they coincide."""
        out: list[tuple[int, int]] = []
        for a, b in other:
            for c, d in self.overlapping(a, b):
                if a == b:
                    if c <= a < d or c == d == a:
                        out.append((a, a))
                elif c == d:
                    if a <= c < b:
                        out.append((c, c))
                elif max(a, c) < min(b, d):
                    out.append((max(a, c), min(b, d)))
        return out

    def total(self) -> int:
        return sum(b - a for a, b, _ in self._items)

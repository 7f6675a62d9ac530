"""A line index that is edited, not rebuilt.

Rescanning a 20,000-line buffer for line breaks on every keystroke costs more than the whole
analysis of the edit, and so does adding the edit's length to every line start after it. So
the index is spliced (starts before the edit are kept, the edited window is rescanned) and
the shift of the lines after it is recorded, not applied: `starts[i]` is off by `delta` for
every `i >= pivot`. The next keystroke, usually a few lines away, folds its own shift into
the pending one after correcting only the starts in between.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gifthorse.analyzers import LineIndex

# LSP line terminators; lone form feeds, U+2028 and friends are not line breaks.
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


class Lines(LineIndex):
    """LineIndex over one version of a document's text; `edited` returns the next version."""

    __slots__ = ("_delta", "_has_cr", "_pivot")

    def __init__(
        self,
        source: bytes,
        starts: list[int] | None = None,
        has_cr: bool | None = None,
        pivot: int | None = None,
        delta: int = 0,
    ) -> None:
        if starts is None:
            super().__init__(source)
        else:
            self._source = source
            self.starts = starts
        self._has_cr = b"\r" in source if has_cr is None else has_cr
        #: starts[i] + delta is the true start of line i, for i >= pivot
        self._pivot = len(self.starts) if pivot is None else pivot
        self._delta = delta if self._pivot < len(self.starts) else 0

    @property
    def source(self) -> bytes:
        return self._source

    def line_of(self, offset: int) -> int:
        starts, pivot = self.starts, self._pivot
        if pivot < len(starts) and offset >= starts[pivot] + self._delta:
            return bisect_right(starts, offset - self._delta, pivot) - 1
        return bisect_right(starts, offset, 0, pivot) - 1

    def line_start(self, line: int) -> int:
        if line < 0:
            return 0
        starts = self.starts
        if line >= len(starts):
            return len(self._source)
        return starts[line] + self._delta if line >= self._pivot else starts[line]

    def line_starts(self) -> list[int]:
        return self._true(0, len(self.starts))

    def _true(self, first: int, last: int) -> list[int]:
        """starts[first:last] with the pending shift applied."""
        starts, pivot, delta = self.starts, self._pivot, self._delta
        if last <= pivot or not delta:
            return starts[first:last]
        if first >= pivot:
            return [offset + delta for offset in starts[first:last]]
        return starts[first:pivot] + [offset + delta for offset in starts[pivot:last]]

    def edited(self, start: int, old_end: int, source: bytes, new_end: int) -> Lines:
        """The index of `source`, which is this text with [start, old_end) replaced by
        [start, new_end)."""
        starts, pivot, pending = self.starts, self._pivot, self._delta
        delta = new_end - old_end
        # Rescan from the start of the line holding the byte before the edit (an inserted
        # "\n" may join a preceding "\r") to a byte past the new text (or a following "\n").
        first = self.line_of(max(0, start - 1))
        window_start = self.line_start(first)
        window_end = min(len(source), new_end + 1)
        if window_end < len(source) and source[window_end - 1 : window_end + 1] == b"\r\n":
            window_end += 1
        found = [m.end() for m in _LINE_BREAK.finditer(source, window_start, window_end)]
        # A "\r" ending the window may have been followed by "\n" beyond it; the regex saw it
        # alone only if the window was clipped there, which the check above rules out.
        tail_from = self.line_of(window_end - delta) + 1
        head = self._true(0, first + 1)
        head.extend(found)
        # Lines from tail_from on move by `delta` on top of what is pending for them. Those
        # before the old pivot have nothing pending: they are stored less `pending`, so that
        # one shift (pending + delta) fits every line after the edit; only the lines between
        # this edit and the last one are touched (few, while typing).
        new_pivot = len(head)
        if pending and pivot > tail_from:
            head.extend([offset - pending for offset in starts[tail_from:pivot]])
            head.extend(starts[pivot:])
        else:
            head.extend(starts[tail_from:])
        has_cr = self._has_cr or b"\r" in source[start:new_end]
        if has_cr and self._has_cr and b"\r" in self._source[start:old_end]:
            has_cr = b"\r" in source  # a deleted "\r" may have been the last one
        return Lines(source, head, has_cr, new_pivot, pending + delta)

    def point(self, offset: int) -> tuple[int, int]:
        """tree-sitter's (row, byte column): rows count "\\n" only, unlike LSP lines."""
        if not self._has_cr:
            line = self.line_of(offset)
            return line, offset - self.line_start(line)
        row = self._source.count(b"\n", 0, offset)
        return row, offset - (self._source.rfind(b"\n", 0, offset) + 1)

"""A line index that is edited, not rebuilt.

Rescanning a 20,000-line buffer for line breaks on every keystroke costs more than the whole
analysis of the edit, so the index is spliced: starts before the edit are kept, the edited
window is rescanned, and starts after it are shifted.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gifthorse.analyzers import LineIndex

# LSP line terminators; lone form feeds, U+2028 and friends are not line breaks.
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


class Lines(LineIndex):
    """LineIndex over one version of a document's text; `edited` returns the next version."""

    __slots__ = ("_has_cr",)

    def __init__(
        self, source: bytes, starts: list[int] | None = None, has_cr: bool | None = None
    ) -> None:
        if starts is None:
            super().__init__(source)
        else:
            self._source = source
            self.starts = starts
        self._has_cr = b"\r" in source if has_cr is None else has_cr

    @property
    def source(self) -> bytes:
        return self._source

    def edited(self, start: int, old_end: int, source: bytes, new_end: int) -> Lines:
        """The index of `source`, which is this text with [start, old_end) replaced by
        [start, new_end)."""
        starts = self.starts
        delta = new_end - old_end
        # Rescan from the start of the line holding the byte before the edit (an inserted
        # "\n" may join a preceding "\r") to a byte past the new text (or a following "\n").
        first = self.line_of(max(0, start - 1))
        window_start = starts[first]
        window_end = min(len(source), new_end + 1)
        if window_end < len(source) and source[window_end - 1 : window_end + 1] == b"\r\n":
            window_end += 1
        found = [m.end() for m in _LINE_BREAK.finditer(source, window_start, window_end)]
        # A "\r" ending the window may have been followed by "\n" beyond it; the regex saw it
        # alone only if the window was clipped there, which the check above rules out.
        tail_from = bisect_right(starts, window_end - delta)
        tail = [offset + delta for offset in starts[tail_from:]] if delta else starts[tail_from:]
        new_starts = starts[: first + 1]
        new_starts.extend(found)
        new_starts.extend(tail)
        has_cr = self._has_cr or b"\r" in source[start:new_end]
        if has_cr and self._has_cr and b"\r" in self._source[start:old_end]:
            has_cr = b"\r" in source  # a deleted "\r" may have been the last one
        return Lines(source, new_starts, has_cr)

    def point(self, offset: int) -> tuple[int, int]:
        """tree-sitter's (row, byte column): rows count "\\n" only, unlike LSP lines."""
        if not self._has_cr:
            line = self.line_of(offset)
            return line, offset - self.starts[line]
        row = self._source.count(b"\n", 0, offset)
        return row, offset - (self._source.rfind(b"\n", 0, offset) + 1)

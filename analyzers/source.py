"""A parsed Python module: source bytes, tree-sitter tree and a line index.

Positions cross three worlds: tree-sitter speaks bytes, LSP speaks UTF-16 code units by
default (UTF-8 or UTF-32 when negotiated) and humans speak 1-based lines. The line index
converts between them in O(log n) so that neither the CLI nor the server ever rescans text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import accumulate
from typing import TYPE_CHECKING

import tree_sitter
import tree_sitter_python

from .lazy import lazy_property

if TYPE_CHECKING:
    from .names import ImportTable

LANGUAGE = tree_sitter.Language(tree_sitter_python.language())


class Encoding(str, Enum):
    """Position encodings of the LSP specification."""

    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"


def new_parser() -> tree_sitter.Parser:
    """A parser for Python; parsers are cheap but not thread-safe, so each owner makes one."""
    return tree_sitter.Parser(LANGUAGE)


class LineIndex:
    """Byte offsets of line starts, with conversions to and from columns in any encoding."""

    __slots__ = ("_source", "starts")

    def __init__(self, source: bytes) -> None:
        self._source = source
        # bytes.splitlines breaks at exactly "\n", "\r\n" and "\r" (not at form feeds or
        # U+2028, unlike str.splitlines), four times faster than a regex scan
        starts = [0, *accumulate(map(len, source.splitlines(True)))]
        if len(starts) > 1 and not source.endswith((b"\n", b"\r")):
            starts.pop()  # the last line has no terminator: nothing starts after it
        self.starts = starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_starts(self) -> list[int]:
        """The offset at which every line starts."""
        return list(self.starts)

    def line_of(self, offset: int) -> int:
        """0-based line containing the byte offset."""
        return bisect_right(self.starts, offset) - 1

    def line_start(self, line: int) -> int:
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self._source)
        return self.starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of the line's content, before its terminator."""
        if line + 1 >= self.line_count:
            return len(self._source)
        end = self.line_start(line + 1)
        if self._source[end - 2 : end] == b"\r\n":
            return end - 2
        return end - 1

    def line_text(self, line: int) -> bytes:
        return self._source[self.line_start(line) : self.line_end(line)]

    def position(self, offset: int, encoding: Encoding = Encoding.UTF16) -> tuple[int, int]:
        """(line, column) of a byte offset, the column counted in the given encoding."""
        offset = max(0, min(offset, len(self._source)))
        line = self.line_of(offset)
        start = self.line_start(line)
        if encoding is Encoding.UTF8:
            return line, offset - start
        prefix = self._source[start:offset]
        if prefix.isascii():
            return line, len(prefix)
        text = prefix.decode("utf-8", "replace")
        if encoding is Encoding.UTF32:
            return line, len(text)
        return line, len(text.encode("utf-16-le", "surrogatepass")) // 2

    def offset(self, line: int, column: int, encoding: Encoding = Encoding.UTF16) -> int:
        """Byte offset of (line, column); out-of-range values are clamped, never raised."""
        if line < 0:
            return 0
        if line >= self.line_count:
            return len(self._source)
        start = self.line_start(line)
        end = self.line_end(line)
        column = max(0, column)
        if encoding is Encoding.UTF8:
            target = min(start + column, end)
            # Never split a UTF-8 sequence: back off to the start of the character.
            while start < target < end and (self._source[target] & 0xC0) == 0x80:
                target -= 1
            return target
        raw = self._source[start:end]
        if raw.isascii():
            return start + min(column, len(raw))
        text = raw.decode("utf-8", "replace")
        units = 0
        for index, char in enumerate(text):
            width = 2 if encoding is Encoding.UTF16 and ord(char) > 0xFFFF else 1
            if units + width > column:
                return start + len(text[:index].encode("utf-8", "surrogatepass"))
            units += width
        return end

    def human(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column in characters, as the CLI and SARIF report them."""
        line, column = self.position(offset, Encoding.UTF32)
        return line + 1, column + 1


@dataclass
class Module:
    """One parsed source file. Build it with :func:`parse`; analysis never mutates it."""

    source: bytes
    tree: tree_sitter.Tree
    path: str = "<memory>"
    _imports: ImportTable | None = field(default=None, repr=False)
    #: byte ranges that arrived in one piece (a pasted or accepted block), when a front end
    #: knows them; None when provenance is unknown (the CLI)
    inserted: tuple[tuple[int, int], ...] | None = field(default=None, repr=False)
    #: set when `tree` holds only some statements (the editor's preview of an edit, parsed
    #: with tree-sitter's included ranges: top-level statements, or a class header with
    #: some of its members): the last whole tree, edited into this text's coordinates,
    #: whose other top-level statements stand for the rest
    host: tree_sitter.Tree | None = field(default=None, repr=False)
    #: the facts keys (`statements.statement_key`) of the host's top-level statements, in
    #: order; those the parsed ranges replace are not read
    host_keys: Sequence[tuple[int, int, int]] | None = field(default=None, repr=False)

    @lazy_property
    def lines(self) -> LineIndex:
        return LineIndex(self.source)

    @lazy_property
    def top_level(self) -> list[tree_sitter.Node]:
        """The module's top-level statements in source order. Rules that need module-wide
        facts (constants, imports, helpers) read them here, never from `tree.root_node`,
        so that a partly parsed module still sees all of them."""
        own = self.tree.root_node.named_children
        if self.host is None:
            return own
        outer = self.host_statements
        nodes: list[tree_sitter.Node] = []
        taken = mine = 0
        for (first, last), (_, end) in zip(self.replaced, self.parsed_ranges, strict=True):
            nodes.extend(outer[taken:first])
            taken = last
            while mine < len(own) and own[mine].start_byte < end:
                nodes.append(own[mine])
                mine += 1
        nodes.extend(outer[taken:])
        return nodes

    @lazy_property
    def replaced(self) -> list[tuple[int, int]]:
        """Index ranges of the host's top-level statements that `tree` replaces: each parsed
        range replaces the statements it overlaps. Found by binary search, without listing
        the host's statements (a thousand nodes at 20,000 lines, on every keystroke)."""
        if self.host is None:
            return []
        host = self.host.root_node
        count = host.named_child_count
        replaced: list[tuple[int, int]] = []
        taken = 0
        for start, end in self.parsed_ranges:
            first = max(taken, first_ending_after(host, count, start))
            taken = first
            while taken < count and self.host_statement(taken).start_byte < end:
                taken += 1
            replaced.append((first, taken))
        return replaced

    def first_statement(self) -> tree_sitter.Node | None:
        """The module's first top-level statement (or comment)."""
        first = self.tree.root_node.named_child(0)
        if self.host is None or (self.replaced and self.replaced[0][0] == 0):
            return first
        other = self.host.root_node.named_child(0)
        if first is None or (other is not None and other.start_byte < first.start_byte):
            return other
        return first

    def host_statement(self, index: int) -> tree_sitter.Node:
        """The host's top-level statement `index` (see `host_statements`), for callers that
        need a few of them."""
        assert self.host is not None
        statement = self.host.root_node.named_child(index)
        assert statement is not None
        return statement

    @lazy_property
    def host_statements(self) -> list[tree_sitter.Node]:
        """The host's top-level statements, replaced ones included (see `replaced`)."""
        return [] if self.host is None else self.host.root_node.named_children

    @lazy_property
    def parsed_ranges(self) -> list[tuple[int, int]]:
        """The byte ranges `tree` was parsed from (all of the source, unless `host` is set)."""
        if self.host is None:
            return [(0, len(self.source))]
        return [(r.start_byte, r.end_byte) for r in self.tree.included_ranges]

    def node_at(self, start: int, end: int) -> tree_sitter.Node | None:
        """The smallest named node covering [start, end), in whichever tree holds it."""
        root = self.tree.root_node
        if self.host is None or any(a <= start and end <= b for a, b in self.parsed_ranges):
            return root.named_descendant_for_byte_range(start, end)
        if any(a < end and start < b for a, b in self.parsed_ranges):
            return None  # partly in a statement of each tree
        # outside the parsed ranges the host's statements are up to date (they replace
        # every statement an edit touched)
        node = self.host.root_node.named_descendant_for_byte_range(start, end)
        return None if node is None or node.parent is None else node

    @property
    def imports(self) -> ImportTable:
        if self._imports is None:
            from .names import ImportTable

            self._imports = ImportTable.build(self)
        return self._imports

    def set_imports(self, table: ImportTable) -> None:
        """Reuse an import table the caller knows is still valid (no import statement changed)."""
        self._imports = table

    def set_lines(self, index: LineIndex) -> None:
        """Reuse a line index the caller keeps up to date, instead of rescanning the source."""
        self.__dict__["lines"] = index

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")


def first_ending_after(parent: tree_sitter.Node, count: int, offset: int) -> int:
    """The index of the first of the `count` named children of `parent` that ends after
    `offset`: a binary search, so that an edit in a 20,000-line module does not visit its
    thousand statements."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        child = parent.named_child(middle)
        if child is not None and child.end_byte <= offset:
            low = middle + 1
        else:
            high = middle
    return low


_PARSER: tree_sitter.Parser | None = None


def parse(
    source: bytes, path: str = "<memory>", old_tree: tree_sitter.Tree | None = None
) -> Module:
    """Parse bytes into a Module; pass the edited old tree to re-parse incrementally."""
    global _PARSER
    if _PARSER is None:
        _PARSER = new_parser()
    tree = _PARSER.parse(source, old_tree) if old_tree is not None else _PARSER.parse(source)
    return Module(source=source, tree=tree, path=path)


_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def decode_source(data: bytes) -> str:
    """Decode file bytes as Python would (PEP 263: BOM, coding cookie, else UTF-8).

    Raises ValueError with a readable reason for binary files and undecodable text, so that
    they are reported rather than analysed as noise.
    """
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not Python source")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8"
    else:
        encoding = "utf-8"
        for line in data.split(b"\n", 2)[:2]:
            match = _CODING.match(line)
            if match:
                encoding = match.group(1).decode("ascii", "replace")
                break
            if line.strip() and not line.lstrip().startswith(b"#"):
                break
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise ValueError(f"unknown source encoding {encoding!r} in coding declaration") from exc
    except UnicodeDecodeError as exc:
        number = data[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"cannot decode as {encoding} at line {number} (byte {exc.start}); "
            "save the file as UTF-8 or declare its encoding (PEP 263)"
        ) from exc

"""One open document: our own copy of its text, its line index and its tree-sitter tree.

pygls would keep a second copy of every buffer (and split lines differently from LSP), so the
server keeps the only one. Each content change is applied to the bytes, the line index and
the tree (`Tree.edit`) at once; the re-parse of the whole module waits until the edits
pause, and meanwhile only the edited statements are parsed (`parse_part`), so that typing
costs a fraction of a millisecond of parsing per keystroke, not a parse of the module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

import tree_sitter
from gifthorse.analyzers import Encoding
from gifthorse.analyzers.source import new_parser
from gifthorse.analyzers.statements import statement_key
from lsprotocol import types

from .lines import Lines
from .ranges import ByteEdit, RangeSet, append_edit

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
PYTHON_LANGUAGES = frozenset({"python", "py"})


def is_python(uri: str, language_id: str | None) -> bool:
    """Analyse Python buffers only: by language id, or by file name when the id is missing
    or generic (some clients send "plaintext" for unknown extensions)."""
    if language_id and language_id.lower() in PYTHON_LANGUAGES:
        return True
    return PurePosixPath(urlparse(uri).path).suffix.lower() in PYTHON_SUFFIXES


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    return path


def encoding_of(kind: object) -> Encoding:
    """The negotiated position encoding; pygls reports an enum or a plain string."""
    value = getattr(kind, "value", kind)
    for encoding in Encoding:
        if encoding.value == value:
            return encoding
    return Encoding.UTF16


@dataclass(frozen=True)
class Change:
    """One applied content change, as freshness and the analysis need it."""

    edit: ByteEdit
    #: characters (code points) of inserted text
    chars: int
    #: lines of inserted text (a trailing line break does not start another line)
    lines: int
    #: the inserted text itself
    text: str


def _common_prefix(a: bytes, b: bytes) -> int:
    limit = min(len(a), len(b))
    step = 1 << 16
    position = 0
    while position < limit:
        end = min(limit, position + step)
        if a[position:end] == b[position:end]:
            position = end
            continue
        low, high = position, end
        while low < high:  # first differing byte inside this chunk
            middle = (low + high) // 2
            if a[position : middle + 1] == b[position : middle + 1]:
                low = middle + 1
            else:
                high = middle
        return low
    return limit


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    length = 0
    step = 1 << 16
    while length < limit:
        size = min(step, limit - length)
        if (
            a[len(a) - length - size : len(a) - length]
            == b[len(b) - length - size : len(b) - length]
        ):
            length += size
            continue
        low, high = 0, size
        while low < high:
            middle = (low + high + 1) // 2
            if (
                a[len(a) - length - middle : len(a) - length]
                == b[len(b) - length - middle : len(b) - length]
            ):
                low = middle
            else:
                high = middle - 1
        return length + low
    return limit


def minimal_edit(old: bytes, new: bytes) -> ByteEdit:
    """The smallest single replacement turning `old` into `new`, on character boundaries.

    Clients that send the whole text on each change still get precise freshness this way.
    """
    prefix = _common_prefix(old, new)
    while prefix > 0 and prefix < len(new) and (new[prefix] & 0xC0) == 0x80:
        prefix -= 1
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    while suffix > 0 and (new[len(new) - suffix] & 0xC0) == 0x80:
        suffix -= 1
    return ByteEdit(prefix, len(old) - suffix, len(new) - suffix)


class Document:
    """Text, line index and tree of one buffer, kept in step through every change."""

    def __init__(
        self, uri: str, language_id: str, version: int, text: str, parser: tree_sitter.Parser
    ) -> None:
        self.uri = uri
        self.path = uri_to_path(uri)
        self.language_id = language_id
        self.version = version
        self.source = text.encode("utf-8", "surrogatepass")
        self.lines = Lines(self.source)
        self._parser = parser
        self.tree: tree_sitter.Tree = parser.parse(self.source)
        #: the tree came from an incremental parse that involved broken code: see `suspect`
        self.suspect = False
        #: a copy of the last parsed tree with the pending edits applied (Tree.edit), if any
        self._edited: tree_sitter.Tree | None = None
        #: the text the current tree was parsed from, and the edits made since
        self._parsed_source = self.source
        self._edits: list[ByteEdit] = []
        #: bytes touched by edits since the last parse, in current coordinates
        self.touched = RangeSet()
        #: the same since the last preview (`take_recent`)
        self.recent = RangeSet()
        self._part_parser: tree_sitter.Parser | None = None
        self._keys: list[tuple[int, int, int]] | None = None

    @property
    def needs_parse(self) -> bool:
        return self._edited is not None

    def offset(self, position: types.Position, encoding: Encoding) -> int:
        return self.lines.offset(position.line, position.character, encoding)

    def position(self, offset: int, encoding: Encoding) -> types.Position:
        line, character = self.lines.position(offset, encoding)
        return types.Position(line=line, character=character)

    def range(self, start: int, end: int, encoding: Encoding) -> types.Range:
        return types.Range(start=self.position(start, encoding), end=self.position(end, encoding))

    def byte_range(self, value: types.Range, encoding: Encoding) -> tuple[int, int]:
        start = self.offset(value.start, encoding)
        end = self.offset(value.end, encoding)
        return (start, end) if start <= end else (end, start)

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: Encoding) -> Change:
        """Apply one content change to the text, the line index and the tree."""
        text = change.text
        new_text = text.encode("utf-8", "surrogatepass")
        if isinstance(change, types.TextDocumentContentChangePartial):
            start, old_end = self.byte_range(change.range, encoding)
            edit = ByteEdit(start, old_end, start + len(new_text))
            # One copy: `a[:i] + b + a[j:]` copies a 600 kB buffer three times (~1 ms).
            view = memoryview(self.source)
            source = b"".join((view[:start], new_text, view[old_end:]))
        else:
            source = new_text
            edit = minimal_edit(self.source, source)
            text = source[edit.start : edit.new_end].decode("utf-8", "replace")
        self._splice(source, edit)
        inserted = source[edit.start : edit.new_end]
        return Change(edit, len(text) if inserted else 0, _line_count(inserted), text)

    def _splice(self, source: bytes, edit: ByteEdit) -> None:
        old_lines = self.lines
        start_point = old_lines.point(edit.start)
        old_end_point = old_lines.point(edit.old_end)
        if self._edited is None:
            self._edited = self.tree.copy()
            self._parsed_source = self.source
            self._edits = []
        self.lines = old_lines.edited(edit.start, edit.old_end, source, edit.new_end)
        self.source = source
        new_end_point = self.lines.point(edit.new_end)
        append_edit(self._edits, edit)
        self._edited.edit(
            edit.start, edit.old_end, edit.new_end, start_point, old_end_point, new_end_point
        )
        for touched in (self.touched, self.recent):
            touched.apply(edit)
            touched.add(edit.start, edit.new_end)

    @property
    def edited(self) -> tree_sitter.Tree | None:
        """The last parsed tree with the edits since applied (`Tree.edit`): its nodes away
        from the edits have their current positions. None when no edit is pending."""
        return self._edited

    def take_recent(self) -> RangeSet:
        """The bytes touched since the last call (or parse)."""
        recent, self.recent = self.recent, RangeSet()
        return recent

    def unchanged(self, start: int, end: int) -> bool:
        """Is [start, end) of the current text, the extent of a node of the edited tree,
        the same text as where that node was parsed from (edits since undone)? The edited
        tree's node is then as good as a parsed one."""
        old_start, old_end = map_back(self._edits, start, end)
        if old_end - old_start != end - start:
            return False
        return self.source[start:end] == self._parsed_source[old_start:old_end]

    def statement_keys(self) -> list[tuple[int, int, int]]:
        """The facts keys of the parsed tree's top-level statements, in order (see
        `Module.host_keys`): computed once per parse, so that a preview does not read the
        text of every statement again. The edited copy of the tree has the same statements
        in the same order, and those no edit touched have the same text."""
        if self._keys is None:
            source = self._parsed_source
            self._keys = [statement_key(source, c) for c in self.tree.root_node.named_children]
        return self._keys

    def parse_part(self, ranges: list[tuple[int, int]]) -> tree_sitter.Tree | None:
        """Parse only `ranges` of the current text (the whole lines of the edited
        statements, see `state.preview_region`) with tree-sitter's included ranges, the
        edited old tree passed in: ~0.25 ms per kB parsed, where re-parsing the whole module
        costs ~15 ms at 20,000 lines even when almost nothing changed. The nodes have their
        positions in the whole text. The document's own tree is not touched."""
        edited = self._edited
        if edited is None:
            return None
        if self._part_parser is None:
            self._part_parser = new_parser()
        point = self.lines.point
        self._part_parser.included_ranges = [
            tree_sitter.Range(point(start), point(end), start, end) for start, end in ranges
        ]
        return self._part_parser.parse(self.source, old_tree=edited)

    def parse(self) -> Reparse:
        """Re-parse with the edited old tree. The changed byte ranges are tree-sitter's plus
        the edited bytes, since a token-only edit such as `foo(x)` -> `eval(x)` changes no
        structure."""
        edited = self._edited
        assert edited is not None
        previous = self.tree
        self.tree = self._parser.parse(self.source, old_tree=edited)
        # tree-sitter's incremental parse can keep a subtree that its error recovery would
        # not build from scratch (tree-sitter issues #1645, #4001: `1\n.system(cmd)` read as
        # one expression after an edit in broken code); such a tree is checked (`adopt`)
        self.suspect = self.tree.root_node.has_error or previous.root_node.has_error
        changed = [(r.start_byte, r.end_byte) for r in edited.changed_ranges(self.tree)]
        changed.extend(self.touched)
        result = Reparse(edited, previous, self._parsed_source, tuple(self._edits), changed)
        self._edited = None
        self._edits = []
        self._parsed_source = self.source
        self.touched = RangeSet()
        self.recent = RangeSet()
        self._keys = None
        return result

    def adopt(self, scratch: tree_sitter.Tree) -> Reparse | None:
        """Take `scratch`, a parse of the current text from scratch, where the incremental
        tree differs from it; what changed, or None when the trees agree. The caller makes
        sure no edit came since (`needs_parse` is False and the source is the one parsed)."""
        assert self._edited is None
        self.suspect = False
        previous = self.tree
        changed = [(r.start_byte, r.end_byte) for r in previous.changed_ranges(scratch)]
        if not changed:
            return None
        self.tree = scratch
        self._keys = None
        return Reparse(previous, previous, self.source, (), changed)


@dataclass(frozen=True)
class Reparse:
    """What a parse changed: the old tree (edited into the new coordinates, and as it was,
    with its text and the edits since), and the changed byte ranges of the new text."""

    edited: tree_sitter.Tree
    previous: tree_sitter.Tree
    previous_source: bytes
    edits: tuple[ByteEdit, ...]
    changed: list[tuple[int, int]]

    def to_previous(self, start: int, end: int) -> tuple[int, int]:
        """A range of the new text, mapped back onto the text before the edits."""
        return map_back(self.edits, start, end)


def map_back(edits: Sequence[ByteEdit], start: int, end: int) -> tuple[int, int]:
    """A range of the text after `edits`, mapped back onto the text before them."""
    for edit in reversed(edits):
        if start > edit.start:
            start = start - edit.delta if start >= edit.new_end else edit.start
        if end > edit.start:
            end = end - edit.delta if end >= edit.new_end else edit.old_end
    return start, max(start, end)


def _line_count(inserted: bytes) -> int:
    if not inserted:
        return 0
    breaks = inserted.count(b"\n") + inserted.count(b"\r") - inserted.count(b"\r\n")
    return breaks + (0 if inserted.endswith((b"\n", b"\r")) else 1)


def new_document(
    uri: str, language_id: str, version: int, text: str, parser: tree_sitter.Parser | None = None
) -> Document:
    return Document(uri, language_id, version, text, parser or new_parser())

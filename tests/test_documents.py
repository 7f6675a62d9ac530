"""Document state: our own copy of the text, its line index and its tree, through edits."""

from __future__ import annotations

import pytest
from gifthorse.analyzers import Encoding, LineIndex, parse
from gifthorse.server.documents import (
    Document,
    encoding_of,
    is_python,
    map_back,
    minimal_edit,
    new_document,
    uri_to_path,
)
from gifthorse.server.lines import Lines
from gifthorse.server.ranges import ByteEdit, append_edit
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types


def change(l1: int, c1: int, l2: int, c2: int, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)
        ),
        text=text,
    )


def parsed(document: Document) -> Document:
    if document.needs_parse:
        document.parse()
    return document


def same_as_fresh(document: Document) -> None:
    parsed(document)
    assert document.lines.line_starts() == LineIndex(document.source).line_starts()
    assert str(document.tree.root_node) == str(parse(document.source).tree.root_node)


@pytest.mark.parametrize(
    ("encoding", "column"),
    [(Encoding.UTF16, 8), (Encoding.UTF8, 10), (Encoding.UTF32, 7)],
)
def test_positions_after_an_emoji_follow_the_negotiated_encoding(
    encoding: Encoding, column: int
) -> None:
    # "s = '😋'" is 7 code points, 8 UTF-16 units and 10 bytes
    document = new_document("file:///a.py", "python", 1, "s = '😋'\n")
    document.apply(change(0, column, 0, column, "; y = eval(s)"), encoding)
    assert document.source.decode() == "s = '😋'; y = eval(s)\n"
    same_as_fresh(document)
    offset = document.source.index(b"eval")
    assert document.position(offset, encoding).character == column + len("; y = ")


def test_a_column_inside_a_surrogate_pair_lands_before_the_character() -> None:
    document = new_document("file:///a.py", "python", 1, "x = '😋'\n")
    document.apply(change(0, 6, 0, 6, "!"), Encoding.UTF16)  # 5 is the emoji's first unit
    assert document.source.decode() == "x = '!😋'\n"


def test_out_of_range_positions_are_clamped() -> None:
    document = new_document("file:///a.py", "python", 1, "a = 1\nb = 2\n")
    document.apply(change(0, 99, 0, 120, "  # one"), Encoding.UTF16)
    document.apply(change(50, 0, 60, 3, "c = 3\n"), Encoding.UTF16)
    assert document.source.decode() == "a = 1  # one\nb = 2\nc = 3\n"
    same_as_fresh(document)


def test_a_backwards_range_is_read_forwards() -> None:
    document = new_document("file:///a.py", "python", 1, "abcdef\n")
    document.apply(change(0, 4, 0, 1, "X"), Encoding.UTF16)
    assert document.source == b"aXef\n"


def test_form_feed_and_line_separator_do_not_end_lines() -> None:
    """pygls splits lines like str.splitlines(); LSP does not (TOOLCHAIN §6.2)."""
    document = new_document("file:///a.py", "python", 1, "a = 1\x0cb = 2\nc = 3\u2028d\n")
    document.apply(change(1, 0, 1, 0, "# "), Encoding.UTF16)
    assert document.source.decode() == "a = 1\x0cb = 2\n# c = 3\u2028d\n"
    same_as_fresh(document)


def test_lone_carriage_returns_end_lines_and_joins_are_seen() -> None:
    document = new_document("file:///a.py", "python", 1, "a = 1\rb = 2\r\nc = 3\n")
    document.apply(change(1, 0, 1, 0, "x = 0\n"), Encoding.UTF16)
    assert document.source == b"a = 1\rx = 0\nb = 2\r\nc = 3\n"
    # an inserted "\n" right after a lone "\r" turns the two into one line break
    document.apply(change(0, 5, 0, 5, "\n"), Encoding.UTF16)
    document.apply(change(0, 5, 1, 0, "\r"), Encoding.UTF16)
    same_as_fresh(document)


def test_several_changes_in_one_notification_cost_one_parse() -> None:
    document = new_document("file:///a.py", "python", 1, "def f(x):\n    return x\n")
    for index, text in enumerate("eval("):
        document.apply(change(1, 11 + index, 1, 11 + index, text), Encoding.UTF16)
    document.apply(change(1, 17, 1, 17, ")"), Encoding.UTF16)
    assert document.needs_parse
    reparse = document.parse()
    assert not document.needs_parse
    assert document.source == b"def f(x):\n    return eval(x)\n"
    # the token-only edit shows up in the changed ranges even where the structure did not move
    assert any(a <= document.source.index(b"eval") < b for a, b in reparse.changed)
    assert reparse.previous_source == b"def f(x):\n    return x\n"
    same_as_fresh(document)


def test_whole_document_changes_become_the_smallest_edit() -> None:
    document = new_document("file:///a.py", "python", 1, "a = 1\nb = 2\nc = 3\n")
    applied = document.apply(
        types.TextDocumentContentChangeWholeDocument(text="a = 1\nb = eval(x)\nc = 3\n"),
        Encoding.UTF16,
    )
    assert (applied.edit.start, applied.edit.old_end) == (10, 11)
    assert applied.text == "eval(x)"
    same_as_fresh(document)


def test_minimal_edit_keeps_characters_whole() -> None:
    old = "x = 'é'\n".encode()
    new = "x = 'è'\n".encode()  # same lead byte, different continuation byte
    edit = minimal_edit(old, new)
    assert new[edit.start : edit.new_end].decode() == "è"
    unchanged = minimal_edit(b"same", b"same")
    assert unchanged.start == unchanged.old_end == unchanged.new_end
    big = b"a" * 200_000
    edit = minimal_edit(big + b"b" + big, big + b"cc" + big)
    assert (edit.start, edit.old_end, edit.new_end) == (200_000, 200_001, 200_002)


def test_a_lone_surrogate_from_the_client_does_not_crash() -> None:
    document = new_document("file:///a.py", "python", 1, "x = 1\n")
    document.apply(change(0, 0, 0, 0, "\ud83d"), Encoding.UTF16)
    assert parsed(document).tree is not None


def test_inserted_text_is_counted_in_characters_and_lines() -> None:
    document = new_document("file:///a.py", "python", 1, "\n")
    applied = document.apply(change(0, 0, 0, 0, "é😋\nb\n"), Encoding.UTF16)
    assert (applied.chars, applied.lines) == (5, 2)


def test_line_index_splices_match_a_rebuild() -> None:
    source = b"a\r\nb\rc\n\nd"
    lines = Lines(source)
    cases = [(0, 0, b"x\n"), (2, 3, b""), (3, 3, b"\n"), (4, 6, b"\r\n\r"), (9, 9, b"\n")]
    for start, end, text in cases:
        source = source[:start] + text + source[end:]
        lines = lines.edited(start, end, source, start + len(text))
        assert lines.line_starts() == LineIndex(source).line_starts(), (start, end, text)


@pytest.mark.parametrize(
    ("uri", "language", "expected"),
    [
        ("file:///a.py", "python", True),
        ("file:///a.txt", "python", True),
        ("file:///a.pyi", "plaintext", True),
        ("untitled:Untitled-1", "python", True),
        ("file:///a.txt", "plaintext", False),
        ("file:///notes.md", "markdown", False),
    ],
)
def test_only_python_is_analysed(uri: str, language: str, expected: bool) -> None:
    assert is_python(uri, language) is expected


def test_uris_and_encodings() -> None:
    assert uri_to_path("file:///tmp/a%20b.py") == "/tmp/a b.py"
    assert uri_to_path("untitled:Untitled-1") is None
    assert encoding_of("utf-8") is Encoding.UTF8
    assert encoding_of(types.PositionEncodingKind.Utf32) is Encoding.UTF32
    assert encoding_of(None) is Encoding.UTF16


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 6), st.text("ab\n", max_size=4)),
        max_size=12,
    )
)
def test_composed_edits_map_back_like_the_edits_one_by_one(
    steps: list[tuple[int, int, str]],
) -> None:
    """Edits that touch are composed (typing a line is one edit, typing and deleting it
    none); an offset of the new text maps back to the same old offset as through the edits
    one by one, except inside or at the edges of what the composed edits inserted."""
    text = "".join(f"line {i}\n" for i in range(8))
    raw: list[ByteEdit] = []
    composed: list[ByteEdit] = []
    for at, length, inserted in steps:
        start = min(at, len(text))
        end = min(start + length, len(text))
        edit = ByteEdit(start, end, start + len(inserted))
        text = text[:start] + inserted + text[end:]
        raw.append(edit)
        append_edit(composed, edit)
    assert len(composed) <= len(raw)
    spans = []  # what each composed edit inserted, where it is in the new text
    for index, edit in enumerate(composed):
        a, b = edit.start, edit.new_end
        for later in composed[index + 1 :]:
            a, b = later.map(a), later.map(b)
        spans.append((a, b))
    for offset in range(len(text) + 1):
        if any(a <= offset <= b for a, b in spans):
            continue
        assert map_back(composed, offset, offset) == map_back(raw, offset, offset)

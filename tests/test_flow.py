"""Data flow: labels, sources, module-level variables and traces back to a source."""

from __future__ import annotations

import tree_sitter
from gifthorse.analyzers import Settings, parse
from gifthorse.analyzers.context import Context
from gifthorse.analyzers.flow import (
    NETWORK,
    SENSITIVE,
    SENSITIVE_PATH,
    assigned_value,
    trace,
)
from gifthorse.analyzers.source import LANGUAGE

_CALLS = tree_sitter.Query(LANGUAGE, "(call) @call")


def _context(source: str) -> Context:
    return Context(parse(source.encode(), "t.py"), Settings())


def _first_argument(ctx: Context, callee: str) -> tree_sitter.Node:
    """The first argument of the first call whose function is spelled `callee`."""
    for call in tree_sitter.QueryCursor(_CALLS).captures(ctx.module.tree.root_node)["call"]:
        function = call.child_by_field_name("function")
        if function is not None and ctx.text(function) == callee:
            arguments = call.child_by_field_name("arguments")
            assert arguments is not None
            return arguments.named_children[0]
    raise AssertionError(f"no call to {callee}")


def _labels(source: str, callee: str = "sink") -> frozenset[str]:
    ctx = _context(source)
    taint = ctx.taint(_first_argument(ctx, callee))
    return frozenset() if taint is None else taint.labels


def test_whole_environment_is_sensitive_but_one_variable_is_not() -> None:
    assert SENSITIVE in _labels("import os\nsink(dict(os.environ))\n")
    assert SENSITIVE in _labels("import os, json\nsink(json.dumps(os.environ.copy()))\n")
    assert SENSITIVE not in _labels("import os\nsink(os.environ['HOME'])\n")
    assert SENSITIVE not in _labels("import os\nsink(os.environ.get('TOKEN'))\n")


def test_sensitive_paths_are_path_components_not_words() -> None:
    for path in ("~/.aws/credentials", "credentials.json", "C:/Chrome/Default/Login Data", ".aws"):
        assert SENSITIVE_PATH.search(path), path
    for word in ("credentials", "invalid credentials", "cookies", "Login Data was wrong"):
        assert not SENSITIVE_PATH.search(word), word
    assert SENSITIVE not in _labels("sink({'cookies': 'accept', 'credentials': form})\n")
    assert SENSITIVE in _labels("sink(open(Path.home() / '.aws' / 'credentials').read())\n")


def test_client_objects_and_their_responses_are_network_data() -> None:
    source = (
        "import requests\n"
        "def f(url):\n"
        "    session = requests.Session()\n"
        "    body = session.get(url).text\n"
        "    sink(body)\n"
    )
    assert NETWORK in _labels(source)


def test_clipboard_method_is_sensitive() -> None:
    assert SENSITIVE in _labels("import tkinter\nroot = tkinter.Tk()\nsink(root.clipboard_get())\n")


def test_module_constants_reach_functions_for_some_labels_only() -> None:
    sensitive = "KEY = '~/.ssh/id_rsa'\ndef f():\n    sink(open(KEY).read())\n"
    assert SENSITIVE in _labels(sensitive)
    formatted = "Q = f'SELECT {x}'\ndef f():\n    sink(Q)\n"
    assert _labels(formatted) == frozenset()
    shadowed = "KEY = '~/.ssh/id_rsa'\ndef f(KEY):\n    sink(KEY)\n"
    assert SENSITIVE not in _labels(shadowed)


def test_trace_names_the_source_behind_an_fstring() -> None:
    ctx = _context(
        "import requests\n"
        "def f(url):\n"
        "    key = open('/home/u/.ssh/id_rsa').read()\n"
        "    body = f'key={key}'\n"
        "    sink(body)\n"
    )
    argument = _first_argument(ctx, "sink")
    taint = ctx.taint(argument)
    assert taint is not None and SENSITIVE in taint.labels
    path = trace(ctx, argument, SENSITIVE)
    assert path[0] == argument
    assert ctx.text(path[-1]) == "'/home/u/.ssh/id_rsa'"


def test_trace_accepts_a_chosen_source_among_several() -> None:
    ctx = _context(
        "import os\na = open('/etc/shadow').read()\nb = dict(os.environ)\nsink([a, b])\n"
    )
    argument = _first_argument(ctx, "sink")
    first = trace(ctx, argument, SENSITIVE)
    assert ctx.text(first[-1]) == "'/etc/shadow'"
    environ = trace(ctx, argument, SENSITIVE, lambda n: ctx.text(n) == "os.environ")
    assert ctx.text(environ[-1]) == "os.environ"
    assert trace(ctx, argument, SENSITIVE, lambda n: False) == []
    assert trace(ctx, argument, NETWORK) == []


def test_assigned_value_sees_the_latest_binding_then_module_level() -> None:
    ctx = _context(
        "URL = 'https://example.org'\n"
        "def f():\n"
        "    cmd = 'a'\n"
        "    cmd = 'b'\n"
        "    sink(cmd, URL)\n"
        "def g(cmd):\n"
        "    sink2(cmd)\n"
    )
    cmd = _first_argument(ctx, "sink")
    value = assigned_value(ctx, cmd)
    assert value is not None and ctx.text(value) == "'b'"
    url = cmd.next_named_sibling
    assert url is not None
    value = assigned_value(ctx, url)
    assert value is not None and ctx.text(value) == "'https://example.org'"
    assert assigned_value(ctx, _first_argument(ctx, "sink2")) is None


def test_destination_findings_respect_allowed_hosts() -> None:
    """`allowedHosts` (suffix match) silences destination findings for trusted hosts."""
    from gifthorse.analyzers import analyze

    source = (
        b"import requests\n"
        b"requests.post('https://abc123.ngrok-free.app/hook', json={'ok': 1})\n"
        b"requests.get('http://45.61.137.20/x')\n"
    )
    module = parse(source, "t.py")

    def codes(settings: Settings) -> set[str]:
        return {f.code for f in analyze(module, settings=settings).findings}

    assert {"GH308", "GH311"} <= codes(Settings())
    trusted = codes(Settings(allowedHosts=("ngrok-free.app", "45.61.137.20")))
    assert "GH311" not in trusted and "GH308" not in trusted
    assert "GH311" in codes(Settings(allowedHosts=("free.app.example",)))

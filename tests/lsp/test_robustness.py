"""Bad input: malformed and unknown messages, unknown and non-Python documents, invalid
positions, broken code mid-typing, huge pastes and huge files."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .editor import Editor
from .raw import RawServer


def stdlib_code(lines: int) -> str:
    root = Path(sysconfig.get_paths()["stdlib"])
    text: list[str] = []
    for name in ("argparse.py", "subprocess.py", "inspect.py", "typing.py", "pathlib.py"):
        text.extend((root / name).read_text(encoding="utf-8").split("\n"))
    while len(text) < lines:
        text.extend(text)
    return "\n".join(text[:lines]) + "\n"


def test_malformed_messages_get_json_rpc_errors(tmp_path: Path) -> None:
    server = RawServer()
    try:
        server.initialize(tmp_path.as_uri())
        server.write(b"{not json")
        assert server.wait(lambda m: "error" in m)["error"]["code"] == -32700
        server.send({"id": 7})  # a request without a method
        assert server.response(7)["error"]["code"] == -32600
        server.write(b'{"jsonrpc": "1.0", "id": 8, "method": "shutdown"}')
        assert server.response(8)["error"]["code"] == -32600
        server.send({"id": 9, "method": "textDocument/hover", "params": {"textDocument": 3}})
        assert server.response(9)["error"]["code"] == -32602
        server.send({"id": 10, "method": "gifthorse/unknown", "params": {}})
        assert server.response(10)["error"]["code"] == -32601
        # negative positions fail validation; the notification is dropped, the server lives
        uri = (tmp_path / "a.py").as_uri()
        server.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "python",
                        "version": 1,
                        "text": "x = 1\n",
                    }
                },
            }
        )
        server.send(
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": -1, "character": 0},
                                "end": {"line": 0, "character": -5},
                            },
                            "text": "y",
                        }
                    ],
                },
            }
        )
        server.send(
            {
                "id": 11,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
            }
        )
        assert server.response(11) == {"jsonrpc": "2.0", "id": 11, "result": None}
        assert server.close() == 0
    finally:
        server.process.kill()


async def test_bad_requests_and_unknown_documents(vscode: Editor, tmp_path: Path) -> None:
    with pytest.raises(JsonRpcException) as unknown:
        await vscode.client.protocol.send_request_async("gifthorse/nothing", {})  # type: ignore[no-untyped-call]
    assert unknown.value.code == -32601
    with pytest.raises(JsonRpcException) as bad:
        await vscode.execute("gifthorse.markReviewed", 42)
    assert bad.value.code == -32602
    with pytest.raises(JsonRpcException):
        await vscode.execute("gifthorse.markReviewed", (tmp_path / "closed.py").as_uri())
    ghost = (tmp_path / "ghost.py").as_uri()
    vscode.texts[ghost], vscode.versions[ghost] = "", 1
    vscode.insert(ghost, 0, 0, "eval(x)\n")
    for _ in range(500):
        if any("not open" in m.message for m in vscode.client.log_messages):
            break
        await asyncio.sleep(0.02)
    assert any(ghost in m.message for m in vscode.client.log_messages)
    # the server is still there
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "")
    version = vscode.insert(uri, 0, 0, "eval(x)\n")
    assert [d.code for d in await vscode.diagnostics(uri, version)] == ["GH100"]


async def test_non_python_documents_are_ignored(vscode: Editor, tmp_path: Path) -> None:
    notes = (tmp_path / "notes.md").as_uri()
    vscode.open(notes, "# notes\n", language="markdown")
    vscode.insert(notes, 1, 0, "eval(input())\nimport os\nos.system(x)\n")
    python = (tmp_path / "a.py").as_uri()
    vscode.open(python, "")
    version = vscode.insert(python, 0, 0, "eval(x)\n")
    await vscode.diagnostics(python, version)
    assert not [p for p in vscode.published if p.uri == notes]
    assert await vscode.hover(notes, 1, 1) is None
    assert not [m for m in vscode.client.log_messages if notes in m.message]


async def test_positions_out_of_range_are_clamped(editor: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    editor.open(uri, "x = 1\n")
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=5000, character=3),
            end=types.Position(line=9000, character=99),
        ),
        text="eval(data)\n",
    )
    editor.texts[uri] += "eval(data)\n"
    version = editor._send(uri, [change])
    [d] = await editor.diagnostics(uri, version)
    assert d.range.start.line == 1
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=0, character=400), end=types.Position(line=0, character=400)
        ),
        text="  # end",
    )
    editor.texts[uri] = editor.texts[uri].replace("x = 1", "x = 1  # end")
    version = editor._send(uri, [change])
    [d] = await editor.diagnostics(uri, version)
    assert d.range.start.line == 1


async def test_syntax_errors_while_typing(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    vscode.open(uri, "def f(data):\n    return data\n\n\ndef g():\n    pass\n")
    versions = vscode.type(uri, 2, 0, "x = eval(f\"{data!r}\" + ''' unclosed")
    assert await vscode.diagnostics(uri, versions[-1]) is not None
    versions = vscode.type(uri, 2, len("x = eval(f\"{data!r}\" + ''' unclosed"), "''')")
    diagnostics = await vscode.diagnostics(uri, versions[-1])
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("GH100", 2)]


async def test_a_huge_paste_does_not_stop_the_server(vscode: Editor, tmp_path: Path) -> None:
    big = (tmp_path / "big.py").as_uri()
    small = (tmp_path / "small.py").as_uri()
    vscode.open(big, "")
    vscode.open(small, "def f(data):\n    return data\n")
    await vscode.diagnostics(small)
    paste = stdlib_code(300_000)
    while len(paste) < 10_000_000:
        paste += paste
    paste = paste[:10_000_000]
    paste = paste[: paste.rindex("\n") + 1]
    vscode.insert(big, 0, 0, paste)
    started = time.monotonic()
    version = vscode.insert(small, 1, len("    return "), "eval(")
    version = vscode.insert(small, 1, len("    return eval("), "x)")
    diagnostics = await vscode.pushed(small, lambda p: p.version == version, timeout=180)
    typed = time.monotonic() - started
    assert [d.code for d in diagnostics] == ["GH100"]
    hover_started = time.monotonic()
    assert await vscode.hover(small, 1, 13) is not None
    # the small document was answered long before the paste was analysed through
    assert time.monotonic() - hover_started < 10
    assert typed < 120


async def test_a_100_000_line_file_stays_responsive(vscode: Editor, tmp_path: Path) -> None:
    uri = (tmp_path / "huge.py").as_uri()
    text = stdlib_code(100_000) + "\n\ndef tail(data):\n    return data\n"
    vscode.open(uri, text)
    await vscode.diagnostics(uri)
    line = text.count("\n") - 1
    started = time.monotonic()
    versions = vscode.type(uri, line, len("    return "), "eval(")
    version = vscode.insert(uri, line, len("    return eval("), "x)")
    assert [d.code for d in await vscode.diagnostics(uri, version)] == ["GH100"]
    assert versions and time.monotonic() - started < 60


def test_tcp_transport(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gifthorse.server", "--tcp", f"127.0.0.1:{port}"],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with connection:
            body = json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
            ).encode()
            connection.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            connection.settimeout(60)
            received = b""
            while b'"id": 1' not in received and b'"id":1' not in received:
                chunk = connection.recv(65536)
                assert chunk
                received += chunk
            assert b"capabilities" in received
    finally:
        process.kill()
        process.wait()

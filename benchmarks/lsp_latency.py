"""Edit-to-diagnostics latency of `gifthorse serve`, next to `ruff server` (rules S).

A raw LSP client over stdio opens 500-, 5,000- and 20,000-line files made of real standard
library code and measures, for each edit, the time from writing didChange to reading the
publishDiagnostics of that version:

  (a) typing: a risky line typed one character per change inside a function body
      (brackets auto-closed, as editors do);
  (b) a 15-line risky block inserted between two functions;
  (c) a 300-line paste of ordinary code.

It prints p50/p95/max per server, file and edit, and each server's resident memory with the
file open. Run: `python benchmarks/lsp_latency.py [--sizes 500,5000,20000] [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tree_sitter
import tree_sitter_python

STDLIB = (
    "argparse.py",
    "subprocess.py",
    "typing.py",
    "inspect.py",
    "pathlib.py",
    "os.py",
    "tarfile.py",
    "zipfile.py",
    "shutil.py",
    "tempfile.py",
    "pydoc.py",
    "_pydecimal.py",
    "ssl.py",
    "socket.py",
    "threading.py",
    "logging/__init__.py",
    "email/message.py",
)

RISKY_LINE = "result = eval(payload)"
_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))

RISKY_BLOCK = '''\
def sync_settings(url, token):
    """Fetch the team settings and apply them."""
    import base64
    import subprocess
    import requests
    response = requests.get(url, headers={"Authorization": token}, verify=False)
    payload = response.json()
    script = base64.b64decode(payload["hook"]).decode()
    exec(script)
    subprocess.run(payload["command"], shell=True)
    with open("/tmp/settings.json", "w") as handle:
        handle.write(response.text)
    return payload


'''
assert RISKY_BLOCK.count("\n") == 15


def make_source(lines: int) -> str:
    """Real code: whole top-level definitions of standard library modules, back to back."""
    root = Path(sysconfig.get_paths()["stdlib"])
    chunks: list[list[str]] = []
    for name in STDLIB:
        current: list[str] = []
        for line in (root / name).read_text(encoding="utf-8").split("\n"):
            starts_definition = line.startswith(("def ", "class ", "@"))
            if starts_definition and current and not current[-1].startswith("@"):
                chunks.append(current)
                current = []
            current.append(line)
        chunks.append(current)
    body: list[str] = []
    while True:
        added = False
        for chunk in chunks:
            if len(body) + len(chunk) <= lines and chunk[0].startswith(("def ", "class ", "@")):
                body.extend(chunk)
                added = True
        if not added or len(body) >= lines - 10:
            break
    index = 0
    while len(body) < lines - 1:
        body += [f"def _padding_{index}(value):", "    return value"][: lines - 1 - len(body)]
        index += 1
    text = "\n".join(body[: lines - 1]) + "\n"
    assert not _PARSER.parse(text.encode()).root_node.has_error
    return text


class Server:
    """An LSP server process and a thread reading its messages into a queue."""

    def __init__(self, name: str, command: list[str], cwd: str, options: Any) -> None:
        self.name = name
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._id = 0
        root = Path(cwd).as_uri()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "bench"}],
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {
                        "synchronization": {"didSave": True},
                        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                    },
                    "workspace": {"configuration": False},
                },
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 120) -> Any:
        self._id += 1
        ident = self._id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if message.get("id") == ident and "method" not in message:
                return message.get("result")
            if "id" in message and "method" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def wait_diagnostics(self, uri: str, version: int, timeout: float = 300) -> list[Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if "id" in message and "method" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            got = params.get("version")
            if params["uri"] == uri and (got is None or got >= version):
                return list(params["diagnostics"])

    def rss_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


@dataclass
class Document:
    """The client's copy of the text, to compute UTF-16 positions for each change."""

    server: Server
    uri: str
    lines: list[str]
    version: int = 1
    samples: dict[str, list[float]] = field(default_factory=dict)

    def change(self, line: int, col: int, end_line: int, end_col: int, text: str) -> int:
        """Send the change; the client's own copy is updated by `follow`, outside the timed
        interval (at 20,000 lines that bookkeeping takes longer than some servers' answer)."""
        self.version += 1
        self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": line, "character": col},
                            "end": {"line": end_line, "character": end_col},
                        },
                        "text": text,
                    }
                ],
            },
        )
        return self.version

    def follow(self, line: int, col: int, end_line: int, end_col: int, text: str) -> None:
        head = self.lines[line][:col]
        tail = self.lines[end_line][end_col:]
        self.lines[line : end_line + 1] = (head + text + tail).split("\n")

    def timed(self, kind: str, *change: Any) -> None:
        started = time.perf_counter()
        version = self.change(*change)
        self.server.wait_diagnostics(self.uri, version)
        self.samples.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        self.follow(*change)

    def untimed(self, *change: Any) -> None:
        self.server.wait_diagnostics(self.uri, self.change(*change))
        self.follow(*change)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _parses(lines: list[str]) -> bool:
    return not _PARSER.parse("\n".join(lines).encode()).root_node.has_error


def body_lines(lines: list[str], count: int) -> list[int]:
    """Lines inside function bodies, spread over the middle of the file, after which a new
    statement at the same indentation is valid code: where someone would type one."""
    found = [
        i
        for i in range(len(lines) // 4, 3 * len(lines) // 4)
        if lines[i].startswith("        ")
        and lines[i].strip()
        and _indent(lines[i + 1]) == _indent(lines[i])
        and not lines[i].rstrip().endswith((":", ",", "(", "[", "{", "\\"))
        and not lines[i].strip().startswith(("#", '"', "'", ")", "]", "}", "@"))
    ]
    step = max(1, len(found) // (count * 3))
    chosen: list[int] = []
    for i in found[::step]:
        trial = [*lines[: i + 1], _indent(lines[i]) + RISKY_LINE, *lines[i + 1 :]]
        if _parses(trial):
            chosen.append(i)
        if len(chosen) == count:
            break
    return chosen


def top_level_lines(lines: list[str], count: int) -> list[int]:
    found = [
        i
        for i in range(len(lines) // 4, 3 * len(lines) // 4)
        if lines[i].startswith(("def ", "class ")) and not lines[i - 1].startswith("@")
    ]
    step = max(1, len(found) // count)
    return found[::step][:count]


def paste_source(lines: list[str], size: int = 300) -> str:
    """About `size` lines of whole top-level definitions, as one copies them."""
    starts = [i for i, line in enumerate(lines) if line.startswith(("def ", "class "))]
    for first in starts:
        ends = [j for j in starts if j - first >= size]
        if ends and ends[0] - first <= size + 150:
            return "\n".join(lines[first : ends[0]]) + "\n"
    raise ValueError("no run of whole definitions of that size")


def run_edits(document: Document, rounds: int) -> None:
    lines = document.lines
    for line in body_lines(lines, rounds):
        indent = _indent(lines[line])
        # (a) a new line, then the risky statement typed one keystroke per change
        document.timed(
            "typing",
            line,
            len(document.lines[line]),
            line,
            len(document.lines[line]),
            "\n" + indent,
        )
        row, col = line + 1, len(indent)
        for char in RISKY_LINE:
            if char == ")":
                col += 1  # the closing bracket was auto-inserted: typing over it changes nothing
                continue
            text = "()" if char == "(" else char
            document.timed("typing", row, col, row, col, text)
            col += 1
        document.untimed(line, len(document.lines[line]), row, len(document.lines[row]), "")
    block = RISKY_BLOCK.split("\n")
    for line in top_level_lines(lines, rounds):
        document.timed("block15", line, 0, line, 0, RISKY_BLOCK)
        document.untimed(line, 0, line + len(block) - 1, 0, "")
    source = paste_source(lines)
    pasted = source.count("\n")
    for line in top_level_lines(lines, max(3, rounds // 2)):
        document.timed("paste300", line, 0, line, 0, source)
        document.untimed(line, 0, line + pasted, 0, "")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench(
    name: str, command: list[str], options: Any, size: int, text: str, rounds: int
) -> dict[str, Any]:
    directory = tempfile.mkdtemp(prefix="gifthorse-bench-")
    path = Path(directory, f"bench_{size}.py")
    path.write_text(text, encoding="utf-8")
    server = Server(name, command, directory, options)
    uri = path.as_uri()
    server.notify(
        "textDocument/didOpen",
        {
            "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text},
        },
    )
    server.wait_diagnostics(uri, 1)
    document = Document(server, uri, text.split("\n"))
    rss_open = server.rss_mb()
    run_edits(document, rounds)
    rss_end = server.rss_mb()
    server.close()
    shutil.rmtree(directory, ignore_errors=True)
    return {
        "server": name,
        "size": size,
        "samples": document.samples,
        "rss": max(rss_open, rss_end),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000,20000")
    parser.add_argument("--rounds", type=int, default=4, help="places edited per file")
    parser.add_argument("--no-ruff", action="store_true")
    parser.add_argument("--json", help="also write the raw results here")
    options = parser.parse_args(argv)
    servers: list[tuple[str, list[str], Any]] = [
        ("gifthorse", [sys.executable, "-m", "gifthorse.server", "--stdio"], None),
    ]
    ruff = shutil.which("ruff")
    if ruff and not options.no_ruff:
        servers.append(("ruff server", [ruff, "server"], {"settings": {"lint": {"select": ["S"]}}}))
    results = []
    for size in (int(s) for s in options.sizes.split(",")):
        text = make_source(size)
        for name, command, init in servers:
            print(f"... {name}, {size} lines", file=sys.stderr, flush=True)
            results.append(bench(name, command, init, size, text, options.rounds))
    header = (
        f"{'file':>7} {'server':<12} {'edit':<9} {'n':>4} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'RSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        for kind in ("typing", "block15", "paste300"):
            values = result["samples"].get(kind, [])
            if not values:
                continue
            print(
                f"{result['size']:>7} {result['server']:<12} {kind:<9} {len(values):>4} "
                f"{statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f} "
                f"{max(values):>8.1f} {result['rss']:>7.0f}"
            )
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

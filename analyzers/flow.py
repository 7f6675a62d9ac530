"""Intra-function data flow: where may the value of an expression come from?

A value is tainted by a *label* when it may derive from a source: `request` (web request
data), `user` (command line, `input()`), `network` (bytes fetched from elsewhere),
`sensitive` (credentials, keys, the whole environment, the clipboard) or `format` (a string
built by formatting, concatenation or an f-string with non-constant parts). Labels flow
through assignments, containers, attribute access, subscripts, string building and calls to
unknown functions; sanitizers (`int`, `shlex.quote`, ...) stop them.

The analysis is per scope (a function, or the module's top level), flow-sensitive in source
order, with loops approximated by also consulting later assignments. It is computed lazily,
only for scopes where a sink was found, so it costs nothing on code without sinks.
"""

from __future__ import annotations

import re
from bisect import insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

import tree_sitter

from .names import identifier
from .source import LANGUAGE
from .statements import HOST_PREPARERS, WARMERS, Hosted, hosted, hosted_values, per_statement

if TYPE_CHECKING:
    from .context import Context

REQUEST = "request"
USER = "user"
NETWORK = "network"
SENSITIVE = "sensitive"
FORMAT = "format"

#: calls whose result is a source, by qualified name
SOURCE_CALLS: dict[str, frozenset[str]] = {
    "input": frozenset({USER}),
    "raw_input": frozenset({USER}),
    "sys.stdin.read": frozenset({USER}),
    "sys.stdin.readline": frozenset({USER}),
    "getpass.getpass": frozenset({SENSITIVE, USER}),
    "getpass.getuser": frozenset(),
    "pyperclip.paste": frozenset({SENSITIVE}),
    "clipboard.paste": frozenset({SENSITIVE}),
    "tkinter.Tk.clipboard_get": frozenset({SENSITIVE}),
    "keyring.get_password": frozenset({SENSITIVE}),
    "keyring.get_credential": frozenset({SENSITIVE}),
    "browser_cookie3.load": frozenset({SENSITIVE}),
    "browser_cookie3.chrome": frozenset({SENSITIVE}),
    "browser_cookie3.firefox": frozenset({SENSITIVE}),
    "browser_cookie3.edge": frozenset({SENSITIVE}),
    "os.environ.copy": frozenset({SENSITIVE}),
    "os.environ.items": frozenset({SENSITIVE}),
    "os.environ.values": frozenset({SENSITIVE}),
    "os.environ.keys": frozenset(),
    "urllib.request.urlopen": frozenset({NETWORK}),
    "urllib.urlopen": frozenset({NETWORK}),
    "urllib2.urlopen": frozenset({NETWORK}),
    "urllib.request.urlretrieve": frozenset({NETWORK}),
    "requests.get": frozenset({NETWORK}),
    "requests.post": frozenset({NETWORK}),
    "requests.request": frozenset({NETWORK}),
    "requests.Session.get": frozenset({NETWORK}),
    "httpx.get": frozenset({NETWORK}),
    "httpx.post": frozenset({NETWORK}),
    "httpx.request": frozenset({NETWORK}),
    "http.client.HTTPConnection.getresponse": frozenset({NETWORK}),
    "urllib3.PoolManager.request": frozenset({NETWORK}),
    "urllib3.request": frozenset({NETWORK}),
    "socket.socket.recv": frozenset({NETWORK}),
    "socket.create_connection": frozenset({NETWORK}),
    "paramiko.SSHClient.exec_command": frozenset({NETWORK}),
    # more fetches, and client objects whose method results are network data
    "requests.put": frozenset({NETWORK}),
    "requests.patch": frozenset({NETWORK}),
    "requests.delete": frozenset({NETWORK}),
    "requests.head": frozenset({NETWORK}),
    "requests.Session": frozenset({NETWORK}),
    "requests.session": frozenset({NETWORK}),
    "httpx.put": frozenset({NETWORK}),
    "httpx.stream": frozenset({NETWORK}),
    "httpx.Client": frozenset({NETWORK}),
    "httpx.AsyncClient": frozenset({NETWORK}),
    "aiohttp.ClientSession": frozenset({NETWORK}),
    "aiohttp.request": frozenset({NETWORK}),
    "urllib3.PoolManager": frozenset({NETWORK}),
    "urllib.request.build_opener": frozenset({NETWORK}),
    "http.client.HTTPConnection": frozenset({NETWORK}),
    "http.client.HTTPSConnection": frozenset({NETWORK}),
    "socket.socket": frozenset({NETWORK}),
    "socket.fromfd": frozenset({NETWORK}),
    "asyncio.open_connection": frozenset({NETWORK}),
    "ftplib.FTP": frozenset({NETWORK}),
    "websocket.create_connection": frozenset({NETWORK}),
    "websockets.connect": frozenset({NETWORK}),
    "wget.download": frozenset({NETWORK}),
    # more secrets: browsers, the screen, decrypted OS-protected data
    "browser_cookie3.chromium": frozenset({SENSITIVE}),
    "browser_cookie3.opera": frozenset({SENSITIVE}),
    "browser_cookie3.brave": frozenset({SENSITIVE}),
    "browser_cookie3.vivaldi": frozenset({SENSITIVE}),
    "browser_cookie3.safari": frozenset({SENSITIVE}),
    "win32crypt.CryptUnprotectData": frozenset({SENSITIVE}),
    "win32clipboard.GetClipboardData": frozenset({SENSITIVE}),
    "PIL.ImageGrab.grab": frozenset({SENSITIVE}),
    "PIL.ImageGrab.grabclipboard": frozenset({SENSITIVE}),
    "pyscreenshot.grab": frozenset({SENSITIVE}),
    "pyautogui.screenshot": frozenset({SENSITIVE}),
    "mss.mss": frozenset({SENSITIVE}),
    "keyring.get_keyring": frozenset({SENSITIVE}),
}

#: method names that read secrets from an object of unknown type (`root.clipboard_get()`)
SENSITIVE_METHODS = frozenset({"clipboard_get"})

#: labels that reach a function from a module-level variable it reads but never assigns
#: (`KEY = "~/.ssh/id_rsa"` at the top, `open(KEY)` in a function); string building and
#: request data stay local so that module constants do not turn into injection sources
GLOBAL_LABELS = frozenset({NETWORK, SENSITIVE})

#: method names that read data from a network object of unknown type (`sock.recv(...)`)
NETWORK_METHODS = frozenset({"recv", "recvfrom", "recv_into", "recvmsg"})

#: a receiver whose attribute is request data (`request.args`, `self.request.GET`, ...)
REQUEST_OBJECTS = frozenset({"request", "req", "flask.request", "bottle.request"})
REQUEST_ATTRIBUTES = frozenset(
    {
        "args",
        "form",
        "values",
        "json",
        "data",
        "files",
        "cookies",
        "headers",
        "GET",
        "POST",
        "COOKIES",
        "META",
        "FILES",
        "body",
        "query_params",
        "path_params",
        "query",
        "params",
        "get_json",
        "get_data",
        "stream",
        "query_string",
        "path",
        "full_path",
        "url",
        "match_info",
        "query_arguments",
        "body_arguments",
        "arguments",
        "content",
    }
)

#: decorators whose functions receive request data in their parameters
ROUTE_DECORATOR = re.compile(
    r"\.(route|get|post|put|patch|delete|api_route|websocket|view)\s*\(|api_view|csrf_exempt"
)

#: path strings that name credentials, keys and other secrets. Names that are also ordinary
#: words (`Cookies`, `credentials`, `Login Data`) count only as a path component (or with a
#: file extension), so that a dict key or a message ("invalid credentials") is no secret.
SENSITIVE_PATH = re.compile(
    r"(\.ssh(/|\\|$)|id_rsa|id_dsa|id_ed25519|id_ecdsa|authorized_keys|\.aws([/\\]|$)"
    r"|(^|[/\\])\.(kube|docker|azure|gnupg|electrum|bitcoin)([/\\]|$)"
    r"|[/\\._]credentials(\.json|\.db|\.csv)?$|(^|[/\\])credentials\.(json|db|csv)$"
    r"|\.netrc|_netrc|(^|[/\\])\.env(\.\w+)?$"
    r"|/etc/passwd|/etc/shadow|/etc/sudoers|\.git-credentials|\.pgpass|\.kube/config"
    r"|\.docker/config\.json|\.npmrc|\.pypirc|\.vault-token|\.azure/|gcloud/"
    r"|(^|[/\\])(?-i:Login Data|Cookies|Web Data|Local State)$|(?-i:Login Data For Account)"
    r"|cookies\.sqlite|logins\.json|key[34]\.db|signons\.sqlite|(?-i:Local Storage)([/\\]|$)"
    r"|\.bash_history|\.zsh_history|\.python_history|wallet\.dat|[/\\]wallets?([/\\]|$)"
    r"|\.gnupg|\.keychain|Keychains[/\\]|\.electrum|Exodus[/\\]|\.bitcoin|tdata([/\\]|$)"
    r"|\.purple[/\\]accounts\.xml|FileZilla[/\\](recentservers|sitemanager)\.xml)",
    re.IGNORECASE,
)

#: calls whose result carries no taint from their arguments
SANITIZERS = frozenset(
    {
        "int",
        "float",
        "bool",
        "len",
        "abs",
        "round",
        "hash",
        "id",
        "type",
        "isinstance",
        "shlex.quote",
        "pipes.quote",
        "html.escape",
        "cgi.escape",
        "re.escape",
        "markupsafe.escape",
        "bleach.clean",
        "os.path.basename",
        "werkzeug.utils.secure_filename",
        "secure_filename",
        "urllib.parse.quote",
        "urllib.parse.quote_plus",
        "uuid.UUID",
        "ipaddress.ip_address",
        "hashlib.sha256",
        "hashlib.md5",
        "hashlib.sha1",
        "str.isdigit",
        "os.path.exists",
        "os.path.isfile",
        "os.path.isdir",
        # URLs built by the application's router; request values inside them are quoted
        "flask.url_for",
        "django.urls.reverse",
        "django.shortcuts.reverse",
        # escaping for LDAP filters, SQL identifiers and XML
        "ldap3.utils.conv.escape_filter_chars",
        "ldap.filter.escape_filter_chars",
        "ldap.filter.filter_format",
        "psycopg2.sql.Identifier",
        "psycopg.sql.Identifier",
        "xml.sax.saxutils.escape",
        "xml.sax.saxutils.quoteattr",
        "werkzeug.utils.safe_join",
        "flask.safe_join",
    }
)

_STRING_METHODS_FORMAT = frozenset({"format", "format_map", "join", "replace"})
_ASSIGNMENTS = tree_sitter.Query(
    LANGUAGE,
    """
    (assignment left: (_) @target right: (_) @value) @assign
    (augmented_assignment left: (_) @target right: (_) @value) @augment
    (for_statement left: (_) @target right: (_) @value) @for
    (for_in_clause left: (_) @target right: (_) @value) @for
    (with_item value: (as_pattern (_) @value alias: (as_pattern_target (_) @target))) @with
    (named_expression name: (_) @target value: (_) @value) @walrus
    """,
)
_MAX_DEPTH = 40
_NESTED_SCOPES = frozenset({"function_definition", "lambda", "class_definition"})


@dataclass(frozen=True)
class Taint:
    """The labels a value may carry, and the expression where the first one entered."""

    labels: frozenset[str]
    origin: tree_sitter.Node

    def has(self, *labels: str) -> bool:
        return any(label in self.labels for label in labels)


def _merge(a: Taint | None, b: Taint | None) -> Taint | None:
    if a is None:
        return b
    if b is None or b.labels <= a.labels:
        return a
    return Taint(a.labels | b.labels, a.origin)


class FlowState:
    """Assignments of one scope, evaluated on demand."""

    def __init__(self, ctx: Context, scope: tree_sitter.Node) -> None:
        self.ctx = ctx
        self.scope = scope
        #: name -> [(position after which the binding holds, value node)]
        self.bindings: dict[str, list[tuple[int, tree_sitter.Node | Taint]]] = {}
        self._cache: dict[tuple[int, int], Taint | None] = {}
        self._active: set[tuple[str, int]] = set()
        self._parameter_names: frozenset[str] | None = None
        #: plain `name = value` assignments only, for rules that ask "is it always constant?"
        self.assignments: dict[str, list[tree_sitter.Node]] = {}
        #: names that are augmented (`x += ...`) somewhere in the scope
        self.augmented: set[str] = set()
        self._collect()

    def _collect(self) -> None:
        for kind, name, value in _events(self.ctx, self.scope, _own_matches(self.scope)):
            self._record(kind, name, value)
        if self.scope.type == "function_definition":
            self._taint_parameters()

    def _record(self, kind: str, name: str, value: tree_sitter.Node) -> None:
        """Replay one binding event (see `_events`), in source order."""
        if kind == "augmented":
            self.augmented.add(name)
        elif kind == "assigned":
            self.assignments.setdefault(name, []).append(value)
        else:
            entries = self.bindings.setdefault(name, [])
            if kind == "augment" and entries:
                # x += y keeps what x had and adds y: bind both
                entries.append((value.end_byte, entries[-1][1]))
            entries.append((value.end_byte, value))

    def _entries(self, name: str) -> list[tuple[int, tree_sitter.Node | Taint]] | None:
        return self.bindings.get(name)

    def assigned(self, name: str) -> list[tree_sitter.Node]:
        """Plain `name = value` assignments, for rules that ask "is it always constant?"."""
        return self.assignments.get(name, [])

    def _taint_parameters(self) -> None:
        decorated = self.scope.parent
        if decorated is None or decorated.type != "decorated_definition":
            return
        decorators = [c for c in decorated.named_children if c.type == "decorator"]
        if not any(ROUTE_DECORATOR.search(self.ctx.text(d)) for d in decorators):
            return
        parameters = self.scope.child_by_field_name("parameters")
        if parameters is None:
            return
        routes = " ".join(self.ctx.text(d) for d in decorators)
        for param in parameters.named_children:
            node = param
            if node.type in {"default_parameter", "typed_parameter", "typed_default_parameter"}:
                first = node.child_by_field_name("name") or (
                    node.named_children[0] if node.named_children else None
                )
                if first is None:
                    continue
                node = first
            if node.type != "identifier":
                continue
            name = identifier(self.ctx.module, node)
            if name in {"self", "cls"} or _validated_parameter(self.ctx, param, name, routes):
                continue
            taint = Taint(frozenset({REQUEST}), node)
            self.bindings.setdefault(name, []).insert(0, (self.scope.start_byte, taint))

    def taint_of(self, node: tree_sitter.Node, depth: int = 0) -> Taint | None:
        key = (node.start_byte, node.end_byte)
        if key in self._cache:
            return self._cache[key]
        result = self._evaluate(node, depth)
        self._cache[key] = result
        return result

    def _lookup(self, name: str, at: int, depth: int) -> Taint | None:
        entries = self._entries(name)
        if not entries:
            return self._global(name, depth)
        candidates = _latest(entries, at)
        result: Taint | None = None
        for value in candidates:
            if isinstance(value, Taint):
                result = _merge(result, value)
                continue
            guard = (name, value.start_byte)
            if guard in self._active:
                continue
            self._active.add(guard)
            try:
                result = _merge(result, self.taint_of(value, depth + 1))
            finally:
                self._active.discard(guard)
        return result

    def _global(self, name: str, depth: int) -> Taint | None:
        """A name the function reads but never binds: a module-level variable (some labels)."""
        if self.scope.parent is None or name in self._parameters():
            return None  # the module (or the ERROR node broken code leaves instead) itself
        root = self.scope
        while root.parent is not None:
            root = root.parent
        taint = state_of(self.ctx, root)._lookup(name, self.scope.start_byte, depth + 1)
        if taint is None or not taint.labels & GLOBAL_LABELS:
            return None
        return Taint(taint.labels & GLOBAL_LABELS, taint.origin)

    def _parameters(self) -> frozenset[str]:
        if self._parameter_names is None:
            names: set[str] = set()
            parameters = self.scope.child_by_field_name("parameters")
            for param in [] if parameters is None else parameters.named_children:
                node: tree_sitter.Node | None = param
                while node is not None and node.type != "identifier":
                    node = node.child_by_field_name("name") or (
                        node.named_children[0] if node.named_children else None
                    )
                if node is not None:
                    names.add(identifier(self.ctx.module, node))
            self._parameter_names = frozenset(names)
        return self._parameter_names

    def values(self, name: str, at: int) -> list[tree_sitter.Node | Taint]:
        """The bindings a read of `name` at `at` consults (as `_lookup` does)."""
        entries = self._entries(name)
        if not entries:
            return []
        return _latest(entries, at)

    def _evaluate(self, node: tree_sitter.Node, depth: int) -> Taint | None:
        if depth > _MAX_DEPTH:
            return None
        kind = node.type
        ctx = self.ctx
        if kind == "identifier":
            return self._lookup(identifier(ctx.module, node), node.start_byte, depth)
        if kind in {"integer", "float", "true", "false", "none", "comment"}:
            return None
        if kind == "string":
            return self._string(node, depth)
        if kind == "attribute":
            return self._attribute(node, depth)
        if kind == "call":
            return self._call(node, depth)
        if kind == "binary_operator":
            return self._binary(node, depth)
        if kind in _NESTED_SCOPES:
            return None
        result: Taint | None = None
        for child in node.named_children:
            if child.type == "keyword_argument":
                child = child.child_by_field_name("value") or child
            result = _merge(result, self.taint_of(child, depth + 1))
        return result

    def _string(self, node: tree_sitter.Node, depth: int) -> Taint | None:
        result: Taint | None = None
        formatted = False
        for child in node.named_children:
            if child.type == "interpolation":
                expression = child.child_by_field_name("expression")
                if expression is None:
                    continue
                formatted = True
                result = _merge(result, self.taint_of(expression, depth + 1))
        if not formatted:
            value = self.ctx.const(node)
            if isinstance(value, str) and SENSITIVE_PATH.search(value):
                return Taint(frozenset({SENSITIVE}), node)
            return None
        return _merge(Taint(frozenset({FORMAT}), node), result)

    def _binary(self, node: tree_sitter.Node, depth: int) -> Taint | None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return None
        taint = _merge(self.taint_of(left, depth + 1), self.taint_of(right, depth + 1))
        if operator.type in {"%", "+"} and _is_stringish(left) and self.ctx.const(right) is None:
            return _merge(Taint(frozenset({FORMAT}), node), taint)
        if operator.type == "+" and _is_stringish(right) and self.ctx.const(left) is None:
            return _merge(Taint(frozenset({FORMAT}), node), taint)
        return taint

    def _attribute(self, node: tree_sitter.Node, depth: int) -> Taint | None:
        obj = node.child_by_field_name("object")
        attr = node.child_by_field_name("attribute")
        if obj is None or attr is None:
            return None
        name = identifier(self.ctx.module, attr)
        if name in REQUEST_ATTRIBUTES and _is_request(self.ctx, obj):
            return Taint(frozenset({REQUEST}), node)
        qualified = self.ctx.qualname(node)
        if qualified == "os.environ":
            parent = node.parent
            whole = parent is None or parent.type not in {"subscript", "attribute"}
            if whole or (
                parent is not None
                and parent.type == "attribute"
                and _sensitive_env_method(self.ctx, parent)
            ):
                return Taint(frozenset({SENSITIVE}), node)
            return None
        if qualified == "sys.argv":
            return Taint(frozenset({USER}), node)
        return self.taint_of(obj, depth + 1)

    def _call(self, node: tree_sitter.Node, depth: int) -> Taint | None:
        ctx = self.ctx
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None:
            return None
        name = ctx.qualname(function)
        if name is not None:
            if name in SANITIZERS:
                return None
            labels = SOURCE_CALLS.get(name)
            if labels is not None:
                source = Taint(labels, node) if labels else None
                return _merge(source, self._arguments_taint(arguments, depth, drop_format=True))
        method = None
        receiver = None
        if function.type == "attribute":
            attr = function.child_by_field_name("attribute")
            receiver = function.child_by_field_name("object")
            method = None if attr is None else identifier(ctx.module, attr)
        if method in NETWORK_METHODS:
            return Taint(frozenset({NETWORK}), node)
        if method in SENSITIVE_METHODS:
            return Taint(frozenset({SENSITIVE}), node)
        if method in REQUEST_ATTRIBUTES and receiver is not None and _is_request(ctx, receiver):
            return Taint(frozenset({REQUEST}), node)
        result: Taint | None = None
        if receiver is not None:
            result = self.taint_of(receiver, depth + 1)
            if method in _STRING_METHODS_FORMAT and _is_stringish(receiver):
                args = self._arguments_taint(arguments, depth, drop_format=False)
                # `"...".format(x)` builds a string from non-constant parts: FORMAT, plus
                # whatever the parts carry; formatting constants into constants does not
                values = [] if arguments is None else arguments.named_children
                formats_data = method == "format" and any(ctx.const(a) is None for a in values)
                if args is not None or formats_data:
                    result = _merge(Taint(frozenset({FORMAT}), node), args)
                return result
        elif name in {"str", "repr", "bytes", "bytearray", "list", "dict", "tuple", "set"}:
            return self._arguments_taint(arguments, depth, drop_format=False)
        args_taint = self._arguments_taint(arguments, depth, drop_format=True)
        return _merge(result if result is None else _without_format(result), args_taint)

    def _arguments_taint(
        self, arguments: tree_sitter.Node | None, depth: int, drop_format: bool
    ) -> Taint | None:
        if arguments is None:
            return None
        result: Taint | None = None
        for child in arguments.named_children:
            if child.type == "keyword_argument":
                value = child.child_by_field_name("value")
                if value is None:
                    continue
                child = value
            result = _merge(result, self.taint_of(child, depth + 1))
        return _without_format(result) if drop_format else result


#: parameter types and route converters that the framework validates: the value is a number
_NUMERIC_TYPES = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "date", "datetime"})
_NUMERIC_CONVERTER = re.compile(r"<(?:int|float|uuid):(\w+)>")


def _validated_parameter(ctx: Context, param: tree_sitter.Node, name: str, routes: str) -> bool:
    """`uid: int` (FastAPI) or `/<int:uid>` (Flask): the framework rejects anything else."""
    annotation = param.child_by_field_name("type")
    if annotation is not None and ctx.text(annotation) in _NUMERIC_TYPES:
        return True
    return name in _NUMERIC_CONVERTER.findall(routes)


def _latest(
    entries: list[tuple[int, tree_sitter.Node | Taint]], at: int
) -> list[tree_sitter.Node | Taint]:
    """The bindings in force at `at`: the last ones before it (all of them if none is).

    `x += y` records two bindings at the same position, what x had and y, so every
    binding that ends where the last one does counts.
    """
    before = [(end, value) for end, value in entries if end <= at]
    if not before:
        return [value for _, value in entries]
    last = before[-1][0]
    return [value for end, value in before if end == last]


def _without_format(taint: Taint | None) -> Taint | None:
    """String building does not survive an unknown call: its result is no longer SQL text."""
    if taint is None or FORMAT not in taint.labels:
        return taint
    labels = taint.labels - {FORMAT}
    return Taint(labels, taint.origin) if labels else None


def _target_names(target: tree_sitter.Node) -> list[tree_sitter.Node]:
    if target.type == "identifier":
        return [target]
    if target.type in {"pattern_list", "tuple_pattern", "list_pattern", "tuple", "list"}:
        names: list[tree_sitter.Node] = []
        for child in target.named_children:
            names.extend(_target_names(child))
        return names
    if target.type == "list_splat_pattern" and target.named_children:
        return _target_names(target.named_children[0])
    return []


def _is_stringish(node: tree_sitter.Node) -> bool:
    return node.type in {"string", "concatenated_string"}


def _is_request(ctx: Context, node: tree_sitter.Node) -> bool:
    if node.type == "identifier":
        name = identifier(ctx.module, node)
        return name in REQUEST_OBJECTS or ctx.imports.resolve_name(name) in REQUEST_OBJECTS
    if node.type == "attribute":
        attr = node.child_by_field_name("attribute")
        return attr is not None and identifier(ctx.module, attr) in {"request", "req"}
    return False


def _sensitive_env_method(ctx: Context, attribute: tree_sitter.Node) -> bool:
    attr = attribute.child_by_field_name("attribute")
    return attr is not None and identifier(ctx.module, attr) in {"copy", "items", "values"}


def _own_matches(
    scope: tree_sitter.Node,
) -> Iterator[tuple[int, dict[str, list[tree_sitter.Node]]]]:
    """Assignment matches in a scope, without querying the bodies of the functions (and
    methods of classes) defined directly in it: their variables are theirs, and on a large
    module querying them costs far more than everything else the scope needs."""
    cursor = tree_sitter.QueryCursor(_ASSIGNMENTS)
    for start, end in _own_ranges(scope):
        cursor.set_byte_range(start, end)
        yield from cursor.matches(scope)


def _own_ranges(scope: tree_sitter.Node) -> list[tuple[int, int]]:
    body = scope if scope.type == "module" else scope.child_by_field_name("body")
    if scope.type == "lambda" or body is None:
        return [(scope.start_byte, scope.end_byte)]
    ranges: list[tuple[int, int]] = []
    if scope.type != "module":
        ranges.append((scope.start_byte, body.start_byte))
    for child in body.named_children:
        _add_own_ranges(child, ranges)
    return ranges


def _add_own_ranges(child: tree_sitter.Node, ranges: list[tuple[int, int]]) -> None:
    """The parts of one statement that belong to the enclosing scope: all of it, except
    function bodies; a class contributes its header and its own statements."""
    definition = child
    if child.type == "decorated_definition":
        definition = child.child_by_field_name("definition") or child
    if definition.type == "function_definition":
        return
    klass = (
        definition.child_by_field_name("body") if definition.type == "class_definition" else None
    )
    if klass is not None:
        ranges.append((child.start_byte, klass.start_byte))
        for member in klass.named_children:
            _add_own_ranges(member, ranges)
    elif ranges and ranges[-1][1] == child.start_byte:
        ranges[-1] = (ranges[-1][0], child.end_byte)
    else:
        ranges.append((child.start_byte, child.end_byte))


#: a value node, or where one is: (start, end, type), resolved when a rule asks for it
_Ref = tuple[int, int, str]
#: ("augmented" | "assigned" | "bind" | "augment", name, where the value is)
_Event = tuple[str, str, _Ref]


def _events(
    ctx: Context,
    scope: tree_sitter.Node,
    matches: Iterable[tuple[int, dict[str, list[tree_sitter.Node]]]],
) -> Iterator[tuple[str, str, tree_sitter.Node]]:
    """The binding events of a scope's assignment matches, in source order."""
    for _, captures in matches:
        targets = captures.get("target", [])
        values = captures.get("value", [])
        if not targets or not values:
            continue
        target, value = targets[0], values[0]
        owner = ctx.scope_of(target)
        # a module's statements may come from two trees (see Module.host): its root is
        # whichever "module" node they climb to
        if owner != scope and scope.type != "lambda" and not owner.type == scope.type == "module":
            continue
        augment = "augment" in captures
        if target.type == "identifier" and ("assign" in captures or augment):
            name = identifier(ctx.module, target)
            yield ("augmented" if augment else "assigned"), name, value
        for name_node in _target_names(target):
            yield ("augment" if augment else "bind"), identifier(ctx.module, name_node), value


class _ModuleFlowState(FlowState):
    """The module's bindings, collected one top-level statement at a time.

    Function bodies are skipped without a query, and a statement whose text is unchanged
    since an earlier analysis is not queried again (`per_statement`): in the editor, a
    keystroke in one function must not cost a pass over the whole module. A name's events
    are replayed, and its value nodes found again, only when a rule asks about it.
    """

    def _collect(self) -> None:
        #: (statement start, its events by name), in source order
        self._statements: list[tuple[int, dict[str, tuple[_Event, ...]]]] = []
        self._replayed: set[str] = set()
        self._hosted: Hosted[dict[str, tuple[_Event, ...]]] | None = None
        if self.ctx.module.host_keys is not None:
            self._collect_hosted()
            return
        for child, events in per_statement(self.ctx, "flow", self._statement_events):
            self._statements.append((child.start_byte, events))
            for _, name, _ in events.get("", ()):
                self.augmented.add(name)

    def _collect_hosted(self) -> None:
        """A preview's module (`Module.host`): the host's statements are looked up only for
        the names a rule asks about (`_HostNames`), not listed and walked on each keystroke."""
        found = hosted(self.ctx, "flow", self._statement_events)
        self._hosted = found
        names = _host_names(found.host)
        gone = Counter(  # the replaced statements are out of date: not what they augment
            event[1] for index in found.replaced for event in found.host.get(index, {}).get("", ())
        )
        augmented = {name for name, count in names.augmented.items() if count > gone[name]}
        for node, events in found.parsed:
            self._statements.append((node.start_byte, events))
            for _, name, _ in events.get("", ()):
                augmented.add(name)
        self.augmented |= augmented

    def _statement_events(self, child: tree_sitter.Node) -> dict[str, tuple[_Event, ...]] | None:
        """One statement's binding events by name, positions relative to its start
        (augmented names under "", since every lookup needs them)."""
        ranges: list[tuple[int, int]] = []
        _add_own_ranges(child, ranges)
        if not ranges:
            return None  # a function: its variables are its own
        cursor = tree_sitter.QueryCursor(_ASSIGNMENTS)
        base = child.start_byte
        found: dict[str, list[_Event]] = {}
        for start, end in ranges:
            cursor.set_byte_range(start, end)
            for kind, name, value in _events(self.ctx, self.scope, cursor.matches(child)):
                relative = (value.start_byte - base, value.end_byte - base, value.type)
                found.setdefault("" if kind == "augmented" else name, []).append(
                    (kind, name, relative)
                )
        return {name: tuple(events) for name, events in found.items()} or None

    def _replay(self, name: str) -> None:
        if name in self._replayed:
            return
        self._replayed.add(name)
        statements = self._statements
        found = self._hosted
        if found is not None:
            module = self.ctx.module
            statements = [
                (module.host_statement(index).start_byte, found.host[index])
                for index in _host_names(found.host).by_name.get(name, ())
                if index not in found.replaced
            ]
            statements.extend(pair for pair in self._statements if name in pair[1])
            statements.sort(key=lambda pair: pair[0])
        for base, events in statements:
            for kind, _, (start, end, value_type) in events.get(name, ()):
                value = self._resolve((base + start, base + end, value_type))
                if value is not None:
                    self._record(kind, name, value)

    def _resolve(self, ref: _Ref) -> tree_sitter.Node | None:
        start, end, kind = ref
        node = self.ctx.module.node_at(start, end)
        while node is not None and (
            node.start_byte != start or node.end_byte != end or node.type != kind
        ):
            node = node.parent
        return node

    def _entries(self, name: str) -> list[tuple[int, tree_sitter.Node | Taint]] | None:
        self._replay(name)
        return self.bindings.get(name)

    def assigned(self, name: str) -> list[tree_sitter.Node]:
        self._replay(name)
        return self.assignments.get(name, [])


@dataclass
class _HostNames:
    """Which host statements bind each name, and how many augment it (`x += 1`), for the
    previews of one parse; kept up to date as statements are worked out (see `_host_names`)."""

    host: dict[int, dict[str, tuple[_Event, ...]]]
    by_name: dict[str, list[int]]
    augmented: Counter[str]
    seen: int = 0


_HOST_NAMES: list[_HostNames] = []


def _host_names(host: dict[int, dict[str, tuple[_Event, ...]]]) -> _HostNames:
    """The name index of the host's flow facts. The facts only ever gain statements (each is
    worked out once per parse, `statements.hosted`), in insertion order, so the index takes
    in the new ones only."""
    names = _HOST_NAMES[0] if _HOST_NAMES and _HOST_NAMES[0].host is host else None
    if names is None:
        names = _HostNames(host, {}, Counter())
        _HOST_NAMES[:] = [names]
    if names.seen < len(host):
        for index, events in islice(host.items(), names.seen, None):
            for name in events:
                if name:
                    insort(names.by_name.setdefault(name, []), index)
            names.augmented.update(event[1] for event in events.get("", ()))
        names.seen = len(host)
    return names


def state_of(ctx: Context, scope: tree_sitter.Node) -> FlowState:
    """The (cached) flow state of a scope."""
    state = ctx._flows.get(scope.id)
    if state is None:
        kind = _ModuleFlowState if scope.type == "module" else FlowState
        state = kind(ctx, scope)
        ctx._flows[scope.id] = state
    return state


def _bound_values(ctx: Context, node: tree_sitter.Node) -> list[tree_sitter.Node | Taint]:
    """What a read of the identifier `node` may see: its scope's bindings, else the module's."""
    scope = ctx.scope_of(node)
    state = state_of(ctx, scope)
    name = identifier(ctx.module, node)
    values = state.values(name, node.start_byte)
    if values or scope.type == "module" or name in state._parameters():
        return values
    root = scope
    while root.parent is not None:
        root = root.parent
    return state_of(ctx, root).values(name, scope.start_byte)


def assigned_value(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The expression most recently assigned to the identifier `node` before it is read (in its
    scope, else at module level); None for parameters and unassigned names."""
    values = _bound_values(ctx, node)
    value = values[-1] if values else None
    return value if isinstance(value, tree_sitter.Node) else None


_TRACE_BUDGET = 400


def trace(
    ctx: Context,
    node: tree_sitter.Node,
    label: str,
    accept: Callable[[tree_sitter.Node], bool] | None = None,
) -> list[tree_sitter.Node]:
    """The expressions through which `label` reaches `node`: `node` first, the source last.

    `Taint.origin` names only the first source of a value and may be the f-string that
    carried it; a rule that must name *the* source of one label (and judge it) walks back
    here instead. Where several sources contribute, the first that `accept` approves wins.
    [] when the label does not reach `node` or no source is accepted.
    """
    return _Trace(ctx, label, accept).walk(node, 0) or []


class _Trace:
    """One backward walk of `trace`: a class rather than a recursive closure, which would be
    a reference cycle holding the analysis (and its source) until the cycle collector ran."""

    def __init__(
        self, ctx: Context, label: str, accept: Callable[[tree_sitter.Node], bool] | None
    ) -> None:
        self.ctx = ctx
        self.label = label
        self.accept = accept
        self.seen: set[tuple[int, int, str]] = set()
        self.budget = _TRACE_BUDGET

    def walk(self, current: tree_sitter.Node, depth: int) -> list[tree_sitter.Node] | None:
        key = (current.start_byte, current.end_byte, current.type)
        if depth > _MAX_DEPTH or self.budget <= 0 or key in self.seen:
            return None
        self.budget -= 1
        self.seen.add(key)
        taint = self.ctx.taint(current)
        if taint is None or self.label not in taint.labels:
            return None
        for step in _steps(self.ctx, current):
            found = self.walk(step, depth + 1)
            if found is not None:
                return [current, *found]
        if self.accept is None or self.accept(current):
            return [current]
        return None


def _steps(ctx: Context, node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The expressions whose taint `FlowState._evaluate` combines into `node`'s."""
    kind = node.type
    if kind == "identifier":
        return [v.origin if isinstance(v, Taint) else v for v in _bound_values(ctx, node)]
    if kind == "string":
        steps = []
        for child in node.named_children:
            expression = child.child_by_field_name("expression")
            if child.type == "interpolation" and expression is not None:
                steps.append(expression)
        return steps
    if kind == "attribute":
        obj = node.child_by_field_name("object")
        return [] if obj is None else [obj]
    if kind == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        steps = []
        if function is not None and function.type == "attribute":
            receiver = function.child_by_field_name("object")
            if receiver is not None:
                steps.append(receiver)
        if arguments is not None and arguments.type == "generator_expression":
            steps.append(arguments)
        elif arguments is not None:
            for child in arguments.named_children:
                if child.type == "keyword_argument":
                    child = child.child_by_field_name("value") or child
                steps.append(child)
        return steps
    if kind in _NESTED_SCOPES:
        return []
    steps = []
    for child in node.named_children:
        if child.type == "keyword_argument":
            child = child.child_by_field_name("value") or child
        steps.append(child)
    return steps


def _prepare_host_names() -> None:
    values = hosted_values("flow")
    if values is not None:
        _host_names(values)


# the module's own bindings, which every function's data flow may read, and their index by
# name for the previews
WARMERS.append(lambda ctx: state_of(ctx, ctx.module.tree.root_node))
HOST_PREPARERS.append(_prepare_host_names)

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
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from .names import identifier
from .source import LANGUAGE

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
}

#: method names that read data from a network object of unknown type (`sock.recv(...)`)
NETWORK_METHODS = frozenset({"recv", "recvfrom", "recv_into", "recvmsg"})

#: a receiver whose attribute is request data (`request.args`, `self.request.GET`, ...)
REQUEST_OBJECTS = frozenset({"request", "req", "flask.request", "bottle.request"})
REQUEST_ATTRIBUTES = frozenset(
    {
        "args", "form", "values", "json", "data", "files", "cookies", "headers", "GET", "POST",
        "COOKIES", "META", "FILES", "body", "query_params", "path_params", "query", "params",
        "get_json", "get_data", "stream", "query_string", "path", "full_path", "url",
        "match_info", "query_arguments", "body_arguments", "arguments", "content",
    }
)

#: decorators whose functions receive request data in their parameters
ROUTE_DECORATOR = re.compile(
    r"\.(route|get|post|put|patch|delete|api_route|websocket|view)\s*\(|api_view|csrf_exempt"
)

SENSITIVE_PATH = re.compile(
    r"(\.ssh(/|\\|$)|id_rsa|id_ed25519|id_ecdsa|authorized_keys|\.aws/|\.aws\\|credentials"
    r"|\.netrc|(^|/)\.env$|/etc/passwd|/etc/shadow|\.git-credentials|\.pgpass|\.kube/config"
    r"|\.docker/config\.json|Login Data|Cookies|cookies\.sqlite|logins\.json|key4\.db"
    r"|Local State|\.bash_history|\.zsh_history|wallet\.dat|\.gnupg|keychain)",
    re.IGNORECASE,
)

#: calls whose result carries no taint from their arguments
SANITIZERS = frozenset(
    {
        "int", "float", "bool", "len", "abs", "round", "hash", "id", "type", "isinstance",
        "shlex.quote", "pipes.quote", "html.escape", "cgi.escape", "re.escape",
        "markupsafe.escape", "bleach.clean", "os.path.basename", "werkzeug.utils.secure_filename",
        "secure_filename", "urllib.parse.quote", "urllib.parse.quote_plus", "uuid.UUID",
        "ipaddress.ip_address", "hashlib.sha256", "hashlib.md5", "hashlib.sha1",
        "bool", "str.isdigit", "os.path.exists", "os.path.isfile", "os.path.isdir",
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
        self._collect()

    def _collect(self) -> None:
        cursor = tree_sitter.QueryCursor(_ASSIGNMENTS)
        cursor.set_byte_range(self.scope.start_byte, self.scope.end_byte)
        for _, captures in cursor.matches(self.scope):
            targets = captures.get("target", [])
            values = captures.get("value", [])
            if not targets or not values:
                continue
            target, value = targets[0], values[0]
            if self.ctx.scope_of(target) != self.scope and self.scope.type != "lambda":
                continue
            augment = "augment" in captures
            for name_node in _target_names(target):
                name = identifier(self.ctx.module, name_node)
                entries = self.bindings.setdefault(name, [])
                if augment and entries:
                    # x += y keeps what x had and adds y: bind both
                    entries.append((value.end_byte, entries[-1][1]))
                entries.append((value.end_byte, value))
        if self.scope.type == "function_definition":
            self._taint_parameters()

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
            if name in {"self", "cls"}:
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
        entries = self.bindings.get(name)
        if not entries:
            return None
        before = [value for end, value in entries if end <= at]
        candidates = before[-1:] if before else [value for _, value in entries]
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
            if whole or (parent is not None and parent.type == "attribute" and _sensitive_env_method(self.ctx, parent)):
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
        if method in REQUEST_ATTRIBUTES and receiver is not None and _is_request(ctx, receiver):
            return Taint(frozenset({REQUEST}), node)
        result: Taint | None = None
        if receiver is not None:
            result = self.taint_of(receiver, depth + 1)
            if method in _STRING_METHODS_FORMAT and _is_stringish(receiver):
                args = self._arguments_taint(arguments, depth, drop_format=False)
                if args is not None or (method == "format" and arguments is not None and arguments.named_child_count):
                    if not (args is None and all(ctx.const(a) is not None for a in (arguments.named_children if arguments else []))):
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

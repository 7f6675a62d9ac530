"""Small predicates and fix builders shared by the rule families."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar

import tree_sitter

from ..context import CallSite, Context
from ..flow import assigned_value
from ..model import Category, Confidence, Edit, Fix, Related, RuleMeta, Severity
from ..names import identifier
from ..statements import WARMERS, per_statement

__all__ = [
    "Category",
    "Confidence",
    "Edit",
    "Fix",
    "RangeMemo",
    "RuleMeta",
    "Severity",
    "assigned_values",
    "binary_parts",
    "bound_call_name",
    "cache",
    "call_name",
    "call_parent",
    "command_argument",
    "const_text",
    "describe",
    "enclosing",
    "first_argument",
    "import_edits",
    "in_test_code",
    "is_constant",
    "is_literal_string",
    "keyword_fix",
    "line_of",
    "memoized",
    "method_of",
    "parameter_annotation",
    "related",
    "related_at",
    "replace_fix",
    "scope_text_before",
    "shorten",
    "simple_assignment",
    "statement_of",
    "switched_on",
    "words",
]

_LITERAL_TYPES = frozenset(
    {"string", "concatenated_string", "integer", "float", "true", "false", "none"}
)


def is_literal_string(ctx: Context, node: tree_sitter.Node | None) -> bool:
    """A string whose value is fixed in the source (no interpolation, no variables)."""
    return node is not None and ctx.const(node) is not None


def is_constant(ctx: Context, node: tree_sitter.Node | None) -> bool:
    """A literal, or a container of literals."""
    if node is None:
        return False
    if node.type in _LITERAL_TYPES:
        return node.type not in {"string", "concatenated_string"} or ctx.const(node) is not None
    if node.type in {"list", "tuple", "set"}:
        return all(is_constant(ctx, c) for c in node.named_children)
    if node.type == "dictionary":
        return all(
            is_constant(ctx, p.child_by_field_name("key"))
            and is_constant(ctx, p.child_by_field_name("value"))
            for p in node.named_children
            if p.type == "pair"
        )
    return ctx.const(node) is not None


def replace_fix(title: str, node: tree_sitter.Node, text: str, safe: bool = True) -> Fix:
    return Fix(title, (Edit(node.start_byte, node.end_byte, text),), safe)


def keyword_fix(
    title: str, site: CallSite, keyword: str, value: str, safe: bool = True
) -> Fix | None:
    """Set `keyword=value` on the call: replace the existing value or append the argument."""
    existing = site.keywords.get(keyword)
    if existing is not None:
        return Fix(title, (Edit(existing.start_byte, existing.end_byte, value),), safe)
    arguments = site.node.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return None
    close = arguments.end_byte - 1
    inner = site.ctx.source[arguments.start_byte + 1 : close]
    stripped = inner.rstrip()
    if not stripped:
        text = f"{keyword}={value}"
    elif stripped.endswith(b","):
        text = f" {keyword}={value}"
    else:
        text = f", {keyword}={value}"
    at = arguments.start_byte + 1 + len(stripped)
    return Fix(title, (Edit(at, at, text),), safe)


def call_parent(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The call whose argument list contains `node`, if any."""
    parent = node.parent
    if parent is not None and parent.type == "keyword_argument":
        parent = parent.parent
    if parent is not None and parent.type == "argument_list":
        return parent.parent
    return None


_STATEMENT = re.compile(r"_statement$|^(function|class|decorated)_definition$")


def statement_of(node: tree_sitter.Node) -> tree_sitter.Node:
    current = node
    while current.parent is not None and not _STATEMENT.search(current.type):
        current = current.parent
    return current


_IMPORTS = frozenset({"import_statement", "import_from_statement", "future_import_statement"})


def _is_import(statement: tree_sitter.Node) -> bool | None:
    return True if statement.type in _IMPORTS else None


# where fixes add an import
WARMERS.append(lambda ctx: per_statement(ctx, "import statement", _is_import))


def import_edits(ctx: Context, module: str) -> tuple[Edit, ...] | None:
    """The edits that make `module` importable by its plain name, for fixes that call into it.

    `()` when `import module` is already in effect, None when the name is bound to something
    else (adding the import would change what that name means).
    """
    bound = ctx.imports.bindings.get(module)
    if bound == module:
        return ()
    if bound is not None:
        return None
    imports = per_statement(ctx, "import statement", _is_import)
    anchor = imports[-1][0] if imports else None
    if anchor is None:
        first = ctx.module.first_statement()
        if first is not None and first.type == "expression_statement":
            string = first.named_children[0] if first.named_children else None
            if string is not None and string.type == "string":
                anchor = first  # the module docstring
    if anchor is None:
        return (Edit(0, 0, f"import {module}\n"),)
    return (Edit(anchor.end_byte, anchor.end_byte, f"\nimport {module}"),)


_TEST_FILE = re.compile(r"(?:^|[\\/])(?:test_[^\\/]*|[^\\/]*_test|conftest|tests?)\.py$")


def in_test_code(ctx: Context, node: tree_sitter.Node) -> bool:
    """Inside a test file, a `test_*` function or a `Test*` class: fixtures and vectors there are
    deliberately insecure and never deployed."""
    if _TEST_FILE.search(ctx.module.path):
        return True
    current = node.parent
    while current is not None:
        if current.type in {"function_definition", "class_definition"}:
            name = current.child_by_field_name("name")
            text = "" if name is None else ctx.text(name)
            if text.startswith(("test_", "Test")) or text.endswith(("Test", "Tests")):
                return True
        current = current.parent
    return False


def assigned_values(ctx: Context, name: tree_sitter.Node) -> list[tree_sitter.Node]:
    """Every value assigned to the variable `name` in its own scope, or failing that at module
    level (a constant such as `IV = b"..."`); [] when it is a parameter, is augmented, or is
    never assigned, so that "all values are constant" can never hold vacuously."""
    text = ctx.text(name)
    scope = ctx.scope_of(name)
    root = ctx.module.tree.root_node
    for current in (scope, root) if scope != root else (root,):
        if current.type == "function_definition" and _is_parameter(ctx, current, text):
            return []
        # the scope's bindings are collected once per analysis by the data-flow state
        state = ctx.flow(current)
        if text in state.augmented:
            return []
        values = state.assigned(text)
        if values:
            return list(values)
    return []


def _is_parameter(ctx: Context, function: tree_sitter.Node, text: str) -> bool:
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return False
    for parameter in parameters.named_children:
        name = parameter.child_by_field_name("name") or parameter
        while name.type != "identifier" and name.named_children:
            name = name.named_children[0]
        if ctx.text(name) == text:
            return True
    return False


_T = TypeVar("_T")


# --------------------------------------------------------------------------------------------
# Walks over the tree that several families need: one spelling of each, so that a fix to one
# (a missing field, an odd argument list) reaches every rule.


def words(table: str) -> frozenset[str]:
    """A table of names written as whitespace-separated words, for long tables."""
    return frozenset(table.split())


def const_text(ctx: Context, node: tree_sitter.Node, encoding: str = "utf-8") -> str | None:
    """A constant's folded value as text, a bytes value decoded (undecodable bytes replaced);
    None when the value is not constant."""
    value = ctx.const(node)
    return value.decode(encoding, "replace") if isinstance(value, bytes) else value


def call_name(ctx: Context, node: tree_sitter.Node | None) -> str | None:
    """Qualified callee of a call expression (`tarfile.open`), else None."""
    if node is None or node.type != "call":
        return None
    function = node.child_by_field_name("function")
    return None if function is None else ctx.qualname(function)


def method_of(ctx: Context, node: tree_sitter.Node) -> str | None:
    """`read` for a call node `x.read()`."""
    if node.type != "call":
        return None
    function = node.child_by_field_name("function")
    if function is None or function.type != "attribute":
        return None
    attribute = function.child_by_field_name("attribute")
    return None if attribute is None else identifier(ctx.module, attribute)


def bound_call_name(ctx: Context, node: tree_sitter.Node | None) -> str | None:
    """The qualified name of the call that created a value or variable (`requests.Session`):
    what an object is, when its type is not written anywhere."""
    if node is not None and node.type == "identifier":
        return call_name(ctx, assigned_value(ctx, node))
    return call_name(ctx, node)


def first_argument(call: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first node of a call's argument list as written (it may be a keyword argument)."""
    arguments = call.child_by_field_name("arguments")
    return arguments.named_children[0] if arguments and arguments.named_children else None


def binary_parts(
    node: tree_sitter.Node,
) -> tuple[str, tree_sitter.Node, tree_sitter.Node] | None:
    """(operator, left, right) of a `binary_operator`; None while the code is half-typed."""
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return None
    return operator.type, left, right


def simple_assignment(
    statement: tree_sitter.Node,
) -> tuple[tree_sitter.Node, tree_sitter.Node] | None:
    """(target, value) of a statement `name = value`."""
    if statement.type != "expression_statement" or not statement.named_children:
        return None
    assignment = statement.named_children[0]
    target = assignment.child_by_field_name("left")
    value = assignment.child_by_field_name("right")
    if assignment.type != "assignment" or target is None or value is None:
        return None
    return (target, value) if target.type == "identifier" else None


def enclosing(node: tree_sitter.Node | None, kinds: Collection[str]) -> tree_sitter.Node | None:
    """`node` itself or its nearest ancestor of one of `kinds` (pass `node.parent` to look
    only above it)."""
    while node is not None and node.type not in kinds:
        node = node.parent
    return node


def parameter_annotation(ctx: Context, name: tree_sitter.Node) -> tree_sitter.Node | None:
    """The annotation of the parameter that the identifier `name` refers to: what a type
    checker or a framework lets into the name."""
    scope = ctx.scope_of(name)
    parameters = scope.child_by_field_name("parameters") if scope.type != "module" else None
    text = ctx.text(name)
    for parameter in parameters.named_children if parameters is not None else []:
        annotation = parameter.child_by_field_name("type")
        first = parameter.named_children[0] if parameter.named_children else None
        if annotation is not None and first is not None and ctx.text(first) == text:
            return annotation
    return None


def loop_iterable(ctx: Context, name: tree_sitter.Node) -> tree_sitter.Node | None:
    """The iterable of an enclosing `for name in <iterable>` loop, if `name` is its variable."""
    text = ctx.text(name)
    current = name.parent
    while current is not None and current.type not in {"function_definition", "module"}:
        if current.type == "for_statement":
            left = current.child_by_field_name("left")
            if left is not None and left.type == "identifier" and ctx.text(left) == text:
                return current.child_by_field_name("right")
        current = current.parent
    return None


def switched_on(ctx: Context, value: tree_sitter.Node | None) -> bool:
    """An option that is passed and not spelled `False`, `0` or `None`: it may be on."""
    return value is not None and ctx.text(value) not in {"False", "0", "None"}


def command_argument(site: CallSite) -> tree_sitter.Node | None:
    """The argument of a process call that holds its command line (`args`, `cmd`, `command`)."""
    return site.arg(0, "args") or site.arg(0, "cmd") or site.arg(0, "command")


def scope_text_before(ctx: Context, node: tree_sitter.Node) -> str:
    """The source of the node's scope up to the node: where a guard that protects it is."""
    scope = ctx.scope_of(node)
    return ctx.source[scope.start_byte : node.start_byte].decode("utf-8", "replace")


# --------------------------------------------------------------------------------------------
# Messages and related locations


def line_of(ctx: Context, node: tree_sitter.Node) -> int:
    """The 1-based line a node starts on, as messages name it."""
    return ctx.module.lines.line_of(node.start_byte) + 1


def shorten(text: str, limit: int = 48) -> str:
    """One line of at most `limit` characters: runs of white space folded, the tail elided."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(ctx: Context, node: tree_sitter.Node) -> str:
    """A short name for an expression in a message: `requests.get(...)`, `data`."""
    if node.type == "call":
        function = node.child_by_field_name("function")
        if function is not None:
            return shorten(ctx.text(function)) + "(...)"
    return shorten(ctx.text(node))


def related_at(node: tree_sitter.Node, message: str) -> Related:
    """A location a finding points to besides its own (the source of a flow, a socket)."""
    return Related(node.start_byte, node.end_byte, message)


def related(ctx: Context, node: tree_sitter.Node, what: str) -> tuple[Related, ...]:
    """`what: <the expression>` at `node`, for a finding's `related`."""
    return (related_at(node, f"{what}: `{describe(ctx, node)}`"),)


# --------------------------------------------------------------------------------------------
# Per-analysis memory


def cache(ctx: Context, name: str) -> dict[Any, Any]:
    """A dictionary that lives as long as this analysis, for work shared between rules."""
    return ctx.__dict__.setdefault(f"_gifthorse_{name}", {})  # type: ignore[no-any-return]


def memoized(ctx: Context, table: str, node: tree_sitter.Node, compute: Callable[[], _T]) -> _T:
    """`compute()` once per node and analysis: answers that several rules ask about the same
    call or scope (its sink, its sockets, its downloads)."""
    memo = cache(ctx, table)
    key = (node.start_byte, node.end_byte)
    if key not in memo:
        memo[key] = compute()
    result: _T = memo[key]
    return result


class RangeMemo(Generic[_T]):
    """One scan of an analysed byte range, shared by several rules of one family.

    The engine runs each TextRule's pattern separately; rules that read the same candidates
    use the whole-range pattern and ask this memo, so the real scan runs once per range.
    """

    def __init__(self, scan: Callable[[Context, int, int], _T]) -> None:
        self._scan = scan
        self._last: tuple[weakref.ref[Context], int, int, _T] | None = None

    def get(self, ctx: Context, start: int, end: int) -> _T:
        last = self._last
        if last is not None and last[0]() is ctx and last[1] == start and last[2] == end:
            return last[3]
        value = self._scan(ctx, start, end)
        self._last = (weakref.ref(ctx), start, end, value)
        return value

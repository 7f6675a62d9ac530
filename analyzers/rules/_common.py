"""Small predicates and fix builders shared by the rule families."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import tree_sitter

from ..context import CallSite, Context
from ..model import Category, Confidence, Edit, Fix, RuleMeta, Severity

__all__ = [
    "Category",
    "Confidence",
    "Edit",
    "Fix",
    "RangeMemo",
    "RuleMeta",
    "Severity",
    "assigned_values",
    "call_parent",
    "import_edits",
    "in_test_code",
    "is_constant",
    "is_literal_string",
    "keyword_fix",
    "replace_fix",
    "statement_of",
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
    root = ctx.module.tree.root_node
    anchor: tree_sitter.Node | None = None
    for child in root.named_children:
        if child.type in {"import_statement", "import_from_statement", "future_import_statement"}:
            anchor = child
        elif anchor is None and child.type == "expression_statement":
            first = child.named_children[0] if child.named_children else None
            if first is not None and first.type == "string" and child == root.named_children[0]:
                anchor = child  # the module docstring
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

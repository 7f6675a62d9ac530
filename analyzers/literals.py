"""Constant folding of string expressions, without ever executing the analysed code.

Obfuscation works by building a dangerous string from harmless-looking parts; folding
`"sys" + "tem"`, `"".join([...])`, `chr(101)` and `"lave"[::-1]` lets rules see the result.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import tree_sitter

if TYPE_CHECKING:
    from .source import Module

Const = str | bytes

_MAX_DEPTH = 12


def const_str(module: Module, node: tree_sitter.Node, depth: int = 0) -> Const | None:
    """The constant string or bytes value of an expression, or None if not constant."""
    if depth > _MAX_DEPTH:
        return None
    kind = node.type
    if kind == "string":
        return _string_literal(module, node)
    if kind == "concatenated_string":
        parts = [const_str(module, c, depth + 1) for c in node.named_children]
        return _join(parts)
    if kind == "parenthesized_expression":
        inner = node.named_children
        return const_str(module, inner[0], depth + 1) if len(inner) == 1 else None
    if kind == "binary_operator":
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return None
        if operator.type == "+":
            return _join([const_str(module, left, depth + 1), const_str(module, right, depth + 1)])
        if operator.type == "*":
            value = const_str(module, left, depth + 1)
            count = const_int(module, right)
            if value is not None and count is not None and 0 <= count <= 64:
                return value * count
        return None
    if kind == "subscript":
        return _reversed(module, node, depth)
    if kind == "call":
        return _const_call(module, node, depth)
    return None


def const_int(module: Module, node: tree_sitter.Node) -> int | None:
    if node.type == "integer":
        try:
            value = ast.literal_eval(module.text(node))
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, int) else None
    if node.type == "unary_operator" and module.text(node).startswith("-"):
        inner = node.child_by_field_name("argument")
        value = None if inner is None else const_int(module, inner)
        return None if value is None else -value
    return None


def _string_literal(module: Module, node: tree_sitter.Node) -> Const | None:
    for child in node.named_children:
        if child.type == "interpolation":
            return None
    text = module.text(node)
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str | bytes) else None


def _join(parts: list[Const | None]) -> Const | None:
    if any(p is None for p in parts):
        return None
    if all(isinstance(p, str) for p in parts):
        return "".join(p for p in parts if isinstance(p, str))
    if all(isinstance(p, bytes) for p in parts):
        return b"".join(p for p in parts if isinstance(p, bytes))
    return None


def _reversed(module: Module, node: tree_sitter.Node, depth: int) -> Const | None:
    """`"lave"[::-1]`."""
    value_node = node.child_by_field_name("value")
    subscript = node.child_by_field_name("subscript")
    if value_node is None or subscript is None or subscript.type != "slice":
        return None
    if module.text(subscript).replace(" ", "") != "::-1":
        return None
    value = const_str(module, value_node, depth + 1)
    return value[::-1] if value is not None else None


def _const_call(module: Module, node: tree_sitter.Node, depth: int) -> Const | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or arguments.type != "argument_list":
        return None
    args = arguments.named_children
    if function.type == "identifier" and module.text(function) == "chr" and len(args) == 1:
        code = const_int(module, args[0])
        if code is not None and 0 <= code < 0x110000:
            return chr(code)
        return None
    if function.type == "attribute":
        attr = function.child_by_field_name("attribute")
        obj = function.child_by_field_name("object")
        if attr is None or obj is None or len(args) != 1:
            return None
        name = module.text(attr)
        if name == "join":
            separator = const_str(module, obj, depth + 1)
            items = _const_items(module, args[0], depth)
            if separator is None or items is None:
                return None
            return _join_with(separator, items)
        if name in {"decode", "encode"}:
            return None
    return None


def _const_items(module: Module, node: tree_sitter.Node, depth: int) -> list[Const] | None:
    """Items of a list/tuple literal, `map(chr, [...])` or `(chr(c) for c in [...])`."""
    if node.type in {"list", "tuple"}:
        values = [const_str(module, c, depth + 1) for c in node.named_children]
        if any(v is None for v in values):
            return None
        return [v for v in values if v is not None]
    if node.type == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or module.text(function) != "map":
            return None
        args = arguments.named_children
        if len(args) == 2 and module.text(args[0]) == "chr" and args[1].type in {"list", "tuple"}:
            return _chr_list(module, args[1])
        return None
    if node.type == "generator_expression":
        body = node.child_by_field_name("body")
        clause = next((c for c in node.named_children if c.type == "for_in_clause"), None)
        if body is None or clause is None or body.type != "call":
            return None
        function = body.child_by_field_name("function")
        iterable = clause.child_by_field_name("right")
        if function is None or iterable is None or module.text(function) != "chr":
            return None
        if iterable.type in {"list", "tuple"}:
            return _chr_list(module, iterable)
    return None


def _chr_list(module: Module, node: tree_sitter.Node) -> list[Const] | None:
    out: list[Const] = []
    for child in node.named_children:
        code = const_int(module, child)
        if code is None or not 0 <= code < 0x110000:
            return None
        out.append(chr(code))
    return out


def _join_with(separator: Const, items: list[Const]) -> Const | None:
    if isinstance(separator, str) and all(isinstance(i, str) for i in items):
        return separator.join(i for i in items if isinstance(i, str))
    if isinstance(separator, bytes) and all(isinstance(i, bytes) for i in items):
        return separator.join(i for i in items if isinstance(i, bytes))
    return None

"""Small predicates and fix builders shared by the rule families."""

from __future__ import annotations

import re

import tree_sitter

from ..context import CallSite, Context
from ..model import Category, Confidence, Edit, Fix, RuleMeta, Severity

__all__ = [
    "Category",
    "Confidence",
    "Edit",
    "Fix",
    "RuleMeta",
    "Severity",
    "call_parent",
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

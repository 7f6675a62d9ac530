"""Facts about a module's top-level statements that survive re-parsing.

In the editor, every keystroke is a new tree and a new analysis; a rule that needs a fact
about the whole module (its module-level bindings, whether it listens on a socket anywhere)
would pay a pass over every statement each time. Such facts are computed per top-level
statement instead and remembered by the statement's text: after an edit inside one
function, only that function's statement is examined again. Facts must not hold nodes or
absolute positions (positions relative to the statement's start are fine), since the same
text may sit elsewhere in the next version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import tree_sitter

if TYPE_CHECKING:
    from .context import Context

_T = TypeVar("_T")
_MISSING: Any = object()
#: fact -> (statement kind, length, hash of its text) -> the fact's value
_MEMO: dict[str, dict[tuple[int, int, int], Any]] = {}
_LIMIT = 50_000


def statements(ctx: Context) -> tuple[list[tree_sitter.Node], list[tuple[int, int, int]]]:
    """The module's top-level statements and the keys of their texts, once per analysis."""
    found: tuple[list[tree_sitter.Node], list[tuple[int, int, int]]] | None = ctx.__dict__.get(
        "_gifthorse_statements"
    )
    if found is None:
        source = ctx.source
        nodes = ctx.module.tree.root_node.named_children
        keys = []
        for child in nodes:
            start, end = child.start_byte, child.end_byte
            keys.append((child.kind_id, end - start, hash(source[start:end])))
        found = (nodes, keys)
        ctx.__dict__["_gifthorse_statements"] = found
    return found


def per_statement(
    ctx: Context, fact: str, compute: Callable[[tree_sitter.Node], _T]
) -> list[tuple[tree_sitter.Node, _T]]:
    """`compute(statement)` for every top-level statement, remembered by `fact` and text;
    only the statements whose value is not None."""
    nodes, keys = statements(ctx)
    table = _MEMO.get(fact)
    if table is None or len(table) > _LIMIT:
        table = _MEMO[fact] = {}
    values = [table.get(key, _MISSING) for key in keys]
    out: list[tuple[tree_sitter.Node, _T]] = []
    for index, value in enumerate(values):
        if value is _MISSING:
            value = table[keys[index]] = compute(nodes[index])
        if value is not None:
            out.append((nodes[index], value))
    return out


def module_mentions(ctx: Context, pattern: re.Pattern[bytes]) -> bool:
    """Does `pattern` match inside some top-level statement (comments included)?"""
    memo = ctx.__dict__.setdefault("_gifthorse_mentions", {})
    found = memo.get(pattern.pattern)
    if found is None:
        source = ctx.source
        found = bool(
            per_statement(
                ctx,
                f"mentions:{pattern.flags}:{pattern.pattern!r}",
                lambda node: (
                    True if pattern.search(source, node.start_byte, node.end_byte) else None
                ),
            )
        )
        memo[pattern.pattern] = found
    return bool(found)

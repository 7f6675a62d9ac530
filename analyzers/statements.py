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
#: (fact, statement type, length, hash of its text) -> the fact's value
_MEMO: dict[tuple[str, str, int, int], Any] = {}
_LIMIT = 100_000


def statements(ctx: Context) -> list[tuple[tree_sitter.Node, tuple[str, int, int]]]:
    """The module's top-level statements with the key of their text, once per analysis."""
    found: list[tuple[tree_sitter.Node, tuple[str, int, int]]] | None = ctx.__dict__.get(
        "_gifthorse_statements"
    )
    if found is None:
        source = ctx.source
        found = [
            (
                child,
                (
                    child.type,
                    child.end_byte - child.start_byte,
                    hash(source[child.start_byte : child.end_byte]),
                ),
            )
            for child in ctx.module.tree.root_node.named_children
        ]
        ctx.__dict__["_gifthorse_statements"] = found
    return found


def per_statement(
    ctx: Context, fact: str, compute: Callable[[tree_sitter.Node], _T]
) -> list[tuple[tree_sitter.Node, _T]]:
    """`compute(statement)` for every top-level statement, remembered by `fact` and text."""
    out: list[tuple[tree_sitter.Node, _T]] = []
    for child, (kind, length, digest) in statements(ctx):
        key = (fact, kind, length, digest)
        if key in _MEMO:
            value: _T = _MEMO[key]
        else:
            value = compute(child)
            if len(_MEMO) > _LIMIT:
                _MEMO.clear()
            _MEMO[key] = value
        out.append((child, value))
    return out


def module_mentions(ctx: Context, pattern: re.Pattern[bytes]) -> bool:
    """Does `pattern` match inside some top-level statement (comments included)?"""
    memo = ctx.__dict__.setdefault("_gifthorse_mentions", {})
    found = memo.get(pattern.pattern)
    if found is None:
        source = ctx.source
        found = any(
            hit
            for _, hit in per_statement(
                ctx,
                f"mentions:{pattern.flags}:{pattern.pattern!r}",
                lambda node: pattern.search(source, node.start_byte, node.end_byte) is not None,
            )
        )
        memo[pattern.pattern] = found
    return bool(found)

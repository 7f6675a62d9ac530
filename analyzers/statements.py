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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import tree_sitter

if TYPE_CHECKING:
    from .context import Context
    from .source import Module

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
        nodes = ctx.module.top_level
        keys = [statement_key(source, child) for child in nodes]
        found = (nodes, keys)
        ctx.__dict__["_gifthorse_statements"] = found
    return found


def statement_key(source: bytes, node: tree_sitter.Node) -> tuple[int, int, int]:
    """What a statement's facts are remembered by: its kind and text."""
    start, end = node.start_byte, node.end_byte
    return node.kind_id, end - start, hash(source[start:end])


def _table(fact: str) -> dict[tuple[int, int, int], Any]:
    table = _MEMO.get(fact)
    if table is None or len(table) > _LIMIT:
        table = _MEMO[fact] = {}
    return table


def per_statement(
    ctx: Context, fact: str, compute: Callable[[tree_sitter.Node], _T | None]
) -> list[tuple[tree_sitter.Node, _T]]:
    """`compute(statement)` for every top-level statement, remembered by `fact` and text;
    only the statements whose value is not None."""
    if ctx.module.host_keys is not None:
        return _per_statement_hosted(ctx, fact, compute)
    nodes, keys = statements(ctx)
    table = _table(fact)
    values = [table.get(key, _MISSING) for key in keys]
    out: list[tuple[tree_sitter.Node, _T]] = []
    for index, value in enumerate(values):
        if value is _MISSING:
            value = table[keys[index]] = compute(nodes[index])
        if value is not None:
            out.append((nodes[index], value))
    return out


#: fact -> (host keys, the host indices not yet worked out, the non-None values by host
#: index): what a run of editor previews between two parses share
_HOSTED: dict[str, tuple[object, set[int], dict[int, Any]]] = {}


@dataclass(frozen=True)
class Hosted(Generic[_T]):
    """A fact's values in a module parsed in part (`Module.host`), by where they come from.

    `host` maps the index of a host statement to its value (shared by all the previews of
    one parse: read it, never change it), of which those in `replaced` are out of date;
    `parsed` holds the statements parsed for this preview with their values, in order.
    Callers that need only some statements (flow: the few that bind a name) look those up
    instead of listing every statement of the module."""

    host: dict[int, _T]
    replaced: set[int]
    parsed: list[tuple[tree_sitter.Node, _T]]


def hosted(ctx: Context, fact: str, compute: Callable[[tree_sitter.Node], _T | None]) -> Hosted[_T]:
    """`per_statement` for a module parsed in part: the host's values are worked out once
    for all the previews that share it, so that a preview costs the statements it parsed,
    not a pass over every statement."""
    module = ctx.module
    keys = module.host_keys
    assert keys is not None
    table = _table(fact)
    skip, parsed = _hosted_statements(ctx)
    cached = _HOSTED.get(fact)
    if cached is None or cached[0] is not keys:
        cached = _HOSTED[fact] = (keys, set(range(len(keys))), {})
    pending, values = cached[1], cached[2]
    todo = sorted(pending - skip)  # all of them once, then those edits left behind
    statement = _host_lookup(module, len(todo))
    for index in todo:
        value = table.get(keys[index], _MISSING)
        if value is _MISSING:
            value = table[keys[index]] = compute(statement(index))
        if value is not None:
            values[index] = value
    pending &= skip
    own: list[tuple[tree_sitter.Node, _T]] = []
    for node, key in parsed:
        if key is None:
            value = compute(node)
        else:
            value = table.get(key, _MISSING)
            if value is _MISSING:
                value = table[key] = compute(node)
        if value is not None:
            own.append((node, value))
    return Hosted(values, skip, own)


def _per_statement_hosted(
    ctx: Context, fact: str, compute: Callable[[tree_sitter.Node], _T | None]
) -> list[tuple[tree_sitter.Node, _T]]:
    found = hosted(ctx, fact, compute)
    statement = _host_lookup(ctx.module, len(found.host))
    out = [
        (statement(index), value)
        for index, value in found.host.items()
        if index not in found.replaced
    ]
    out.extend(found.parsed)
    out.sort(key=lambda pair: pair[0].start_byte)
    return out


def prepare_hosted(keys: Sequence[tuple[int, int, int]]) -> None:
    """Before the previews of a new parse: each known fact's values for its statements
    (`keys`, `Module.host_keys`), from what earlier analyses worked out, so that the first
    keystroke after a pause does not pay a pass over every statement per fact. Statements
    whose value is not known yet are left for the previews to work out."""
    for fact, table in _MEMO.items():
        cached = _HOSTED.get(fact)
        if cached is not None and cached[0] is keys:
            continue  # prepared for this parse already, and perhaps completed since
        pending: set[int] = set()
        values: dict[int, Any] = {}
        for index, key in enumerate(keys):
            value = table.get(key, _MISSING)
            if value is _MISSING:
                pending.add(index)
            elif value is not None:
                values[index] = value
        _HOSTED[fact] = (keys, pending, values)
    for prepare in HOST_PREPARERS:
        prepare()


def hosted_values(fact: str) -> dict[int, Any] | None:
    """The values of `fact` by host statement index, as far as they are known."""
    cached = _HOSTED.get(fact)
    return None if cached is None else cached[2]


#: what derives indexes from hosted facts (flow's names), run by `prepare_hosted`
HOST_PREPARERS: list[Callable[[], object]] = []


def _host_lookup(module: Module, wanted: int) -> Callable[[int], tree_sitter.Node]:
    """How to get `wanted` host statements by index: one by one (~1 µs each) when they are
    few; when many, by listing them all once (~100 µs at 20,000 lines after an edit)."""
    return module.host_statements.__getitem__ if wanted > 64 else module.host_statement


def _hosted_statements(
    ctx: Context,
) -> tuple[set[int], list[tuple[tree_sitter.Node, tuple[int, int, int] | None]]]:
    """Once per analysis of a partly parsed module: the indices of the host statements
    that `tree` replaces, and the statements parsed, each with its facts key, or None
    when its facts must be worked out afresh: parsed alone, broken code may not read as it
    will in the module, and a class parsed with only its edited members must not stand for
    its whole text."""
    found: tuple[set[int], list[tuple[tree_sitter.Node, tuple[int, int, int] | None]]] | None
    found = ctx.__dict__.get("_gifthorse_hosted")
    if found is None:
        module = ctx.module
        skip = {i for first, last in module.replaced for i in range(first, last)}
        ranges = module.parsed_ranges
        source = ctx.source
        parsed: list[tuple[tree_sitter.Node, tuple[int, int, int] | None]] = [
            (
                node,
                None
                if node.has_error
                or not any(a <= node.start_byte and node.end_byte <= b for a, b in ranges)
                else statement_key(source, node),
            )
            for node in module.tree.root_node.named_children
        ]
        found = ctx.__dict__["_gifthorse_hosted"] = (skip, parsed)
    return found


#: what computes each module-wide fact that rules share (registered by the rule modules),
#: run once when the editor opens a document (`warm`)
WARMERS: list[Callable[[Context], object]] = []


def warm(ctx: Context) -> None:
    """Compute the module-wide facts up front: the first edit of a large module would
    otherwise pay a pass over every statement per fact (~100 ms at 20,000 lines)."""
    for warmer in WARMERS:
        warmer(ctx)


def mentions_warmer(*patterns: re.Pattern[bytes]) -> None:
    """Register `module_mentions` of these patterns with `warm`."""
    WARMERS.append(lambda ctx: [module_mentions(ctx, pattern) for pattern in patterns])


def module_mentions(ctx: Context, pattern: re.Pattern[bytes]) -> bool:
    """Does `pattern` match inside some top-level statement (comments included)?"""
    memo = ctx.__dict__.setdefault("_gifthorse_mentions", {})
    found = memo.get(pattern.pattern)
    if found is None:
        source = ctx.source
        fact = f"mentions:{pattern.flags}:{pattern.pattern!r}"

        def mentions(node: tree_sitter.Node) -> bool | None:
            return True if pattern.search(source, node.start_byte, node.end_byte) else None

        if ctx.module.host_keys is None:
            found = bool(per_statement(ctx, fact, mentions))
        else:  # one statement that mentions it will do: not a list of every such statement
            values = hosted(ctx, fact, mentions)
            found = bool(values.parsed) or any(i not in values.replaced for i in values.host)
        memo[pattern.pattern] = found
    return bool(found)

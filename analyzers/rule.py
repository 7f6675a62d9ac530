"""How a rule says when it runs and what it checks.

A rule is metadata plus a trigger plus a small predicate, in the spirit of Semgrep rules and
bandit's checks. The engine compiles every trigger into dispatch tables once, at import time:
calls are looked up by resolved qualified name, by method name or by keyword, text rules
share one pass of compiled regular expressions, and nothing rule-specific runs per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Fix, Related, RuleMeta

if TYPE_CHECKING:
    import tree_sitter

    from .context import CallSite, Context, TextMatch


@dataclass(frozen=True)
class Hit:
    """What a check reports; the engine turns it into a Finding with the rule's metadata."""

    start: int
    end: int
    #: values for the placeholders of the rule's message template
    args: Mapping[str, str] = field(default_factory=dict)
    fix: Fix | None = None
    related: tuple[Related, ...] = ()

    @classmethod
    def at(
        cls,
        node: tree_sitter.Node,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        **args: str,
    ) -> Hit:
        return cls(node.start_byte, node.end_byte, args, fix, related)


CallCheck = Callable[["Context", "CallSite"], Iterable[Hit]]
TextCheck = Callable[["Context", "TextMatch"], Iterable[Hit]]


@dataclass(frozen=True, eq=False)  # compared by identity: the engine deduplicates per call
class CallRule:
    """Runs on calls whose resolved name, method name or keyword arguments match.

    `names` are qualified names (`os.system`); a trailing `*` matches a prefix (`os.exec*`).
    `methods` are attribute names on any receiver (`.execute(...)`) for APIs reached through
    objects whose type is not known statically. `keywords` trigger on a keyword argument name.
    """

    meta: RuleMeta
    check: CallCheck
    names: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TextRule:
    """Runs on each match of a regular expression over the source bytes.

    For patterns that cut across the tree (invisible characters, secrets, suppression
    comments) or that are rare enough that a regex is the cheapest pre-filter.
    """

    meta: RuleMeta
    pattern: re.Pattern[bytes]
    check: TextCheck


@dataclass(frozen=True)
class ScopeRule:
    """Runs once per scope (a function, or the module's top level) whose text matches `trigger`.

    For rules that combine several statements: data flow from a source to a sink, or a
    sequence such as connect, dup2 and spawn in a reverse shell.
    """

    meta: RuleMeta
    trigger: re.Pattern[bytes]
    check: Callable[[Context, tree_sitter.Node], Iterable[Hit]]


@dataclass(frozen=True)
class NodeRule:
    """Runs on every node of the given kinds (`import_statement`, `decorator`, ...).

    The kinds join the engine's single query, so this costs nothing for kinds that are rare;
    for frequent kinds (every `assignment`, every `comparison_operator`) prefer a CallRule or
    a TextRule with a literal the regex requires.
    """

    meta: RuleMeta
    kinds: frozenset[str]
    check: Callable[[Context, tree_sitter.Node], Iterable[Hit]]


Rule = CallRule | TextRule | ScopeRule | NodeRule

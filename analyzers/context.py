"""What a check sees: the module, resolved names, constants and data flow, all computed lazily.

Checks run on a few candidate nodes out of many, so everything here is computed on demand
and cached for the duration of one analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tree_sitter

from . import flow as _flow
from .lazy import lazy_property
from .literals import Const, const_str
from .names import identifier, qualified_name

if TYPE_CHECKING:
    from .config import Settings
    from .dependencies.trust import Trust
    from .flow import FlowState, Taint
    from .names import ImportTable
    from .source import Module

#: node types that start a new variable scope for data flow
SCOPE_TYPES = frozenset({"function_definition", "lambda", "module"})


@dataclass
class Context:
    module: Module
    settings: Settings
    #: who vouches for package names (dependency rules); None: offline defaults only
    trust: Trust | None = None
    _flows: dict[int, FlowState] = field(default_factory=dict)
    #: `scope_of` by node: rules ask it of the same nodes over and over, and each step up the
    #: tree is a walk down from the root inside tree-sitter
    _scopes: dict[tuple[int, int, int], tree_sitter.Node] = field(default_factory=dict)
    #: `qualname` and `const` by node: a call's callee and arguments are asked about by
    #: every rule that the call interests (four times each, on average, in a risky block)
    _names: dict[tuple[int, int, int], str | None] = field(default_factory=dict)
    _consts: dict[tuple[int, int, int], Const | None] = field(default_factory=dict)

    @property
    def imports(self) -> ImportTable:
        return self.module.imports

    @property
    def source(self) -> bytes:
        return self.module.source

    def text(self, node: tree_sitter.Node) -> str:
        return self.module.text(node)

    def qualname(self, node: tree_sitter.Node) -> str | None:
        key = (node.start_byte, node.end_byte, node.kind_id)
        names = self._names
        if key in names:
            return names[key]
        name = names[key] = qualified_name(self.module, self.module.imports, node)
        return name

    def const(self, node: tree_sitter.Node) -> Const | None:
        key = (node.start_byte, node.end_byte, node.kind_id)
        consts = self._consts
        if key in consts:
            return consts[key]
        value = consts[key] = const_str(self.module, node)
        return value

    def call_site(self, node: tree_sitter.Node) -> CallSite:
        return CallSite(self, node)

    def node_at(self, start: int, end: int | None = None) -> tree_sitter.Node:
        """The smallest named node covering [start, end)."""
        node = self.module.node_at(start, start if end is None else end)
        return node if node is not None else self.module.tree.root_node

    def in_code(self, offset: int) -> bool:
        """True unless the offset lies inside a string literal's text or a comment.

        An f-string's interpolation is code; the opening quote of a string is where an
        expression starts, so it counts as code too.
        """
        current: tree_sitter.Node | None = self.node_at(offset, offset + 1)
        while current is not None:
            kind = current.type
            if kind == "interpolation":
                return True
            if kind == "comment":
                return False
            if kind == "string":
                return current.start_byte == offset
            if kind in {"expression_statement", "block", "module"}:
                return True
            current = current.parent
        return True

    def scope_of(self, node: tree_sitter.Node) -> tree_sitter.Node:
        """The innermost enclosing function (or the module) that owns the node's variables."""
        key = (node.start_byte, node.end_byte, node.kind_id)
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._find_scope(node, key)
        return scope

    def _find_scope(self, node: tree_sitter.Node, key: tuple[int, int, int]) -> tree_sitter.Node:
        """Walk up to the scope, and remember it for the nodes passed on the way: the next
        call in the same statement stops where this walk went through."""
        scopes = self._scopes
        passed = [key]
        scope = self.module.tree.root_node
        current = node.parent
        while current is not None:
            if current.type in SCOPE_TYPES:
                scope = current
                break
            above = (current.start_byte, current.end_byte, current.kind_id)
            known = scopes.get(above)
            if known is not None:
                scope = known
                break
            passed.append(above)
            current = current.parent
        for seen in passed:
            scopes[seen] = scope
        return scope

    def taint(self, node: tree_sitter.Node) -> Taint | None:
        """Where the value of an expression may come from (request data, the network, ...)."""
        return self.flow(self.scope_of(node)).taint_of(node)

    def close(self) -> None:
        """Drop what the analysis remembered. Flow states point back at the context, so
        without this every analysis would keep its source and tree alive until the cycle
        collector came by: in the editor, dozens of 600 kB buffers, and fresh memory (page
        faults) for every new version of the text."""
        self._flows.clear()
        self._scopes.clear()
        self._names.clear()
        self._consts.clear()
        for key in [k for k in self.__dict__ if k.startswith("_gifthorse_")]:
            del self.__dict__[key]

    def flow(self, scope: tree_sitter.Node) -> FlowState:
        """The data-flow state of a scope: its bindings, computed once per analysis."""
        return _flow.state_of(self, scope)


class CallSite:
    """A call expression with its resolved callee and arguments."""

    __slots__ = ("__dict__", "ctx", "node")

    def __init__(self, ctx: Context, node: tree_sitter.Node) -> None:
        self.ctx = ctx
        self.node = node

    @lazy_property
    def function(self) -> tree_sitter.Node:
        function = self.node.child_by_field_name("function")
        assert function is not None
        return function

    @lazy_property
    def name(self) -> str | None:
        """Qualified callee name (`subprocess.run`), or None when it is not known statically."""
        return self.ctx.qualname(self.function)

    @lazy_property
    def method(self) -> str | None:
        """The last name of the callee (`execute` in `cur.execute(...)`)."""
        if self.function.type == "identifier":
            return identifier(self.ctx.module, self.function)
        if self.function.type == "attribute":
            attr = self.function.child_by_field_name("attribute")
            return None if attr is None else identifier(self.ctx.module, attr)
        return None

    @lazy_property
    def receiver(self) -> tree_sitter.Node | None:
        """`cur` in `cur.execute(...)`."""
        if self.function.type == "attribute":
            return self.function.child_by_field_name("object")
        return None

    @lazy_property
    def _arguments(self) -> tuple[list[tree_sitter.Node], dict[str, tree_sitter.Node], bool]:
        args: list[tree_sitter.Node] = []
        keywords: dict[str, tree_sitter.Node] = {}
        star = False
        arguments = self.node.child_by_field_name("arguments")
        if arguments is None:
            return args, keywords, star
        if arguments.type == "generator_expression":
            return [arguments], keywords, star
        for child in arguments.named_children:
            kind = child.type
            if kind == "keyword_argument":
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                if name is not None and value is not None:
                    keywords[identifier(self.ctx.module, name)] = value
            elif kind in {"list_splat", "dictionary_splat"}:
                star = True
            elif kind != "comment":
                args.append(child)
        return args, keywords, star

    @property
    def args(self) -> list[tree_sitter.Node]:
        """Positional argument nodes."""
        return self._arguments[0]

    @property
    def keywords(self) -> dict[str, tree_sitter.Node]:
        """Keyword argument value nodes by name."""
        return self._arguments[1]

    @property
    def has_star_args(self) -> bool:
        return self._arguments[2]

    def arg(self, index: int | None, keyword: str | None = None) -> tree_sitter.Node | None:
        """A positional argument, or the same argument passed by keyword."""
        if keyword is not None and keyword in self.keywords:
            return self.keywords[keyword]
        if index is not None and index < len(self.args):
            return self.args[index]
        return None

    def keyword_argument(self, keyword: str) -> tree_sitter.Node | None:
        """The whole `name=value` node, for fixes that rewrite or remove it."""
        value = self.keywords.get(keyword)
        return None if value is None else value.parent

    def is_const_keyword(self, keyword: str, literal: str) -> bool:
        """True if `keyword=literal` is passed verbatim (e.g. `shell=True`)."""
        value = self.keywords.get(keyword)
        return value is not None and self.ctx.text(value) == literal


@dataclass(frozen=True)
class TextMatch:
    """A regex match of a TextRule; `match` is over the module's source bytes."""

    match: re.Match[bytes]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

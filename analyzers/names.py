"""Name resolution: what a spelling in the source refers to.

Rules match qualified names (`subprocess.run`, `os.system`), never spellings, so that
`import subprocess as sp; sp.run(...)`, `from os import system as go; go(...)`,
`__import__("os").system(...)` and `getattr(os, "sys" + "tem")(...)` are all the same call.
Identifiers are NFKC-normalised as CPython does, so `𝐞𝐯𝐚𝐥` is `eval`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tree_sitter

from .literals import const_str
from .source import LANGUAGE

if TYPE_CHECKING:
    from .source import Module

_IMPORT_QUERY = tree_sitter.Query(
    LANGUAGE,
    """
    (import_statement) @import
    (import_from_statement) @import
    (future_import_statement) @import
    """,
)

DYNAMIC_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__"})


def normalize(name: str) -> str:
    """An identifier as CPython sees it (PEP 3131: NFKC)."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def identifier(module: Module, node: tree_sitter.Node) -> str:
    return normalize(module.source[node.start_byte : node.end_byte].decode("utf-8", "replace"))


def _dotted(module: Module, node: tree_sitter.Node) -> str:
    return ".".join(identifier(module, c) for c in node.named_children if c.type == "identifier")


@dataclass
class ImportTable:
    """Local names bound by imports anywhere in the module, mapped to qualified names.

    Imports inside functions count too: the table is module-wide because a local
    `import subprocess` is as good a signal as a global one, and scoping would cost more
    than it is worth for rules that only need to know what a name refers to.
    """

    bindings: dict[str, str] = field(default_factory=dict)
    star_modules: list[str] = field(default_factory=list)
    #: (qualified module name, is_relative) for every imported module
    modules: list[tuple[str, bool]] = field(default_factory=list)

    @classmethod
    def build(cls, module: Module) -> ImportTable:
        table = cls()
        cursor = tree_sitter.QueryCursor(_IMPORT_QUERY)
        # In source order: tree-sitter yields nested captures out of order, and the last
        # of two imports binding one name must win wherever the table is built.
        imports = cursor.captures(module.tree.root_node).get("import", [])
        for node in sorted(imports, key=lambda n: n.start_byte):
            table.add_statement(module, node)
        if b"__import__" in module.source or b"import_module" in module.source:
            table._add_dynamic_bindings(module)
        return table

    def extended(self, module: Module, ranges: list[tuple[int, int]]) -> ImportTable:
        """This table plus the import statements of `module` inside `ranges` (code edited
        since the table was built), which win over what they rebind."""
        cursor = tree_sitter.QueryCursor(_IMPORT_QUERY)
        found: list[tree_sitter.Node] = []
        for start, end in ranges:
            cursor.set_byte_range(start, end)
            found.extend(cursor.captures(module.tree.root_node).get("import", []))
        if not found:
            return self
        table = ImportTable(dict(self.bindings), list(self.star_modules), list(self.modules))
        for node in sorted(found, key=lambda n: n.start_byte):
            table.add_statement(module, node)
        return table

    def add_statement(self, module: Module, node: tree_sitter.Node) -> None:
        if node.type == "import_statement":
            for child in node.named_children:
                if child.type == "dotted_name":
                    name = _dotted(module, child)
                    self.bindings[name.split(".")[0]] = name.split(".")[0]
                    self.modules.append((name, False))
                elif child.type == "aliased_import":
                    target = child.child_by_field_name("name")
                    alias = child.child_by_field_name("alias")
                    if target is not None and alias is not None:
                        name = _dotted(module, target)
                        self.bindings[identifier(module, alias)] = name
                        self.modules.append((name, False))
            return
        if node.type == "future_import_statement":
            return
        source = node.child_by_field_name("module_name")
        if source is None:
            return
        relative = source.type == "relative_import"
        base = module.text(source) if relative else _dotted(module, source)
        self.modules.append((base, relative))
        for child in node.named_children:
            if child is source or child.start_byte < source.end_byte:
                continue
            if child.type == "wildcard_import":
                self.star_modules.append(base)
            elif child.type == "dotted_name":
                name = _dotted(module, child)
                self.bindings[name] = f"{base}.{name}" if not base.endswith(".") else base + name
            elif child.type == "aliased_import":
                target = child.child_by_field_name("name")
                alias = child.child_by_field_name("alias")
                if target is not None and alias is not None:
                    name = _dotted(module, target)
                    qualified = f"{base}.{name}" if not base.endswith(".") else base + name
                    self.bindings[identifier(module, alias)] = qualified

    def _add_dynamic_bindings(self, module: Module) -> None:
        """`m = __import__("os")` and `m = importlib.import_module("os")` bind `m` to `os`."""
        query = _dynamic_query()
        cursor = tree_sitter.QueryCursor(query)
        matches = cursor.matches(module.tree.root_node)
        for _, captures in sorted(matches, key=lambda m: m[1]["call"][0].start_byte):
            target = captures["target"][0]
            call = captures["call"][0]
            name = dynamic_import_target(module, self, call)
            if name is not None:
                self.bindings[identifier(module, target)] = name

    def resolve_name(self, name: str) -> str:
        return self.bindings.get(name, name)


_DYNAMIC_QUERY: tree_sitter.Query | None = None


def _dynamic_query() -> tree_sitter.Query:
    global _DYNAMIC_QUERY
    if _DYNAMIC_QUERY is None:
        _DYNAMIC_QUERY = tree_sitter.Query(
            LANGUAGE, "(assignment left: (identifier) @target right: (call) @call)"
        )
    return _DYNAMIC_QUERY


def dynamic_import_target(module: Module, table: ImportTable, call: tree_sitter.Node) -> str | None:
    """The module a `__import__(...)`/`import_module(...)` call loads, if it is constant."""
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    if function is None or arguments is None:
        return None
    callee = qualified_name(module, table, function)
    if callee not in DYNAMIC_IMPORTERS:
        return None
    args = [a for a in arguments.named_children if a.type != "comment"]
    if not args or args[0].type == "keyword_argument":
        return None
    value = const_str(module, args[0])
    return value if isinstance(value, str) else None


def qualified_name(module: Module, table: ImportTable, node: tree_sitter.Node) -> str | None:
    """The dotted name an expression refers to, or None if it is not statically known.

    Bare names that no import binds resolve to themselves, which makes builtins (`eval`,
    `open`) match by their plain name.
    """
    kind = node.type
    if kind == "identifier":
        return table.resolve_name(identifier(module, node))
    if kind == "attribute":
        obj = node.child_by_field_name("object")
        attr = node.child_by_field_name("attribute")
        if obj is None or attr is None:
            return None
        base = qualified_name(module, table, obj)
        if base is None:
            return None
        return f"{base}.{identifier(module, attr)}"
    if kind == "call":
        function = node.child_by_field_name("function")
        if function is None:
            return None
        callee = qualified_name(module, table, function)
        if callee in DYNAMIC_IMPORTERS:
            return dynamic_import_target(module, table, node)
        if callee == "getattr":
            arguments = node.child_by_field_name("arguments")
            args = [] if arguments is None else arguments.named_children
            if len(args) >= 2:
                base = qualified_name(module, table, args[0])
                member = const_str(module, args[1])
                if base is not None and isinstance(member, str) and member.isidentifier():
                    return f"{base}.{member}"
        return None
    if kind == "parenthesized_expression":
        inner = node.named_children
        return qualified_name(module, table, inner[0]) if len(inner) == 1 else None
    return None

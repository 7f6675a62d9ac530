"""The engine: run every rule over a module, or over the statements touching a byte range.

One tree-sitter query, compiled at import time, finds the nodes rules care about (calls,
keyword arguments, function definitions, imports). Calls are dispatched through dictionaries
keyed by resolved name, method name and keyword; text rules scan the source with compiled
regular expressions. Per node, the Python work is a dictionary lookup unless a rule is
interested.

Ranged analysis works on *units*: top-level statements, or the members of a class body,
so that every finding is a function of its unit's text and the module's imports. The
module's top level is one data-flow scope, so touching any top-level statement re-analyses
all of them.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import tree_sitter

from .config import Settings
from .context import CallSite, Context, TextMatch
from .dependencies.trust import Trust
from .model import Finding, Fix, Related, RuleMeta
from .names import ImportTable, identifier
from .prefilter import Prefilter, prefilter
from .rule import CallRule, Hit, NodeRule, Rule, ScopeRule, TextRule
from .source import LANGUAGE, LineIndex, Module, first_ending_after

log = logging.getLogger("gifthorse.engine")

_QUERY_SOURCE = """
(call) @call
(function_definition) @function
(import_statement) @import
(import_from_statement) @import
"""
_SUPPRESSION = re.compile(rb"#\s*gifthorse:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
_DEF_TYPES = frozenset({"function_definition", "class_definition", "decorated_definition"})


@dataclass
class Analysis:
    findings: list[Finding]
    #: byte ranges whose findings this analysis replaces
    covered: list[tuple[int, int]]
    #: rules that raised; the analysis went on without them
    errors: list[str] = field(default_factory=list)


class RuleSet:
    """Rules compiled into dispatch tables, once."""

    def __init__(self, rules: Iterable[Rule], extra_metas: Iterable[RuleMeta] = ()) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_code: dict[str, RuleMeta] = {}
        self.call_names: dict[str, list[CallRule]] = defaultdict(list)
        self.call_prefixes: list[tuple[str, CallRule]] = []
        self.call_methods: dict[str, list[CallRule]] = defaultdict(list)
        self.call_keywords: dict[str, list[CallRule]] = defaultdict(list)
        self.text_rules: list[TextRule] = []
        self.scope_rules: list[ScopeRule] = []
        self.node_rules: dict[str, list[NodeRule]] = defaultdict(list)
        #: per-settings plans (see `_plan`)
        self._plans: dict[int, _Plan] = {}
        #: last name of every callee of interest: calls whose last name is elsewhere are skipped
        self.short_names: set[str] = set()
        for rule in self.rules:
            code = rule.meta.code
            if self.by_code.get(code, rule.meta) != rule.meta:
                raise ValueError(f"two different rules share the code {code}")
            self.by_code[code] = rule.meta
            if isinstance(rule, CallRule):
                for name in rule.names:
                    if name.endswith("*"):
                        self.call_prefixes.append((name[:-1], rule))
                    else:
                        self.call_names[name].append(rule)
                    self.short_names.add(name.rstrip("*").rsplit(".", 1)[-1])
                for method in rule.methods:
                    self.call_methods[method].append(rule)
                    self.short_names.add(method)
                for keyword in rule.keywords:
                    self.call_keywords[keyword].append(rule)
            elif isinstance(rule, TextRule):
                self.text_rules.append(rule)
            elif isinstance(rule, NodeRule):
                for kind in rule.kinds:
                    self.node_rules[kind].append(rule)
            else:
                self.scope_rules.append(rule)
        #: literal pre-filters, one per text rule (None: the regex always runs)
        self.text_prefilters: list[Prefilter | None] = [
            prefilter(rule.pattern) for rule in self.text_rules
        ]
        #: the same for scope rules' triggers
        self.scope_prefilters: list[Prefilter | None] = [
            prefilter(rule.trigger) for rule in self.scope_rules
        ]
        for meta in extra_metas:
            self.by_code.setdefault(meta.code, meta)
        #: every rule's metadata once, in code order (a rule may have several triggers)
        self.metas: tuple[RuleMeta, ...] = tuple(
            sorted(self.by_code.values(), key=lambda meta: meta.code)
        )
        self._prefix_shorts = tuple(p.rsplit(".", 1)[-1] for p, _ in self.call_prefixes)
        self.short_names.discard("*")
        source = _QUERY_SOURCE
        if self.call_keywords:
            names = " ".join(f'"{k}"' for k in sorted(self.call_keywords))
            source += (
                f"((keyword_argument name: (identifier) @keyword) (#any-of? @keyword {names}))"
            )
        for kind in sorted(self.node_rules):
            if kind not in {"call", "function_definition"}:
                source += f"\n({kind}) @node.{kind}"
        #: every rule's node interests, compiled into one query
        self.query = tree_sitter.Query(LANGUAGE, source)

    def call_rules(self, name: str | None, short: str | None) -> list[CallRule]:
        """The rules interested in a call of `name` (resolved) whose last name is `short`,
        keyword rules aside (`keyword_rules`)."""
        found: list[CallRule] = []
        if name is not None:
            found.extend(self.call_names.get(name, ()))
            for prefix, rule in self.call_prefixes:
                if name.startswith(prefix):
                    found.append(rule)
        if short is not None:
            found.extend(r for r in self.call_methods.get(short, ()) if r not in found)
        return found

    def keyword_rules(self, site: CallSite, found: list[CallRule]) -> list[CallRule]:
        """`found` and the rules interested in one of the call's keywords."""
        more = list(found)
        for keyword in site.keywords:
            more.extend(r for r in self.call_keywords.get(keyword, ()) if r not in more)
        return more

    def prepare(self, settings: Settings) -> None:
        """Work out which rules `settings` enables before the first analysis needs it (in
        the editor: before the first keystroke, not during it)."""
        _plan(self, settings)

    def interesting(self, short: str) -> bool:
        return short in self.short_names or short.startswith(self._prefix_shorts)


_DEFAULT: RuleSet | None = None


def default_rules() -> RuleSet:
    global _DEFAULT
    if _DEFAULT is None:
        from .rules import ALL_RULES, EXTRA_METAS

        _DEFAULT = RuleSet(ALL_RULES, EXTRA_METAS)
    return _DEFAULT


def units(module: Module, start: int, end: int) -> list[tuple[int, int]]:
    """Byte ranges of the analysis units that intersect [start, end], sorted and disjoint."""
    return _units(module, start, end)[0]


def _units(module: Module, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """The units, and whether they include the module's own top-level code."""
    root = module.tree.root_node
    found: list[tuple[int, int]] = []
    top_level = False

    # A loop, not a recursive closure: a nested function that calls itself is a reference
    # cycle, which would keep the tree and its source alive until the cycle collector runs.
    containers = [root]
    while containers:
        container = containers.pop()
        count = container.named_child_count
        index = first_ending_after(container, count, start - 1)  # ends at or after start
        while index < count:
            child = container.named_child(index)
            index += 1
            if child is None or child.start_byte > end:
                break
            klass = _class_of(child)
            body = None if klass is None else klass.child_by_field_name("body")
            if body is not None:
                # In a partly parsed module (an editor preview) the body holds only the
                # members parsed: the header is analysed only if the range reaches into it.
                if module.host is None or start < body.start_byte:
                    found.append((child.start_byte, body.start_byte))
                containers.append(body)
                continue
            if container is root and child.type not in _DEF_TYPES:
                top_level = True
            found.append((child.start_byte, child.end_byte))
    if top_level:
        for child in root.named_children:
            if child.type not in _DEF_TYPES:
                found.append((child.start_byte, child.end_byte))
    return _merge_ranges(found), top_level


def _runs(source: bytes, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units that only white space separates, joined: one query and one pass of the text
    rules over a 300-line paste, not one per definition in it."""
    runs: list[tuple[int, int]] = []
    for start, end in covered:
        if runs and not source[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _class_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.type == "class_definition":
        return node
    if node.type == "decorated_definition":
        definition = node.child_by_field_name("definition")
        if definition is not None and definition.type == "class_definition":
            return definition
    return None


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def analyze(
    module: Module,
    byte_range: tuple[int, int] | None = None,
    settings: Settings | None = None,
    rules: RuleSet | None = None,
    trust: Trust | None = None,
) -> Analysis:
    """Findings for the whole module, or for the units intersecting `byte_range`.

    `trust` says which package names the project vouches for (installed, declared, ...);
    without it the dependency rules trust only the standard library, first-party modules,
    `knownPackages` and gifthorse's table of well-established distributions.
    """
    settings = settings or Settings()
    rules = rules or default_rules()
    ctx = Context(module, settings, trust)
    if byte_range is None:
        covered, top_level = [(0, len(module.source))], True
    else:
        covered, top_level = _units(module, byte_range[0], byte_range[1])
        # a unit at the very start stands for the module too (its docstring, its header)
        top_level = top_level or bool(covered and covered[0][0] == 0)
    runner = _Runner(ctx, rules, settings, root_scope=top_level)
    try:
        for start, end in _runs(module.source, covered):
            runner.run(start, end, whole=byte_range is None)
        findings = _finish(ctx, runner.findings)
    finally:
        ctx.close()
    return Analysis(findings, covered, runner.errors)


class _Plan:
    """The rules one `Settings` enables, sorted by trigger: worked out once per settings
    object, not once per analysed statement."""

    def __init__(self, rules: RuleSet, settings: Settings) -> None:
        self.rules = rules
        self.settings = settings
        self.enabled = {
            meta.code: settings.enabled(meta.code, meta.category.value, meta.default)
            for meta in rules.metas
        }
        enabled = [
            (rule, literals)
            for rule, literals in zip(rules.text_rules, rules.text_prefilters, strict=True)
            if self.enabled[rule.meta.code]
        ]
        #: each text rule with the literals one of which it needs (None: it always runs)
        self.text_rules = [
            (rule, None if literals is None else frozenset(literals.literals))
            for rule, literals in enabled
        ]
        #: every such literal once, looked for in the text as written or lower-cased
        self.literals = tuple(
            {lit for _, p in enabled if p is not None and not p.ignore_case for lit in p.literals}
        )
        self.lower_literals = tuple(
            {lit for _, p in enabled if p is not None and p.ignore_case for lit in p.literals}
        )
        self.node_rules = [
            ({"call": "call", "function_definition": "function"}.get(kind, f"node.{kind}"), kept)
            for kind, node_rules in rules.node_rules.items()
            if (kept := [r for r in node_rules if self.enabled[r.meta.code]])
        ]
        #: enabled call rules by (resolved name, last name): a call's rules are looked up once
        #: per distinct callee, not gathered and filtered on every call
        self.calls: dict[tuple[str | None, str | None], list[CallRule]] = {}
        #: scope rules with the literals their trigger needs (a trigger such as
        #: `admin|superuser|is_staff` scans slowly; `bytes.find` does not)
        self.scope_rules = [
            (rule, literals)
            for rule, literals in zip(rules.scope_rules, rules.scope_prefilters, strict=True)
            if self.enabled[rule.meta.code]
        ]

    def call_rules(self, site: CallSite, short: str | None, by_keyword: bool) -> list[CallRule]:
        """The enabled rules interested in a call whose last name is `short`."""
        key = (site.name, short)
        found = self.calls.get(key)
        if found is None:
            if len(self.calls) > _PLAN_CALLS:
                self.calls.clear()
            found = self.calls[key] = self._enabled(self.rules.call_rules(*key))
        if by_keyword:  # the query saw a keyword some rule watches: only then read them all
            found = self._enabled(self.rules.keyword_rules(site, found))
        return found

    def _enabled(self, rules: list[CallRule]) -> list[CallRule]:
        enabled = self.enabled
        return [r for r in rules if enabled.get(r.meta.code, False)]


#: distinct callees remembered per plan (a few thousand in the largest modules)
_PLAN_CALLS = 20_000


def _plan(rules: RuleSet, settings: Settings) -> _Plan:
    plans = rules._plans
    plan = plans.get(id(settings))
    if plan is None or plan.settings is not settings:
        if len(plans) > 32:
            plans.clear()
        plan = plans[id(settings)] = _Plan(rules, settings)
    return plan


class _Runner:
    def __init__(
        self, ctx: Context, rules: RuleSet, settings: Settings, root_scope: bool = True
    ) -> None:
        self.ctx = ctx
        self.rules = rules
        self.settings = settings
        self.plan = _plan(rules, settings)
        self.findings: list[Finding] = []
        self.errors: list[str] = []
        #: the module's own scope is checked once per analysis, when its code is analysed
        self._root_pending = root_scope

    def run(self, start: int, end: int, whole: bool) -> None:
        module = self.ctx.module
        cursor = tree_sitter.QueryCursor(self.rules.query)
        if not whole:
            cursor.set_byte_range(start, end)
        captures = cursor.captures(module.tree.root_node)
        if whole and module._imports is None:
            table = ImportTable()
            for node in sorted(captures.get("import", ()), key=lambda n: n.start_byte):
                table.add_statement(module, node)
            if b"__import__" in module.source or b"import_module" in module.source:
                table._add_dynamic_bindings(module)
            module.set_imports(table)
        keyword_calls = set()
        for keyword in captures.get("keyword", ()):
            arguments = keyword.parent.parent if keyword.parent is not None else None
            if arguments is not None and arguments.parent is not None:
                keyword_calls.add(arguments.parent.id)
        for node in captures.get("call", ()):
            if start <= node.start_byte < end:
                self._call(node, node.id in keyword_calls)
        for capture, node_rules in self.plan.node_rules:
            for node in captures.get(capture, ()):
                if start <= node.start_byte < end:
                    for node_rule in node_rules:
                        self._report(node_rule.meta, node_rule.check, self.ctx, node)
        source = module.source
        # Which literals occur here, each looked for once: several rules share them.
        plan = self.plan
        chunk = source if whole else source[start:end]
        found = {literal for literal in plan.literals if literal in chunk}
        if plan.lower_literals:
            lowered = chunk.lower()
            found.update(literal for literal in plan.lower_literals if literal in lowered)
        for rule, literals in plan.text_rules:
            if literals is not None and literals.isdisjoint(found):
                continue
            for match in rule.pattern.finditer(source, start, end):
                self._report(rule.meta, rule.check, self.ctx, TextMatch(match))
        if self.plan.scope_rules:
            self._scopes(captures.get("function", ()), start, end)

    def _call(self, node: tree_sitter.Node, by_keyword: bool) -> None:
        function = node.child_by_field_name("function")
        if function is None:
            return
        short: str | None = None
        if function.type == "identifier":
            short = identifier(self.ctx.module, function)
            wanted = self.rules.interesting(short) or short in self.ctx.imports.bindings
        elif function.type == "attribute":
            attr = function.child_by_field_name("attribute")
            short = None if attr is None else identifier(self.ctx.module, attr)
            wanted = short is not None and self.rules.interesting(short)
        else:
            wanted = True  # getattr(...)(...), __import__(...)(...): resolve to know
        if not (wanted or by_keyword):
            return
        site = self.ctx.call_site(node)
        for rule in self.plan.call_rules(site, short, by_keyword):
            self._report(rule.meta, rule.check, self.ctx, site)

    def _scopes(self, functions: Iterable[tree_sitter.Node], start: int, end: int) -> None:
        module = self.ctx.module
        scopes = [f for f in functions if start <= f.start_byte < end]
        if self._root_pending:
            self._root_pending = False
            scopes.append(module.tree.root_node)
        source = module.source
        for scope in scopes:
            a, b = scope.start_byte, scope.end_byte
            lowered: bytes | None = None
            for rule, literals in self.plan.scope_rules:
                if literals is not None:
                    if literals.ignore_case:
                        lowered = source[a:b].lower() if lowered is None else lowered
                        text, i, j = lowered, 0, b - a
                    else:
                        text, i, j = source, a, b
                    if all(text.find(literal, i, j) < 0 for literal in literals.literals):
                        continue
                if rule.trigger.search(source, a, b):
                    self._report(rule.meta, rule.check, self.ctx, scope)

    def _report(self, meta: RuleMeta, check: object, ctx: Context, subject: object) -> None:
        try:
            hits = list(check(ctx, subject))  # type: ignore[operator]
        except Exception as exc:  # a broken rule must never take the analysis down
            log.exception("rule %s failed on %s", meta.code, ctx.module.path)
            self.errors.append(f"{meta.code}: {type(exc).__name__}: {exc}")
            return
        for hit in hits:
            self.findings.append(_finding(meta, hit, self.settings))


def _finding(meta: RuleMeta, hit: Hit, settings: Settings) -> Finding:
    try:
        message = meta.message.format(**hit.args) if hit.args else meta.message
    except (KeyError, IndexError):
        message = meta.message
    return Finding(
        rule=meta,
        start=hit.start,
        end=hit.end,
        message=message,
        fix=hit.fix,
        related=hit.related,
        severity=settings.severity.get(meta.code),
        args=hit.args,
    )


def _finish(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Deduplicate, drop suppressed findings and sort by position."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        key = (finding.code, finding.start, finding.end)
        if key in seen or (finding.rule.suppressible and suppressed(ctx.module.lines, finding)):
            continue
        seen.add(key)
        out.append(finding)
    return out


def suppressed(lines: LineIndex, finding: Finding) -> bool:
    """`# gifthorse: ignore[CODE]` at the end of the finding's first or last line."""
    first = lines.line_of(finding.start)
    last = lines.line_of(max(finding.start, finding.end - 1))
    for line in {first, last}:
        text = lines.line_text(line)
        if b"gifthorse" not in text:
            continue
        match = _SUPPRESSION.search(text)
        if match is None:
            continue
        if match.group(1) is None:
            return True
        codes = {c.strip().upper() for c in match.group(1).decode("ascii", "replace").split(",")}
        if finding.code in codes:
            return True
    return False


__all__ = ["Analysis", "Fix", "Related", "RuleSet", "analyze", "default_rules", "units"]

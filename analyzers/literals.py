"""Constant folding of string expressions, without ever executing the analysed code.

Obfuscation works by building a dangerous string from harmless-looking parts; folding
`"sys" + "tem"`, `"".join([...])`, `chr(101)`, `"lave"[::-1]` and decoders applied to
literals (`base64.b64decode("ZXZhbA==").decode()`, `codecs.decode("riny", "rot13")`,
`zlib.decompress(...)`) lets rules see the result. Decoding uses the standard library's
codecs on data only, with limits on input and output size, so that a decompression bomb in a
literal cannot exhaust memory.

`fold()` also reports *how* a value was spelled (its steps), so that rules can tell a name
written plainly from the same name assembled at runtime.
"""

from __future__ import annotations

import ast
import base64
import binascii
import bz2
import codecs
import lzma
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

if TYPE_CHECKING:
    from .source import Module

Const = str | bytes

_MAX_DEPTH = 12
#: largest literal handed to a decoder, and largest decoded or decompressed result
MAX_DECODE_INPUT = 4 * 1024 * 1024
MAX_DECODE_OUTPUT = 2 * 1024 * 1024

# Steps: how a constant was produced when it was not written as one plain literal.
CONCATENATION = "concatenation"
REPETITION = "repetition"
REVERSAL = "reversal"
CHAR_CODES = "character codes"
JOIN = "join"
FORMATTING = "formatting"
BASE64 = "base64"
BASE32 = "base32"
BASE85 = "base85"
HEX = "hex"
ROT13 = "rot13"
ZLIB = "zlib"
GZIP = "gzip"
BZ2 = "bz2"
LZMA = "lzma"
#: plain text <-> bytes conversions (`.decode()`, `.encode()`, `bytes([...])`): not hiding
TEXT = "text conversion"
XOR = "xor"

#: steps that turn an unreadable literal into a different value
DECODING_STEPS = frozenset({BASE64, BASE32, BASE85, HEX, ROT13, ZLIB, GZIP, BZ2, LZMA, XOR})
#: steps that assemble a value the source never spells out
HIDING_STEPS = DECODING_STEPS | frozenset({CONCATENATION, REVERSAL, CHAR_CODES, JOIN, FORMATTING})


@dataclass(frozen=True)
class Folded:
    """A constant value and the steps that produced it (empty for a plain literal)."""

    value: Const
    steps: frozenset[str]

    @property
    def hidden(self) -> bool:
        """Assembled or decoded rather than written: the reader of the source never sees it."""
        return bool(self.steps & HIDING_STEPS)

    @property
    def decoded(self) -> bool:
        return bool(self.steps & DECODING_STEPS)


def const_str(module: Module, node: tree_sitter.Node, depth: int = 0) -> Const | None:
    """The constant string or bytes value of an expression, or None if not constant."""
    return _fold(module, node, depth, set())


def fold(module: Module, node: tree_sitter.Node) -> Folded | None:
    """Like `const_str`, with the steps that produced the value."""
    steps: set[str] = set()
    value = _fold(module, node, 0, steps)
    return None if value is None else Folded(value, frozenset(steps))


def const_int(module: Module, node: tree_sitter.Node) -> int | None:
    if node.type == "identifier":
        bound = _bound(module, node)
        return bound if isinstance(bound, int) else None
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
    if node.type == "parenthesized_expression" and len(node.named_children) == 1:
        return const_int(module, node.named_children[0])
    return None


def _fold(module: Module, node: tree_sitter.Node, depth: int, steps: set[str]) -> Const | None:
    if depth > _MAX_DEPTH:
        return None
    kind = node.type
    if kind == "string":
        return _string_literal(module, node, depth, steps)
    if kind == "concatenated_string":
        steps.add(CONCATENATION)
        return _join([_fold(module, c, depth + 1, steps) for c in node.named_children])
    if kind == "parenthesized_expression":
        inner = node.named_children
        return _fold(module, inner[0], depth + 1, steps) if len(inner) == 1 else None
    if kind == "binary_operator":
        return _binary(module, node, depth, steps)
    if kind == "subscript":
        return _reversed(module, node, depth, steps)
    if kind == "call":
        return _const_call(module, node, depth, steps)
    if kind == "identifier":
        bound = _bound(module, node)
        return bound if isinstance(bound, str | bytes) else None
    return None


def _binary(module: Module, node: tree_sitter.Node, depth: int, steps: set[str]) -> Const | None:
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return None
    if operator.type == "+":
        steps.add(CONCATENATION)
        left_value = _fold(module, left, depth + 1, steps)
        if left_value is None:
            return None
        return _join([left_value, _fold(module, right, depth + 1, steps)])
    if operator.type == "*":
        value = _fold(module, left, depth + 1, steps)
        count = const_int(module, right)
        if value is not None and count is not None and 0 <= count <= 64:
            steps.add(REPETITION)
            return value * count
        return None
    if operator.type == "%":
        template = _fold(module, left, depth + 1, steps)
        if not isinstance(template, str) or _PERCENT_FIELD.sub("", template).count("%"):
            return None
        items = right.named_children if right.type == "tuple" else [right]
        values = [_fold(module, item, depth + 1, steps) for item in items]
        if any(not isinstance(v, str) for v in values):
            return None
        if template.count("%s") != len(values):
            return None
        steps.add(FORMATTING)
        return template % tuple(values)
    return None


_PERCENT_FIELD = re.compile(r"%[s%]")


def _string_literal(
    module: Module, node: tree_sitter.Node, depth: int, steps: set[str]
) -> Const | None:
    text = module.text(node)
    plain = _plain_string(text)
    if plain is not None:
        return plain
    interpolations = [c for c in node.named_children if c.type == "interpolation"]
    if interpolations:
        return _fstring(module, node, depth, steps)
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str | bytes) else None


def _plain_string(text: str) -> str | None:
    """The value of a literal without prefix, escapes or carriage returns: its text between
    the quotes. Most literals are such; `ast.literal_eval` compiles each one (~10 µs)."""
    if "\\" in text or "\r" in text:
        return None
    for quote in _QUOTES:
        if text.startswith(quote):
            size = len(quote)
            inner = text[size:-size]
            if len(text) >= 2 * size and text.endswith(quote) and quote not in inner:
                return inner
            return None
    return None


_QUOTES = ('"""', "'''", '"', "'")


def _fstring(module: Module, node: tree_sitter.Node, depth: int, steps: set[str]) -> Const | None:
    """`f"{'ev'}{'al'}"`: an f-string whose every interpolation is a constant string."""
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "string_content":
            parts.append(module.text(child).replace("{{", "{").replace("}}", "}"))
        elif child.type == "escape_sequence":
            try:
                value = ast.literal_eval('"' + module.text(child) + '"')
            except (ValueError, SyntaxError):
                return None
            parts.append(value)
        elif child.type == "interpolation":
            if any(c.type in {"format_specifier", "type_conversion"} for c in child.named_children):
                return None
            expression = child.child_by_field_name("expression")
            value = None if expression is None else _fold(module, expression, depth + 1, steps)
            if not isinstance(value, str):
                return None
            parts.append(value)
        elif child.type not in {"string_start", "string_end"}:
            return None
    steps.add(FORMATTING)
    return "".join(parts)


def _join(parts: list[Const | None]) -> Const | None:
    if any(p is None for p in parts):
        return None
    if all(isinstance(p, str) for p in parts):
        return "".join(p for p in parts if isinstance(p, str))
    if all(isinstance(p, bytes) for p in parts):
        return b"".join(p for p in parts if isinstance(p, bytes))
    return None


def _reversed(module: Module, node: tree_sitter.Node, depth: int, steps: set[str]) -> Const | None:
    """`"lave"[::-1]`."""
    value_node = node.child_by_field_name("value")
    subscript = node.child_by_field_name("subscript")
    if value_node is None or subscript is None or subscript.type != "slice":
        return None
    if module.text(subscript).replace(" ", "") != "::-1":
        return None
    if value_node.type == "identifier" and _bound(module, value_node) is None:
        # `os.system(_CMD[::-1])`: the reversed text sits in a constant
        value_node = constant_value(module, value_node) or value_node
    value = _fold(module, value_node, depth + 1, steps)
    if value is None:
        return None
    steps.add(REVERSAL)
    return value[::-1]


# --------------------------------------------------------------------------------------------
# Calls: chr(), joins, decoders and text conversions applied to constants.


def _callee(module: Module, function: tree_sitter.Node) -> str | None:
    """The dotted name of a callee, through the import table when one is already built.

    The table may still be under construction (dynamic imports are folded while it is
    built), so it is consulted only if present and never built from here.
    """
    if function.type not in {"identifier", "attribute"}:
        return None
    text = module.text(function)
    if not _DOTTED.fullmatch(text):
        return None
    head, _, rest = text.partition(".")
    table = module._imports
    if table is not None:
        head = table.resolve_name(head)
    return f"{head}.{rest}" if rest else head


_DOTTED = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*")


def _const_call(
    module: Module, node: tree_sitter.Node, depth: int, steps: set[str]
) -> Const | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None:
        return None
    if arguments.type == "generator_expression":
        args = [arguments]  # `"".join(chr(c) for c in ...)`: the generator is the argument
    elif arguments.type == "argument_list":
        args = [a for a in arguments.named_children if a.type != "comment"]
    else:
        return None
    positional = [a for a in args if a.type != "keyword_argument"]
    keywords = {
        module.text(key): value
        for a in args
        if a.type == "keyword_argument"
        and (key := a.child_by_field_name("name")) is not None
        and (value := a.child_by_field_name("value")) is not None
    }
    name = _callee(module, function)
    if name == "chr" and len(args) == 1:
        code = const_int(module, args[0])
        if code is not None and 0 <= code < 0x110000:
            steps.add(CHAR_CODES)
            return chr(code)
        return None
    if name in {"bytes", "bytearray", "str"}:
        return _conversion(module, name, positional, keywords, depth, steps)
    decoder = _DECODERS.get(name) if name is not None else None
    if decoder is None and name is not None and "." not in name:
        decoder = _BARE_DECODERS.get(name)
    if decoder is not None and positional:
        return _decode_call(module, decoder, positional, keywords, depth, steps)
    if function.type == "identifier" and name is not None and "." not in name:
        return _helper_call(module, name, positional, keywords, depth, steps)
    if function.type == "attribute":
        attr = function.child_by_field_name("attribute")
        obj = function.child_by_field_name("object")
        if attr is None or obj is None:
            return None
        method = module.text(attr)
        if method == "join" and len(args) == 1:
            separator = _fold(module, obj, depth + 1, steps)
            items = _const_items(module, args[0], depth, steps)
            if separator is None or items is None:
                return None
            steps.add(JOIN)
            return _join_with(separator, items)
        if method in {"decode", "encode"} and len(args) <= 2:
            return _text_method(module, method, obj, positional, keywords, depth, steps)
    return None


def _conversion(
    module: Module,
    name: str,
    positional: list[tree_sitter.Node],
    keywords: dict[str, tree_sitter.Node],
    depth: int,
    steps: set[str],
) -> Const | None:
    """`bytes([101, 118])`, `bytes("x", "utf-8")`, `str(b"x", "utf-8")`."""
    if len(positional) != 1 and not (len(positional) == 2 and name != "bytearray"):
        return None
    first = positional[0]
    encoding_node = positional[1] if len(positional) == 2 else keywords.get("encoding")
    if name in {"bytes", "bytearray"} and encoding_node is None:
        codes: list[int | str | None] | None = None
        if first.type in {"list", "tuple"}:
            codes = [const_int(module, c) for c in first.named_children]
        elif first.type in {"generator_expression", "list_comprehension"}:
            codes = list(_comprehension(module, first, depth, steps) or [])
        elif first.type == "identifier" and isinstance(bound := _bound(module, first), tuple):
            codes = list(bound)
        if not codes or any(not isinstance(c, int) or not 0 <= c < 256 for c in codes):
            return None
        steps.add(CHAR_CODES)
        return bytes(c for c in codes if isinstance(c, int))
    if encoding_node is None:
        if name == "str":
            value = _fold(module, first, depth + 1, steps)
            return value if isinstance(value, str) else None
        return None
    encoding = _fold(module, encoding_node, depth + 1, steps)
    value = _fold(module, first, depth + 1, steps)
    return _recode(value, encoding, {"str": "decode", "bytes": "encode"}.get(name), steps)


def _text_method(
    module: Module,
    method: str,
    receiver: tree_sitter.Node,
    positional: list[tree_sitter.Node],
    keywords: dict[str, tree_sitter.Node],
    depth: int,
    steps: set[str],
) -> Const | None:
    """`b"...".decode()`, `"...".encode("utf-8")`."""
    value = _fold(module, receiver, depth + 1, steps)
    if value is None:
        return None
    encoding_node = positional[0] if positional else keywords.get("encoding")
    encoding: Const | None = "utf-8"
    if encoding_node is not None:
        encoding = _fold(module, encoding_node, depth + 1, steps)
    return _recode(value, encoding, method, steps)


def _recode(
    value: Const | None, encoding: Const | None, direction: str | None, steps: set[str]
) -> Const | None:
    """`value.decode(encoding)` (bytes) or `value.encode(encoding)` (str), with text codecs
    only; None when the value, the codec or the direction does not fit."""
    if not isinstance(encoding, str) or _text_codec(encoding) is None:
        return None
    try:
        if direction == "decode" and isinstance(value, bytes):
            steps.add(TEXT)
            return value.decode(encoding, "strict")
        if direction == "encode" and isinstance(value, str):
            steps.add(TEXT)
            return value.encode(encoding, "strict")
    except (UnicodeError, LookupError):
        return None
    return None


_TEXT_CODECS = re.compile(
    r"utf[-_]?8|(us-)?ascii|latin[-_]?1|iso-8859-1|cp1252|utf[-_]16([-_][lb]e)?"
)


def _text_codec(encoding: str) -> str | None:
    normal = encoding.strip().lower()
    return normal if _TEXT_CODECS.fullmatch(normal) else None


def _const_items(
    module: Module, node: tree_sitter.Node, depth: int, steps: set[str]
) -> list[Const] | None:
    """Items of a list/tuple literal, `map(chr, [...])` or `(chr(c) for c in [...])`."""
    if node.type in {"list", "tuple"}:
        values = [_fold(module, c, depth + 1, steps) for c in node.named_children]
        if any(v is None for v in values):
            return None
        return [v for v in values if v is not None]
    if node.type == "identifier":
        bound = _bound(module, node)
        if not isinstance(bound, tuple) or not all(isinstance(v, str) for v in bound):
            return None
        return [v for v in bound if isinstance(v, str)]
    if node.type == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None:
            return None
        if module.text(function) == "reversed" and len(arguments.named_children) == 1:
            # `"".join(reversed(CMD))`
            inner = arguments.named_children[0]
            if inner.type == "identifier" and _bound(module, inner) is None:
                inner = constant_value(module, inner) or inner
            value = _fold(module, inner, depth + 1, steps)
            if not isinstance(value, str):
                return None
            steps.add(REVERSAL)
            return list(reversed(value))
        if module.text(function) != "map":
            return None
        args = arguments.named_children
        if len(args) == 2 and module.text(args[0]) == "chr" and args[1].type in {"list", "tuple"}:
            steps.add(CHAR_CODES)
            return _chr_list(module, args[1])
        if len(args) == 2 and module.text(args[0]) == "chr" and args[1].type == "identifier":
            bound = _bound(module, args[1])
            if not isinstance(bound, tuple) or not all(
                isinstance(c, int) and 0 <= c < 0x110000 for c in bound
            ):
                return None
            steps.add(CHAR_CODES)
            return [chr(c) for c in bound if isinstance(c, int)]
        return None
    if node.type in {"generator_expression", "list_comprehension"}:
        looped = _comprehension(module, node, depth, steps)
        if looped is None or not all(isinstance(v, str) for v in looped):
            return None
        return [v for v in looped if isinstance(v, str)]
    return None


def _comprehension(
    module: Module, node: tree_sitter.Node, depth: int, steps: set[str]
) -> list[int | str] | None:
    """`(chr(c ^ 7) for c in [...])`, `(b ^ 0x20 for b in b"...")`: a loop over constants."""
    body = node.child_by_field_name("body")
    clauses = [c for c in node.named_children if c.type in {"for_in_clause", "if_clause"}]
    if body is None or len(clauses) != 1 or clauses[0].type != "for_in_clause":
        return None
    variable = clauses[0].child_by_field_name("left")
    iterable = clauses[0].child_by_field_name("right")
    if variable is None or iterable is None or variable.type != "identifier":
        return None
    items: list[int | str]
    if iterable.type in {"list", "tuple"}:
        codes = [const_int(module, c) for c in iterable.named_children]
        if any(c is None for c in codes):
            return None
        items = [c for c in codes if c is not None]
    elif iterable.type == "identifier" and isinstance(bound := _bound(module, iterable), tuple):
        items = [c for c in bound if isinstance(c, int | str)]
    else:
        value = _fold(module, iterable, depth + 1, steps)
        if value is None:
            return None
        items = list(value)
    if len(items) > 100_000:
        return None
    name = module.text(variable)
    out: list[int | str] = []
    for item in items:
        result = _small(module, body, name, item, steps, 0)
        if result is None:
            return None
        out.append(result)
    steps.add(CHAR_CODES)
    return out


def _small(
    module: Module, node: tree_sitter.Node, name: str, item: int | str, steps: set[str], depth: int
) -> int | str | None:
    """Evaluate the body of a decoding loop for one item: ints, `ord`, `chr`, arithmetic."""
    if depth > 8:
        return None
    kind = node.type
    if kind == "identifier":
        if module.text(node) == name:
            return item
        bound = _bound(module, node)
        if bound is None and (constant := module_constant(module, node)) is not None:
            bound = const_int(module, constant)  # `chr(c ^ KEY)` with a module-level KEY
        return bound if isinstance(bound, int) else None
    if kind == "integer":
        return const_int(module, node)
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return _small(module, node.named_children[0], name, item, steps, depth + 1)
    if kind == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or len(arguments.named_children) != 1:
            return None
        inner = _small(module, arguments.named_children[0], name, item, steps, depth + 1)
        callee = module.text(function)
        if callee == "chr" and isinstance(inner, int) and 0 <= inner < 0x110000:
            return chr(inner)
        if callee == "ord" and isinstance(inner, str) and len(inner) == 1:
            return ord(inner)
        return None
    if kind == "binary_operator":
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return None
        a = _small(module, left, name, item, steps, depth + 1)
        b = _small(module, right, name, item, steps, depth + 1)
        if not isinstance(a, int) or not isinstance(b, int) or abs(a) > 1 << 32 or abs(b) > 1 << 32:
            return None
        op = operator.type
        if op == "^":
            steps.add(XOR)
            return a ^ b
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "&":
            return a & b
        if op == "|":
            return a | b
        if op == "%" and b:
            return a % b
        return None
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


# --------------------------------------------------------------------------------------------
# Module-level constants and small decoding helpers defined in the module.
#
# Obfuscated code hides its strings behind a one-line helper (`def _n(c): return
# "".join(chr(x) for x in c)`, then `getattr(mod, _n([115, 121, ...]))`) or keeps the encoded
# text in a module constant (`os.system(_CMD[::-1])`). A call to such a helper with constant
# arguments is folded by folding the helper's `return` expression with its parameters bound
# to the argument values. Only helpers that really decode (character codes, reversal, base64,
# XOR, ...) are folded, so that the meaning of `const` does not change for ordinary functions
# (`_("text")` stays a call whose value is unknown).

#: a value bound to a helper's parameter: text, an integer, or a list of either
Bound = str | bytes | int | tuple[int | str, ...]
#: parameter values of the helper bodies being folded, innermost last
_BOUND: list[dict[str, Bound]] = []
_MAX_HELPER_NESTING = 3
#: the steps that make a helper a decoder worth folding through
_HELPER_STEPS = DECODING_STEPS | frozenset({CHAR_CODES, REVERSAL})
_CONSTANTS_KEY = "_gifthorse_module_constants"
_HELPERS_KEY = "_gifthorse_module_helpers"


def _bound(module: Module, node: tree_sitter.Node) -> Bound | None:
    """The value of a helper parameter while the helper's body is folded."""
    if not _BOUND:
        return None
    return _BOUND[-1].get(module.text(node))


def _top_level_assignments(module: Module) -> dict[str, list[tree_sitter.Node]]:
    """`NAME = value` statements of the module's top level, by name."""
    found: dict[str, list[tree_sitter.Node]] = {}
    for child in module.top_level:
        if child.type != "expression_statement" or child.named_child_count != 1:
            continue
        assignment = child.named_children[0]
        if assignment.type != "assignment":
            continue
        left = assignment.child_by_field_name("left")
        right = assignment.child_by_field_name("right")
        if left is not None and right is not None and left.type == "identifier":
            found.setdefault(module.text(left), []).append(right)
    return found


def module_constant(module: Module, name: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value of a module-level name assigned exactly once at the top level, unless the
    function that reads it binds the same name itself."""
    table: dict[str, tree_sitter.Node] | None = module.__dict__.get(_CONSTANTS_KEY)
    if table is None:
        table = {
            key: values[0]
            for key, values in _top_level_assignments(module).items()
            if len(values) == 1
        }
        module.__dict__[_CONSTANTS_KEY] = table
    text = module.text(name)
    value = table.get(text)
    if value is None or value.start_byte <= name.start_byte < value.end_byte:
        return None
    function = name.parent
    while function is not None and function.type != "function_definition":
        function = function.parent
    if function is not None and _binds(module, function, text):
        return None
    return value


def constant_value(module: Module, name: tree_sitter.Node) -> tree_sitter.Node | None:
    """The one value a name holds where it is read: a module-level constant, or a local
    assigned exactly once (never augmented, looped over or passed in) in its function."""
    function = name.parent
    while function is not None and function.type != "function_definition":
        function = function.parent
    if function is None:
        return module_constant(module, name)
    text = module.text(name)
    source = module.source
    escaped = re.escape(text.encode())
    pattern = re.compile(rb"(?<![\w.])" + escaped + rb"[ \t]*(?::[^=\n]*)?=(?!=)")
    assignments = list(pattern.finditer(source, function.start_byte, function.end_byte))
    if not assignments:
        return module_constant(module, name)
    if len(assignments) != 1 or _binds_otherwise(module, function, escaped):
        return None
    target = module.node_at(assignments[0].start(), assignments[0].start() + len(text.encode()))
    assignment = None if target is None else target.parent
    if assignment is None or assignment.type != "assignment":
        return None
    value = assignment.child_by_field_name("right")
    if value is None or value.end_byte > name.start_byte:
        return None
    return value


def _binds_otherwise(module: Module, function: tree_sitter.Node, escaped: bytes) -> bool:
    """Augmented, looped over, declared global/nonlocal, or a parameter."""
    if re.search(
        rb"(?<![\w.])"
        + escaped
        + rb"\s*(?:[-+*/%&|^@]|//|<<|>>|\*\*)=|\bfor\s+"
        + escaped
        + rb"\b|\b(?:global|nonlocal)\b",
        module.source[function.start_byte : function.end_byte],
    ):
        return True
    parameters = function.child_by_field_name("parameters")
    return (
        parameters is not None
        and re.search(
            rb"(?<![\w.])" + escaped + rb"\b",
            module.source[parameters.start_byte : parameters.end_byte],
        )
        is not None
    )


def _binds(module: Module, function: tree_sitter.Node, name: str) -> bool:
    """Does the function assign `name` or take it as a parameter (so it is a local)?"""
    source = module.source[function.start_byte : function.end_byte]
    pattern = re.compile(
        rb"(?<![\w.])" + re.escape(name.encode()) + rb"\s*(?:[-+*/%&|^@]|//|<<|>>|\*\*)?=(?!=)"
        rb"|\bfor\s+" + re.escape(name.encode()) + rb"\b"
        rb"|\bglobal\b"
    )
    if pattern.search(source):
        return True
    parameters = function.child_by_field_name("parameters")
    return (
        parameters is not None
        and re.search(
            rb"(?<![\w.])" + re.escape(name.encode()) + rb"\b",
            module.source[parameters.start_byte : parameters.end_byte],
        )
        is not None
    )


def _helpers(module: Module) -> dict[str, tuple[tuple[str, ...], tree_sitter.Node]]:
    """Module-level one-line functions (`def f(a, b): return <expr>`, `f = lambda a: <expr>`)
    defined once: their parameter names and returned expression."""
    table: dict[str, tuple[tuple[str, ...], tree_sitter.Node]] | None = module.__dict__.get(
        _HELPERS_KEY
    )
    if table is not None:
        return table
    table = {}
    seen: set[str] = set()
    for name, values in _top_level_assignments(module).items():
        if len(values) == 1 and values[0].type == "lambda":
            found = _signature(module, values[0])
            body = values[0].child_by_field_name("body")
            if found is not None and body is not None:
                table[name] = (found, body)
        seen.add(name)
    for child in module.top_level:
        if child.type != "function_definition":
            continue
        name_node = child.child_by_field_name("name")
        if name_node is None:
            continue
        name = module.text(name_node)
        if name in seen:
            table.pop(name, None)
            continue
        seen.add(name)
        parameters = _signature(module, child)
        body = _single_return(child)
        if parameters is not None and body is not None:
            table[name] = (parameters, body)
    module.__dict__[_HELPERS_KEY] = table
    return table


def _signature(module: Module, function: tree_sitter.Node) -> tuple[str, ...] | None:
    """Plain positional parameter names (annotations allowed), None for anything fancier."""
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return ()
    names: list[str] = []
    for parameter in parameters.named_children:
        node = parameter
        if node.type == "typed_parameter" and node.named_children:
            node = node.named_children[0]
        if node.type != "identifier":
            return None
        names.append(module.text(node))
    return tuple(names)


def _single_return(function: tree_sitter.Node) -> tree_sitter.Node | None:
    """The expression of a body that is one `return <expr>` (after an optional docstring)."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    statements = [c for c in body.named_children if c.type != "comment"]
    if len(statements) == 2 and statements[0].type == "expression_statement":
        first = statements[0].named_children[0] if statements[0].named_children else None
        if first is not None and first.type == "string":
            statements = statements[1:]
    if len(statements) != 1 or statements[0].type != "return_statement":
        return None
    values = statements[0].named_children
    return values[0] if len(values) == 1 else None


def _helper_call(
    module: Module,
    name: str,
    positional: list[tree_sitter.Node],
    keywords: dict[str, tree_sitter.Node],
    depth: int,
    steps: set[str],
) -> Const | None:
    """`_n([111, 115])` where `_n` decodes its argument in one expression: the decoded text."""
    helper = _helpers(module).get(name)
    if helper is None or keywords or len(_BOUND) >= _MAX_HELPER_NESTING:
        return None
    parameters, body = helper
    if len(positional) != len(parameters) or not parameters:
        return None
    values: dict[str, Bound] = {}
    for parameter, argument in zip(parameters, positional, strict=True):
        value = _argument_value(module, argument, depth + 1, steps)
        if value is None:
            return None
        values[parameter] = value
    inner: set[str] = set()
    _BOUND.append(values)
    try:
        result = _fold(module, body, depth + 1, inner)
    finally:
        _BOUND.pop()
    if result is None or not inner & _HELPER_STEPS:
        return None
    steps.update(inner)
    return result


def _argument_value(
    module: Module, node: tree_sitter.Node, depth: int, steps: set[str]
) -> Bound | None:
    """A constant argument of a helper call: text, an integer, or a list of either."""
    if node.type == "identifier":
        bound = _bound(module, node)
        if bound is not None or depth > _MAX_DEPTH:
            return bound
        constant = module_constant(module, node)  # `_unmask(DATA, KEY)` with module constants
        return None if constant is None else _argument_value(module, constant, depth + 1, steps)
    if node.type in {"list", "tuple"}:
        items: list[int | str] = []
        for child in node.named_children:
            number = const_int(module, child)
            if number is not None:
                items.append(number)
                continue
            text = _fold(module, child, depth + 1, steps)
            if not isinstance(text, str):
                return None
            items.append(text)
        if len(items) > 100_000:
            return None
        return tuple(items)
    number = const_int(module, node)
    if number is not None:
        return number
    return _fold(module, node, depth + 1, steps)


# --------------------------------------------------------------------------------------------
# Decoders: bounded, data-only decoding with the standard library.


def _as_bytes(value: Const) -> bytes | None:
    if isinstance(value, bytes):
        return value
    try:
        return value.encode("ascii")
    except UnicodeEncodeError:
        return None


def _bounded(decompressor: Callable[[bytes, int], bytes], data: bytes) -> bytes | None:
    try:
        out = decompressor(data, MAX_DECODE_OUTPUT + 1)
    except (OSError, ValueError, EOFError, zlib.error, lzma.LZMAError):
        return None
    return out if len(out) <= MAX_DECODE_OUTPUT else None


def inflate(data: bytes, wbits: int = zlib.MAX_WBITS) -> bytes | None:
    """zlib/deflate/gzip decompression with an output limit (`wbits` as in `zlib`)."""
    try:
        return _bounded(zlib.decompressobj(wbits).decompress, data)
    except ValueError:
        return None


def unbzip2(data: bytes) -> bytes | None:
    return _bounded(bz2.BZ2Decompressor().decompress, data)


def unlzma(data: bytes) -> bytes | None:
    return _bounded(lzma.LZMADecompressor().decompress, data)


def _b64(data: bytes) -> bytes:
    return base64.b64decode(data)


_PLAIN_DECODERS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "base64.b64decode": (BASE64, _b64),
    "base64.standard_b64decode": (BASE64, _b64),
    "base64.decodebytes": (BASE64, base64.decodebytes),
    "base64.decodestring": (BASE64, base64.decodebytes),
    "base64.urlsafe_b64decode": (BASE64, base64.urlsafe_b64decode),
    "binascii.a2b_base64": (BASE64, binascii.a2b_base64),
    "base64.b32decode": (BASE32, base64.b32decode),
    "base64.b32hexdecode": (BASE32, base64.b32hexdecode),
    "base64.b16decode": (HEX, lambda d: base64.b16decode(d, casefold=True)),
    "base64.b85decode": (BASE85, base64.b85decode),
    "base64.a85decode": (BASE85, base64.a85decode),
    "binascii.unhexlify": (HEX, binascii.unhexlify),
    "binascii.a2b_hex": (HEX, binascii.a2b_hex),
    "bytes.fromhex": (HEX, lambda d: bytes.fromhex(d.decode("ascii"))),
    "bytearray.fromhex": (HEX, lambda d: bytes.fromhex(d.decode("ascii"))),
}


@dataclass(frozen=True)
class _Decoder:
    name: str


_DECODERS: dict[str, _Decoder] = {
    name: _Decoder(name)
    for name in (
        *_PLAIN_DECODERS,
        "zlib.decompress",
        "gzip.decompress",
        "bz2.decompress",
        "lzma.decompress",
        "codecs.decode",
        "codecs.encode",
    )
}
#: spellings that name a decoder even when the import table cannot say where they came from
_BARE_DECODERS = {
    name.rsplit(".", 1)[1]: decoder
    for name, decoder in _DECODERS.items()
    if name.rsplit(".", 1)[1] not in {"decompress", "decode", "encode", "fromhex"}
}

#: codecs.decode(x, "...") encodings, by normalised name
_CODEC_STEPS = {
    **dict.fromkeys(("rot13", "rot_13"), ROT13),
    **dict.fromkeys(("hex", "hex_codec"), HEX),
    **dict.fromkeys(("base64", "base64_codec", "base_64"), BASE64),
    **dict.fromkeys(("zlib", "zlib_codec", "zip"), ZLIB),
    **dict.fromkeys(("bz2", "bz2_codec"), BZ2),
}


def _decode_call(
    module: Module,
    decoder: _Decoder,
    positional: list[tree_sitter.Node],
    keywords: dict[str, tree_sitter.Node],
    depth: int,
    steps: set[str],
) -> Const | None:
    value = _fold(module, positional[0], depth + 1, steps)
    if value is None:
        return None
    option: Const | int | None = None
    option_node = positional[1] if len(positional) > 1 else None
    if decoder.name in {"codecs.decode", "codecs.encode"}:
        option_node = option_node or keywords.get("encoding")
        if option_node is None:
            return None
        option = _fold(module, option_node, depth + 1, steps)
    elif decoder.name == "zlib.decompress":
        option_node = option_node or keywords.get("wbits")
        if option_node is not None:
            option = const_int(module, option_node)
    if option_node is not None and option is None:
        return None
    return decode_value(decoder.name, value, option, steps)


def decode_value(
    name: str, value: Const, option: Const | int | None = None, steps: set[str] | None = None
) -> Const | None:
    """Apply the decoder called `name` (`base64.b64decode`, `zlib.decompress`, ...) to a constant.

    `option` is the encoding of `codecs.decode` or the `wbits` of `zlib.decompress`. Sizes are
    bounded; None when the name is not a decoder or the data does not decode.
    """
    steps = set() if steps is None else steps
    if len(value) > MAX_DECODE_INPUT:
        return None
    if name in {"codecs.decode", "codecs.encode"}:
        if not isinstance(option, str):
            return None
        return decode_with(value, option, steps, encode=name == "codecs.encode")
    data = _as_bytes(value)
    if data is None:
        return None
    plain = _PLAIN_DECODERS.get(name)
    if plain is not None:
        step, function = plain
        try:
            out = function(data)
        except (ValueError, binascii.Error, UnicodeError):
            return None
        steps.add(step)
        return out
    if name == "zlib.decompress":
        wbits = option if isinstance(option, int) else zlib.MAX_WBITS
        result, step = inflate(data, wbits), ZLIB
    elif name == "gzip.decompress":
        result, step = inflate(data, 31), GZIP
    elif name == "bz2.decompress":
        result, step = unbzip2(data), BZ2
    elif name == "lzma.decompress":
        result, step = unlzma(data), LZMA
    else:
        return None
    if result is not None:
        steps.add(step)
    return result


#: qualified names of the decoders `decode_value` knows
DECODER_NAMES = frozenset(
    (*_PLAIN_DECODERS, "zlib.decompress", "gzip.decompress", "bz2.decompress", "lzma.decompress")
)


def decode_with(value: Const, encoding: str, steps: set[str], encode: bool = False) -> Const | None:
    """`codecs.decode(value, encoding)` for the data codecs obfuscators use, bounded."""
    normal = encoding.strip().lower().replace("-", "_")
    if normal in {"rot13", "rot_13"}:
        if not isinstance(value, str):
            return None
        steps.add(ROT13)
        return codecs.decode(value, "rot13")
    if encode:
        return None
    step = _CODEC_STEPS.get(normal)
    if step is None:
        if isinstance(value, bytes) and _text_codec(encoding) is not None:
            try:
                return value.decode(encoding, "strict")
            except UnicodeError:
                return None
        return None
    data = _as_bytes(value)
    if data is None:
        return None
    out: bytes | None
    try:
        if step == HEX:
            out = binascii.a2b_hex(data)
        elif step == BASE64:
            out = base64.decodebytes(data)
        elif step == ZLIB:
            out = inflate(data)
        else:
            out = unbzip2(data)
    except (ValueError, binascii.Error):
        return None
    if out is not None:
        steps.add(step)
    return out

"""Trojan Source, invisible characters and lookalike identifiers (GH750-GH799, and GH001).

What a reviewer sees must be what Python runs. Bidirectional controls reorder the display of
code (CVE-2021-42574), zero-width and filler characters make different names look the same
or hide text altogether (tag characters and runs of variation selectors carry whole prompts
or payloads invisibly), lookalike letters from other scripts make `pаssword` a different
variable from `password`, and NFKC normalisation makes `𝐞𝐯𝐚𝐥` the builtin `eval`.

Cost: one `bytes.isascii()` per analysed range, which is all an ASCII file ever pays. Other
files get one compiled alternation over the UTF-8 encodings of the invisible characters and
one scan for non-ASCII runs, shared by every rule here; each match is classified in Python.
Legitimate text stays quiet: emoji sequences (ZWJ, variation selector 16, subdivision flags),
joiners between letters of scripts that need them, and bidi marks in right-to-left text.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import tree_sitter

from ..context import Context, TextMatch
from ..rule import Hit, Rule, TextRule
from ._common import Category, Confidence, Edit, Fix, RangeMemo, RuleMeta, Severity

# --------------------------------------------------------------------------- metadata

BIDI_CONTROL = RuleMeta(
    code="GH750",
    name="bidi-control-character",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(451,),
    message="bidirectional control character {chars} {where}: the code displays in a "
    "different order than Python reads it",
    why=(
        "Bidirectional overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069) "
        "reorder how an editor or a code review page displays the text around them, without "
        "changing what the interpreter reads. The Trojan Source attack (CVE-2021-42574) uses "
        "them to make a comment look like code, code look like a comment, or a string end "
        "where it does not, so the reviewed program and the executed one differ. Inside a "
        "string with right-to-left text, balanced controls are legitimate and not reported."
    ),
    example='if access_level != "user\u202e \u2066# Check if admin\u2069 \u2066":',
    fixed_example='if access_level != "user\\u202e \\u2066# Check if admin\\u2069 \\u2066":',
    fixable=True,
)
BIDI_MARK = RuleMeta(
    code="GH751",
    name="bidi-mark",
    category=Category.UNICODE,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(451,),
    message="invisible direction mark {chars} {where}",
    why=(
        "The left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C) are "
        "invisible and change how neighbouring punctuation and digits are displayed. They have "
        "a job in right-to-left prose; in code, in a comment or in a string without any "
        "right-to-left text they only make what is shown differ from what is there, and in "
        "code Python rejects them."
    ),
    example='SEPARATOR = "\u200f,"',
    fixed_example='SEPARATOR = "\\u200f,"',
    fixable=True,
)
ZERO_WIDTH = RuleMeta(
    code="GH752",
    name="zero-width-character",
    category=Category.UNICODE,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(451,),
    message="zero-width character {chars} {where}",
    why=(
        "Zero-width spaces, joiners, the word joiner, invisible operators and the Mongolian "
        "vowel separator take no room on screen. In a string they make two values that look "
        "identical compare unequal (an allow-list entry that never matches, a URL that is "
        "another URL); in an identifier they make two names look the same; anywhere they can "
        "hide content from a reviewer. Joiners inside emoji sequences and between letters of "
        "scripts that need them are legitimate and not reported."
    ),
    example='ALLOWED_HOSTS = ["api.example.com\u200b"]',
    fixed_example='ALLOWED_HOSTS = ["api.example.com"]',
    fixable=True,
)
BOM_INSIDE = RuleMeta(
    code="GH753",
    name="bom-inside-file",
    category=Category.UNICODE,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(451,),
    message="byte order mark (U+FEFF) {where}, past the start of the file",
    why=(
        "A byte order mark belongs only at the very start of a file. Anywhere else it is a "
        "zero-width no-break space: invisible, and enough to make a string or a name differ "
        "from what is shown. It usually arrives when files are concatenated or pasted, and "
        "occasionally on purpose."
    ),
    example='TOKEN_HEADER = "\ufeffAuthorization"',
    fixed_example='TOKEN_HEADER = "Authorization"',
    fixable=True,
)
TAG_CHARACTERS = RuleMeta(
    code="GH754",
    name="unicode-tag-characters",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(451, 1427),
    message="invisible Unicode tag characters {where} spell out hidden text: {hidden}",
    why=(
        "Tag characters (U+E0000-U+E007F) mirror ASCII but display as nothing. They are the "
        'standard way to smuggle instructions past a human into a language model ("ASCII '
        'smuggling"): a comment or prompt string that looks empty can tell an assistant to '
        "exfiltrate data or insert a backdoor, and the next model that reads the file obeys. "
        "The only legitimate use, subdivision flags such as England's, is not reported."
    ),
    example='SYSTEM_PROMPT = "You are a helpful assistant.\U000e0049\U000e0067\U000e006e"',
    fixed_example='SYSTEM_PROMPT = "You are a helpful assistant."',
    fixable=True,
)
SELECTOR_IN_IDENTIFIER = RuleMeta(
    code="GH755",
    name="variation-selector-in-identifier",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(1007,),
    message="identifier `{name}` contains invisible variation selectors",
    why=(
        "Variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) are combining marks, so Python "
        "accepts them inside identifiers, and they display as nothing: `eval\ufe00` is a "
        "different name from `eval` that looks exactly like it. Nothing legitimate needs "
        "one in a name."
    ),
    example="def eval\ufe00(expr):\n    return os.system(expr)",
    fixed_example="def eval_(expr):\n    return os.system(expr)",
    fixable=True,
)
SELECTOR_PAYLOAD = RuleMeta(
    code="GH756",
    name="variation-selector-payload",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(451, 506),
    message="invisible variation selectors {where} hide data ({count}{decoded})",
    why=(
        "One variation selector after an emoji or an ideograph picks its glyph. A run of "
        "them, or one after an ordinary character, displays as nothing and maps one-to-one "
        "to bytes: it is how payloads and prompts are hidden inside an innocent-looking emoji "
        "or string, then decoded and executed at run time."
    ),
    example='BANNER = "🙂\U000e0100\U000e0158\U000e0155\U000e015c"\nexec(decode(BANNER))',
    fixed_example='BANNER = "🙂"',
    fixable=True,
)
HANGUL_FILLER = RuleMeta(
    code="GH757",
    name="hangul-filler",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(1007,),
    message="invisible Hangul filler {chars} {where}",
    why=(
        "Hangul fillers (U+3164, U+115F, U+1160, U+FFA0) are letters to Python, so they form "
        "valid identifiers, and they render as blank space. `\u3164 = os.system` followed by "
        "`\u3164(cmd)` reads as an indented call of nothing. Outside Korean text they have no use."
    ),
    example="\u3164 = os.system\n\u3164(command)",
    fixed_example="run_command = os.system\nrun_command(command)",
    fixable=True,
)
MIXED_SCRIPT = RuleMeta(
    code="GH758",
    name="mixed-script-identifier",
    category=Category.UNICODE,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1007,),
    message="identifier `{name}` mixes Latin letters with lookalike {scripts} letters; "
    "it reads as `{skeleton}`",
    why=(
        "A Cyrillic `а` or a Greek `Ο` inside an otherwise Latin name is a homoglyph: the name "
        "looks like an ordinary word but is a different identifier, so a check, an assignment "
        "or an import can silently apply to something other than what the reviewer read. "
        "Names written entirely in one script, and Greek letters used as symbols in their own "
        "word (`σ_x`, `Δt`), are not reported."
    ),
    example="pаssword = request.form['password']  # the first `а` is Cyrillic",
    fixed_example="password = request.form['password']",
    fixable=True,
)
CONFUSABLE_COLLISION = RuleMeta(
    code="GH759",
    name="confusable-identifier",
    category=Category.UNICODE,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(1007,),
    message="identifier `{name}` is a lookalike of `{skeleton}` ({what}) but a different name",
    why=(
        "When a name built from lookalike letters collides with a real name (a builtin, an "
        "imported module or another variable in the file), the code shows one thing and does "
        "another: a look-alike `еval` can be a local function that runs shell commands, and a "
        "look-alike `is_admin` a variable that is always true. This is the pattern of a "
        "deliberate homoglyph backdoor."
    ),
    example="def іs_admin(user):  # Cyrillic і\n    return True",
    fixed_example="def is_admin(user):\n    return user.role == 'admin'",
)
NORMALIZED_IDENTIFIER = RuleMeta(
    code="GH001",
    name="normalized-identifier",
    category=Category.META,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1007,),
    message="identifier `{name}` is `{normalized}` to Python",
    why=(
        "CPython normalises identifiers with NFKC (PEP 3131), so mathematical letters, "
        "full-width forms and ligatures are other spellings of plain names: `𝐞𝐯𝐚𝐥(x)` calls "
        "the builtin `eval`, and `ｏｓ` is the `os` module. Such spellings defeat searches, "
        "grep-based reviews and simple linters, which is their only use in code."
    ),
    example="𝐞𝐯𝐚𝐥(payload)",
    fixed_example="eval(payload)",
    fixable=True,
)

# --------------------------------------------------------------------------- character tables

_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_ISOLATE_OPENERS = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MARKS = frozenset("\u200e\u200f\u061c")
_ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u180e\u034f"
    "\u206a\u206b\u206c\u206d\u206e\u206f"
)
_FILLERS = frozenset("\u3164\u115f\u1160\uffa0")
_JOINERS = frozenset("\u200c\u200d")

#: the UTF-8 encodings of every character above, plus U+FEFF, tags and variation selectors;
#: searched only inside runs of non-ASCII bytes
_INVISIBLE = re.compile(
    rb"(?:\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xaf]|\xd8\x9c|\xe1\xa0\x8e"
    rb"|\xcd\x8f|\xef\xbb\xbf|\xef\xb8[\x80-\x8f]|\xf3\xa0[\x80\x81\x84-\x87][\x80-\xbf]"
    rb"|\xe3\x85\xa4|\xe1\x85[\x9f\xa0]|\xef\xbe\xa0)+"
)
#: a run of non-ASCII characters; starting with a character class keeps `re` scanning fast
_NON_ASCII = re.compile(rb"[\xc2-\xf4][\x80-\xff]*")


def _kind(char: str) -> str:
    code = ord(char)
    if char in _BIDI:
        return "bidi"
    if char in _MARKS:
        return "mark"
    if char in _ZERO_WIDTH:
        return "zero-width"
    if char == "\ufeff":
        return "bom"
    if 0xE0000 <= code <= 0xE007F:
        return "tag"
    if char in _FILLERS:
        return "filler"
    return "selector"


def _describe(chars: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 ...` for the first distinct characters."""
    distinct = list(dict.fromkeys(chars))
    names = [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED').title()}" for c in distinct[:3]]
    return ", ".join(names) + (", ..." if len(distinct) > 3 else "")


#: letters from other scripts that are drawn like a Latin letter, and that letter
_LOOKALIKES = {
    **dict(zip("аеорсухѕіјԁһӏԛԝү", "aeopcyxsijdhlqwy", strict=True)),
    **dict(zip("АВЕКМНОРСТХЅІЈҮԚԜ", "ABEKMHOPCTXSIJYQW", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲ", "ABEZHIKMNOPTYXoc", strict=True)),
    **dict(zip("օսհոՕ", "ouhnO", strict=True)),
}
#: Latin letters that are drawn like another Latin letter: same script, still a lookalike
_LATIN_LOOKALIKES = dict(zip("ıɑɡȷʟꞮ", "iaglLI", strict=True))
_SCRIPT_NAMES = {"CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARMENIAN": "Armenian"}
_BUILTINS = frozenset(dir(builtins))

# --------------------------------------------------------------------------- the shared scan

_WHOLE_RANGE = re.compile(rb"(?s).+")


@dataclass(frozen=True)
class _Place:
    """Where a character sits: in an identifier, a string, a comment or bare code."""

    kind: str
    node: tree_sitter.Node

    @property
    def where(self) -> str:
        return {
            "identifier": "in an identifier",
            "string": "in a string",
            "comment": "in a comment",
        }.get(self.kind, "in code")


@dataclass(frozen=True)
class _Run:
    """Consecutive invisible characters of one kind."""

    start: int
    end: int
    kind: str
    chars: str
    place: _Place
    #: the visible characters just before and after the run ("" at the edges)
    before: str
    after: str


@dataclass
class _Scan:
    runs: list[_Run] = field(default_factory=list)
    #: identifier nodes that contain non-ASCII characters, by start byte
    identifiers: dict[int, tree_sitter.Node] = field(default_factory=dict)


_EMPTY = _Scan()


def _scan(ctx: Context, start: int, end: int) -> _Scan:
    """Invisible characters and non-ASCII identifiers, found run by run of non-ASCII text.

    The invisible-character alternation is slow to search for, so it only runs inside the
    non-ASCII runs that the fast scan finds; only runs that could belong to an identifier
    cost a tree lookup.
    """
    source = ctx.source
    if source[start:end].isascii():
        return _EMPTY
    scan = _Scan()
    for run in _NON_ASCII.finditer(source, start, end):
        run_start, run_end = run.span()
        for match in _INVISIBLE.finditer(source, run_start, run_end):
            scan.runs.extend(_runs(ctx, match.start(), match.end()))
        if ("a" + run.group().decode("utf-8", "replace")).isidentifier():
            node = ctx.node_at(run_start, run_end)
            if node.type == "identifier":
                scan.identifiers.setdefault(node.start_byte, node)
    return scan


def _runs(ctx: Context, start: int, end: int) -> Iterator[_Run]:
    source = ctx.source
    text = source[start:end].decode("utf-8")
    before = _char_before(source, start)
    after = _char_after(source, end)
    offset = start
    index = 0
    while index < len(text):
        kind = _kind(text[index])
        stop = index + 1
        while stop < len(text) and _kind(text[stop]) == kind:
            stop += 1
        chars = text[index:stop]
        size = len(chars.encode("utf-8"))
        place = _place(ctx, offset, offset + size)
        yield _Run(offset, offset + size, kind, chars, place, before, after)
        offset += size
        index = stop


def _char_before(source: bytes, offset: int) -> str:
    begin = offset - 1
    while begin > 0 and offset - begin < 4 and (source[begin] & 0xC0) == 0x80:
        begin -= 1
    return source[max(begin, 0) : offset].decode("utf-8", "replace") if offset > 0 else ""


def _char_after(source: bytes, offset: int) -> str:
    return source[offset : offset + 4].decode("utf-8", "ignore")[:1]


def _place(ctx: Context, start: int, end: int) -> _Place:
    node: tree_sitter.Node | None = ctx.node_at(start, end)
    current = node
    while current is not None:
        if current.type == "comment":
            return _Place("comment", current)
        if current.type == "string":
            return _Place("string", current)
        if current.type == "identifier":
            return _Place("identifier", current)
        if current.type in {"interpolation", "block", "module", "expression_statement"}:
            break
        current = current.parent
    assert node is not None
    return _Place("code", node)


_SCANS = RangeMemo(_scan)

# --------------------------------------------------------------------------- legitimate text


def _is_rtl(char: str) -> bool:
    """A right-to-left letter (the marks and controls themselves do not count)."""
    return unicodedata.bidirectional(char) in {"R", "AL"} and unicodedata.category(char)[0] == "L"


def _text(ctx: Context, node: tree_sitter.Node) -> str:
    return ctx.source[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _balanced(text: str) -> bool:
    """Every embedding, override and isolate in the text is closed, innermost first."""
    stack: list[str] = []
    for char in text:
        if char in _BIDI_OPENERS or char in _ISOLATE_OPENERS:
            stack.append(_BIDI_OPENERS.get(char) or _ISOLATE_OPENERS[char])
        elif char in {"\u202c", "\u2069"} and (not stack or stack.pop() != char):
            return False
    return not stack


def _is_textual(char: str) -> bool:
    """A letter, mark, symbol or digit outside ASCII: the neighbour of a legitimate joiner."""
    return bool(char) and not char.isascii() and unicodedata.category(char)[0] in "LMSN"


def _legit_joiners(run: _Run) -> bool:
    """ZWJ/ZWNJ inside emoji sequences or between letters of scripts that use them."""
    return (
        all(c in _JOINERS for c in run.chars)
        and (_is_textual(run.before.rstrip("\ufe0f")) or run.before in {"\ufe0f", "\ufe0e"})
        and _is_textual(run.after)
    )


def _legit_selector(run: _Run) -> bool:
    """One selector after an emoji, symbol or ideograph (or a keycap base) picks a glyph.

    Next to a `-`, selectors are the ends of ranges in a regular expression's character
    class, as in generated identifier tables.
    """
    if len(run.chars) <= 2 and "-" in {run.before, run.after}:
        return True
    if len(run.chars) != 1:
        return False
    if run.before in set("0123456789#*") and run.after == "\u20e3":
        return True
    return _is_textual(run.before)


def _is_subdivision_flag(run: _Run) -> bool:
    """🏴 + lower-case tag letters/digits + CANCEL TAG: England, Scotland, Wales."""
    body, cancel = run.chars[:-1], run.chars[-1:]
    return (
        run.before == "\U0001f3f4"
        and cancel == "\U000e007f"
        and all(0xE0030 <= ord(c) <= 0xE0039 or 0xE0061 <= ord(c) <= 0xE007A for c in body)
    )


def _hidden_text(chars: str) -> str:
    """The ASCII that tag characters mirror, shortened and made safe for a message."""
    text = "".join(chr(ord(c) - 0xE0000) for c in chars if 0xE0020 <= ord(c) <= 0xE007E)
    text = text.replace("`", "'")
    return f"`{text[:80]}{'...' if len(text) > 80 else ''}`" if text else "(no printable text)"


def _is_korean(text: str) -> bool:
    return any(0xAC00 <= ord(c) <= 0xD7A3 or 0x1100 <= ord(c) <= 0x115E for c in text)


# --------------------------------------------------------------------------- fixes


def _escape(chars: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in chars)


def _string_prefix(ctx: Context, string: tree_sitter.Node) -> str:
    opening = string.children[0] if string.children else None
    if opening is None or opening.type != "string_start":
        return ""
    return ctx.text(opening).rstrip("\"'").lower()


def _removal(ctx: Context, place: _Place, runs: list[_Run]) -> Fix | None:
    """Comments and code: delete. Strings: escape, which keeps the value and shows it.

    Identifiers are renamed everywhere in the file, since deleting characters from one
    occurrence would make it a different name from the others.
    """
    if place.kind == "identifier":
        return _rename_fix(ctx, place.node, _strip_invisible)
    if place.kind == "string":
        prefix = _string_prefix(ctx, place.node)
        if "b" in prefix:
            return None
        if "r" not in prefix:
            edits = tuple(Edit(r.start, r.end, _escape(r.chars)) for r in runs)
            return Fix("Replace the invisible characters with escapes", edits)
    edits = tuple(Edit(r.start, r.end, "") for r in runs)
    return Fix("Delete the invisible characters", edits, safe=place.kind != "string")


def _strip_invisible(name: str) -> str:
    kept = "".join(c for c in name if not _INVISIBLE.fullmatch(c.encode("utf-8")))
    return kept if kept.isidentifier() and not keyword.iskeyword(kept) else "invisible_name"


def _occurrences(ctx: Context, node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """Every identifier in the module spelled exactly like `node`."""
    spelling = ctx.source[node.start_byte : node.end_byte]
    found: list[tree_sitter.Node] = []
    at = ctx.source.find(spelling)
    while at >= 0:
        if _identifier_at(ctx, at, at + len(spelling)):
            found.append(ctx.node_at(at, at + len(spelling)))
        at = ctx.source.find(spelling, at + len(spelling))
    return found or [node]


def _identifier_at(ctx: Context, start: int, end: int) -> bool:
    node = ctx.node_at(start, end)
    return node.type == "identifier" and node.start_byte == start and node.end_byte == end


def _rename_fix(ctx: Context, node: tree_sitter.Node, rename: Callable[[str], str]) -> Fix | None:
    """Rename every occurrence in the file: the only rename that keeps the module working."""
    old = ctx.text(node)
    new = rename(old)
    if new == old:
        return None
    edits = tuple(Edit(n.start_byte, n.end_byte, new) for n in _occurrences(ctx, node))
    return Fix(f"Rename to `{new}` throughout the file", edits, safe=False)


# --------------------------------------------------------------------------- invisible characters

#: is this run legitimate text? (the rule stays quiet)
Legit = Callable[[Context, _Run], bool]
#: extra message arguments for the runs of one place
Describe = Callable[[Context, _Place, list[_Run]], dict[str, str]]


def _chars(ctx: Context, place: _Place, runs: list[_Run]) -> dict[str, str]:
    return {"chars": _describe("".join(r.chars for r in runs))}


def _invisible_rule(
    meta: RuleMeta, kind: str, legit: Legit, describe: Describe = _chars
) -> TextRule:
    """One finding per string, comment or identifier holding suspicious runs of `kind`."""

    def check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
        places: dict[tuple[str, int, int], list[_Run]] = {}
        for run in _SCANS.get(ctx, match.start, match.end).runs:
            if run.kind == kind and not legit(ctx, run):
                node = run.place.node
                places.setdefault((run.place.kind, node.start_byte, node.end_byte), []).append(run)
        for runs in places.values():
            place = runs[0].place
            args = {"where": place.where, **describe(ctx, place, runs)}
            yield Hit(runs[0].start, runs[-1].end, args, _removal(ctx, place, runs))

    return TextRule(meta, _WHOLE_RANGE, check)


def _in_text(run: _Run) -> bool:
    return run.place.kind in {"string", "comment"}


def _bidi_legit(ctx: Context, run: _Run) -> bool:
    """Balanced controls inside a string of right-to-left text."""
    if run.place.kind != "string":
        return False
    text = _text(ctx, run.place.node)
    return _balanced(text) and any(_is_rtl(c) for c in text)


def _mark_legit(ctx: Context, run: _Run) -> bool:
    return _in_text(run) and any(_is_rtl(c) for c in _text(ctx, run.place.node))


def _zero_width_legit(ctx: Context, run: _Run) -> bool:
    return _in_text(run) and (_legit_joiners(run) or run.chars == "\u034f")


def _bom_legit(ctx: Context, run: _Run) -> bool:
    return run.start == 0 and len(run.chars) == 1


def _tag_legit(ctx: Context, run: _Run) -> bool:
    return _in_text(run) and _is_subdivision_flag(run)


def _hidden(ctx: Context, place: _Place, runs: list[_Run]) -> dict[str, str]:
    return {"hidden": _hidden_text("".join(r.chars for r in runs))}


def _selector_legit_in_name(ctx: Context, run: _Run) -> bool:
    return run.place.kind != "identifier"


def _selector_name(ctx: Context, place: _Place, runs: list[_Run]) -> dict[str, str]:
    return {"name": _visible(_text(ctx, place.node))}


def _payload_legit(ctx: Context, run: _Run) -> bool:
    """Selectors that pick a glyph; identifiers are GH755's."""
    return run.place.kind == "identifier" or (_in_text(run) and _legit_selector(run))


def _payload(ctx: Context, place: _Place, runs: list[_Run]) -> dict[str, str]:
    chars = "".join(r.chars for r in runs)
    count = f"{len(chars)} character{'s' if len(chars) > 1 else ''}"
    return {"count": count, "decoded": _decoded_selectors(chars)}


def _decoded_selectors(chars: str) -> str:
    """The bytes a run of selectors stands for (VS1-16 are 0-15, VS17-256 are 16-255)."""
    data = bytes(ord(c) - 0xFE00 if ord(c) <= 0xFE0F else ord(c) - 0xE0100 + 16 for c in chars)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if len(text) < 2 or not text.isprintable():
        return ""
    text = text.replace("`", "'")
    return f" that decode to `{text[:80]}{'...' if len(text) > 80 else ''}`"


def _filler_legit(ctx: Context, run: _Run) -> bool:
    return _in_text(run) and _is_korean(_text(ctx, run.place.node))


def _visible(name: str) -> str:
    """A name for a message: invisible characters spelled as escapes."""
    return "".join(_escape(c) if _INVISIBLE.fullmatch(c.encode("utf-8")) else c for c in name)[:80]


# --------------------------------------------------------------------------- identifiers


def _identifiers(
    check: Callable[[Context, tree_sitter.Node], Iterator[Hit]],
) -> Callable[[Context, TextMatch], Iterator[Hit]]:
    def identifier_check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
        for node in _SCANS.get(ctx, match.start, match.end).identifiers.values():
            if not _INVISIBLE.search(ctx.source, node.start_byte, node.end_byte):
                yield from check(ctx, node)

    return identifier_check


def _normalized(ctx: Context, node: tree_sitter.Node) -> Iterator[Hit]:
    spelling = ctx.text(node)
    normalized = unicodedata.normalize("NFKC", spelling)
    if normalized == spelling:
        return
    fix = None
    if normalized.isidentifier() and not keyword.iskeyword(normalized):
        fix = Fix(f"Spell it `{normalized}`", (Edit(node.start_byte, node.end_byte, normalized),))
    yield Hit.at(node, fix=fix, name=spelling, normalized=normalized)


def _skeleton(name: str) -> str:
    return "".join(_LOOKALIKES.get(c) or _LATIN_LOOKALIKES.get(c) or c for c in name)


def _lookalike_scripts(name: str) -> list[str]:
    """Scripts of lookalike letters mixed into Latin words of the name (`pаss_word`)."""
    scripts: list[str] = []
    for word in re.split(r"[_0-9]+", name):
        foreign = [c for c in word if not c.isascii()]
        if not foreign or not any(c.isascii() and c.isalpha() for c in word):
            continue
        if all(c in _LOOKALIKES for c in foreign):
            for char in foreign:
                script = _SCRIPT_NAMES.get(unicodedata.name(char, "").split(" ")[0], "other")
                if script not in scripts:
                    scripts.append(script)
    return scripts


def _collision(ctx: Context, node: tree_sitter.Node, skeleton: str) -> str | None:
    """What a lookalike's skeleton names already: a builtin, an import or another variable."""
    if skeleton in ctx.imports.bindings:
        return "an imported name"
    if skeleton in _BUILTINS:
        return "a builtin"
    spelling = skeleton.encode("ascii")
    at = ctx.source.find(spelling)
    while at >= 0:
        other = ctx.node_at(at, at + len(spelling))
        if (
            other.type == "identifier"
            and other.start_byte == at
            and other.end_byte == at + len(spelling)
        ):
            return f"used on line {ctx.module.lines.line_of(at) + 1}"
        at = ctx.source.find(spelling, at + 1)
    return None


def _lookalike(ctx: Context, node: tree_sitter.Node) -> tuple[str, str, str | None] | None:
    """(normalised name, skeleton, collision) for identifiers with lookalike letters."""
    name = unicodedata.normalize("NFKC", ctx.text(node))
    skeleton = _skeleton(name)
    if skeleton == name or not skeleton.isascii() or not skeleton.isidentifier():
        return None
    return name, skeleton, _collision(ctx, node, skeleton)


def _mixed_script(ctx: Context, node: tree_sitter.Node) -> Iterator[Hit]:
    found = _lookalike(ctx, node)
    if found is None or found[2] is not None:
        return
    name, skeleton, _ = found
    scripts = _lookalike_scripts(name)
    if not scripts:
        return
    fix = _rename_fix(ctx, node, lambda _: skeleton)
    yield Hit.at(node, fix=fix, name=ctx.text(node), scripts="/".join(scripts), skeleton=skeleton)


def _confusable(ctx: Context, node: tree_sitter.Node) -> Iterator[Hit]:
    found = _lookalike(ctx, node)
    if found is None or found[2] is None:
        return
    _, skeleton, what = found
    assert what is not None
    yield Hit.at(node, name=ctx.text(node), skeleton=skeleton, what=what)


# --------------------------------------------------------------------------- catalogue


def _rule(meta: RuleMeta, check: Callable[[Context, TextMatch], Iterator[Hit]]) -> TextRule:
    return TextRule(meta, _WHOLE_RANGE, check)


RULES: list[Rule] = [
    _rule(NORMALIZED_IDENTIFIER, _identifiers(_normalized)),
    _invisible_rule(BIDI_CONTROL, "bidi", _bidi_legit),
    _invisible_rule(BIDI_MARK, "mark", _mark_legit),
    _invisible_rule(ZERO_WIDTH, "zero-width", _zero_width_legit),
    _invisible_rule(BOM_INSIDE, "bom", _bom_legit),
    _invisible_rule(TAG_CHARACTERS, "tag", _tag_legit, _hidden),
    _invisible_rule(SELECTOR_IN_IDENTIFIER, "selector", _selector_legit_in_name, _selector_name),
    _invisible_rule(SELECTOR_PAYLOAD, "selector", _payload_legit, _payload),
    _invisible_rule(HANGUL_FILLER, "filler", _filler_legit),
    _rule(MIXED_SCRIPT, _identifiers(_mixed_script)),
    _rule(CONFUSABLE_COLLISION, _identifiers(_confusable)),
]

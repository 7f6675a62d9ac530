"""Dependency trust: hallucinated and typosquatted packages in imports, installs and manifests.

About one package name in five that code models invent does not exist, and attackers register
the popular inventions. A name is vouched for by the standard library, the project itself, its
manifests, its interpreter, the user's `knownPackages` or gifthorse's table of established
distributions (analyzers/dependencies); anything else in fresh code deserves a look, and a
name one trick away from a well-known one deserves a hard look.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache

import tree_sitter

from ..config import Settings
from ..context import CallSite, Context, TextMatch
from ..dependencies.known import module_to_distribution, normalize
from ..dependencies.manifests import Requirement, parse_manifest, parse_requirement
from ..dependencies.similarity import lookalike
from ..dependencies.trust import Trust
from ..model import Finding
from ..names import identifier
from ..rule import CallRule, Hit, NodeRule, TextRule
from ..source import LineIndex
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RuleMeta,
    Severity,
    assigned_values,
    loop_iterable,
)

_VERIFY = "verify it exists and is the one you mean before installing"

UNVOUCHED_IMPORT = RuleMeta(
    code="GH950",
    name="unvouched-import",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(829, 1357),
    message="`{name}` is not installed, not declared and not a known package: "
    f"possibly a hallucinated package — {_VERIFY}",
    why=(
        "Code models invent package names: about a fifth of the packages they reference do "
        "not exist, and many invented names recur every time the same question is asked. "
        "Attackers register those names on the package index with malicious install hooks "
        '("slopsquatting"), so the first `pip install` of an invented dependency can run '
        "their code. An import that nothing vouches for — not the standard library, not the "
        "project, not its manifests or interpreter — must be checked before it is installed."
    ),
    example="import fastapi_auth_helpers\n\napp.add_middleware(fastapi_auth_helpers.JWT)",
    fixed_example=(
        "# a real, declared dependency\nfrom fastapi.security import OAuth2PasswordBearer"
    ),
)
TYPOSQUAT_IMPORT = RuleMeta(
    code="GH951",
    name="typosquat-import",
    category=Category.DEPENDENCIES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(829, 1357),
    message="`{name}` looks like `{target}` ({trick}): possibly a typosquatted package",
    why=(
        "Typosquatting packages take the name of a popular one with a typo, a swapped "
        "separator, a `python-`/`py` affix or look-alike characters, and ship the real "
        "package's code plus a payload. A model that misspells an import, or an attacker who "
        "slips one in, leads the next `pip install` to the impostor. The name was vouched for "
        "by nothing and is one trick away from a well-known package."
    ),
    example="import reqeusts\n\nreqeusts.get(url)",
    fixed_example="import requests\n\nrequests.get(url)",
    fixable=True,
)
UNVOUCHED_INSTALL = RuleMeta(
    code="GH952",
    name="unvouched-install",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(829, 494),
    message="installs `{name}`, which is not declared, not installed and not a known package: "
    f"possibly a hallucinated package — {_VERIFY}",
    why=(
        "Code that runs `pip install` at run time installs whatever the name resolves to on "
        "the index today, including install hooks that execute immediately. When the name is "
        "neither declared by the project nor a known distribution, it may be a name a model "
        "invented and an attacker registered."
    ),
    example='subprocess.check_call([sys.executable, "-m", "pip", "install", "pdf-text-utils"])',
    fixed_example="# declare the dependency in pyproject.toml and install it with the project",
)
TYPOSQUAT_INSTALL = RuleMeta(
    code="GH953",
    name="typosquat-install",
    category=Category.DEPENDENCIES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(829, 494),
    message="installs `{name}`, which looks like `{target}` ({trick}): possibly a typosquat",
    why=(
        "An install command naming a package one typo or affix away from a popular one is "
        "the classic typosquatting trap: the impostor runs its setup code as soon as it is "
        "installed, with the privileges of whoever ran the program."
    ),
    example='os.system("pip install colourama")',
    fixed_example='os.system("pip install colorama")',
    fixable=True,
)
UNVOUCHED_REQUIREMENT = RuleMeta(
    code="GH954",
    name="unvouched-requirement",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(829, 1357),
    message="`{name}` is not installed and not a known package: possibly a hallucinated "
    f"package — {_VERIFY}",
    why=(
        "A dependency added to a manifest is installed by every developer and every CI run. "
        "When the name is neither installed in the project's interpreter nor a known "
        "distribution, it may have been invented by a model and registered by an attacker."
    ),
    example='dependencies = ["flask", "flask-jwt-simple-auth"]',
    fixed_example='dependencies = ["flask", "flask-jwt-extended"]',
)
TYPOSQUAT_REQUIREMENT = RuleMeta(
    code="GH955",
    name="typosquat-requirement",
    category=Category.DEPENDENCIES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(829, 1357),
    message="`{name}` looks like `{target}` ({trick}): possibly a typosquatted package",
    why=(
        "A manifest entry one typo, separator or affix away from a popular distribution "
        "installs the impostor for everyone who installs the project."
    ),
    example="reqeusts==2.31.0",
    fixed_example="requests==2.31.0",
    fixable=True,
)
DIRECT_URL = RuleMeta(
    code="GH956",
    name="direct-url-dependency",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(829, 494),
    message="dependency installed from a URL or VCS link instead of the package index",
    why=(
        "A direct URL or VCS link bypasses the index, its yanking and its malware scanning, "
        "and usually pins nothing: whoever controls the URL or the branch controls the code "
        "that every install receives, and no hash check applies."
    ),
    example="mylib @ https://files.example.net/mylib-latest.whl",
    fixed_example="mylib==1.4.2",
)
UNPINNED = RuleMeta(
    code="GH957",
    name="unpinned-requirement",
    category=Category.DEPENDENCIES,
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    cwe=(1357,),
    message="`{name}` is not pinned in a file that pins every other requirement",
    why=(
        "A requirements file that pins every dependency promises reproducible installs; one "
        "unpinned entry breaks that promise and takes whatever version is newest, including a "
        "compromised release uploaded after review."
    ),
    example="requests==2.31.0\nurllib3",
    fixed_example="requests==2.31.0\nurllib3==2.2.1",
)
EXTRA_INDEX = RuleMeta(
    code="GH958",
    name="extra-index-url",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(427, 829),
    message="`{option}` adds or replaces the package index: dependency-confusion risk",
    why=(
        "With `--extra-index-url`, pip picks the highest version of a name from any index, so "
        "a public package with the same name as an internal one wins (dependency confusion); "
        "`--index-url` points every install at another server. Either hands the choice of code "
        "to whoever controls that index."
    ),
    example="--extra-index-url https://pypi.internal.example/simple\ncompany-utils",
    fixed_example=(
        "# configure one trusted index in pip.conf, and pin with hashes\ncompany-utils==2.1.0"
    ),
)
NOT_ON_INDEX = RuleMeta(
    code="GH959",
    name="package-not-on-index",
    category=Category.DEPENDENCIES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(829, 1357),
    message="`{name}` does not exist on the package index ({index}): a hallucinated name",
    why=(
        "The online check (setting `indexUrl`, CLI `--check-index`) asked the package index "
        "and it has no such project. Code that imports or installs it cannot work, and the "
        "name is free for an attacker to register."
    ),
    example="import pandas_profiling_extras",
    fixed_example="import ydata_profiling",
)
BRAND_NEW = RuleMeta(
    code="GH960",
    name="package-brand-new",
    category=Category.DEPENDENCIES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(829, 1357),
    message="`{name}` is {age} on the package index: check who published it before installing",
    why=(
        "Slopsquatting packages are registered shortly after a model starts inventing a name; "
        "a project first uploaded days ago, or with a single release, has no track record and "
        "is exactly what such an attack looks like."
    ),
    example="import fresh_ai_helpers  # first uploaded 3 days ago, 1 release",
    fixed_example="# an established package with a history of releases",
)

META_BY_CODE = {
    m.code: m
    for m in (
        UNVOUCHED_IMPORT,
        TYPOSQUAT_IMPORT,
        UNVOUCHED_INSTALL,
        TYPOSQUAT_INSTALL,
        UNVOUCHED_REQUIREMENT,
        TYPOSQUAT_REQUIREMENT,
        DIRECT_URL,
        UNPINNED,
        EXTRA_INDEX,
        NOT_ON_INDEX,
        BRAND_NEW,
    )
}


@cache
def _default_trust(known: tuple[str, ...]) -> Trust:
    return Trust.create(known_packages=frozenset(known))


def trust_of(ctx_trust: Trust | None, settings: Settings) -> Trust:
    if ctx_trust is not None:
        return ctx_trust
    return _default_trust(settings.knownPackages)


# --- imports -------------------------------------------------------------------------------

_IMPORTS = frozenset({"import_statement", "import_from_statement"})
_OPTIONAL_ERRORS = re.compile(r"\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b")
#: conditions under which an import targets another interpreter, platform or version
_GUARD = re.compile(
    r"TYPE_CHECKING|version_info|sys\.version|sys\.platform|platform\.|os\.name|PY[23]|"
    r"PYPY|IS_PYPY|implementation|WINDOWS|IS_WIN|_PLUS\b|emscripten|pyodide|sys\.modules"
)


def _optional(node: tree_sitter.Node, ctx: Context) -> bool:
    """Imports that may legitimately fail: inside `try` (or its `except ImportError`
    fallback), or under `if TYPE_CHECKING:`, version, platform or implementation checks."""
    current = node
    parent = current.parent
    while parent is not None:
        if parent.type == "try_statement" and parent.child_by_field_name("body") == current:
            for clause in parent.named_children:
                if clause.type == "except_clause":
                    text = ctx.text(clause).split(":", 1)[0]
                    if text.strip() == "except" or _OPTIONAL_ERRORS.search(text):
                        return True
        if parent.type == "except_clause":
            header = ctx.text(parent).split(":", 1)[0]
            if header.strip() == "except" or _OPTIONAL_ERRORS.search(header):
                return True
        if parent.type in {"if_statement", "elif_clause", "else_clause"}:
            branch = parent if parent.type != "else_clause" else parent.parent
            condition = None if branch is None else branch.child_by_field_name("condition")
            if condition is not None and _GUARD.search(ctx.text(condition)):
                return True
        if parent.type == "module":
            return False
        current, parent = parent, parent.parent
    return False


def _imported_tops(statement: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """The first identifier of each absolute module an import statement names."""
    if statement.type == "import_statement":
        for child in statement.named_children:
            target = child.child_by_field_name("name") if child.type == "aliased_import" else child
            if target is not None and target.type == "dotted_name" and target.named_children:
                yield target.named_children[0]
    elif statement.type == "import_from_statement":
        source = statement.child_by_field_name("module_name")
        if source is not None and source.type == "dotted_name" and source.named_children:
            yield source.named_children[0]


def _check_module(
    ctx: Context, name: str, node: tree_sitter.Node, in_string: bool
) -> Iterator[Hit]:
    trust = trust_of(ctx.trust, ctx.settings)
    if trust.vouch_module(name, ctx.module.path) is not None:
        return
    found = lookalike(name, trust.module_targets)
    if found is not None:
        start = node.start_byte
        end = node.end_byte
        if in_string:
            inner = ctx.source[start:end].find(name.encode())
            start, end = start + inner, start + inner + len(name.encode())
        fix = Fix(
            f"Replace `{name}` with `{found.target}`", (Edit(start, end, found.target),), safe=False
        )
        yield Hit(start, end, {"name": name, "target": found.target, "trick": found.trick}, fix)
    else:
        yield Hit(node.start_byte, node.end_byte, {"name": name})


def _check_imports(ctx: Context, node: tree_sitter.Node, typosquat: bool) -> Iterator[Hit]:
    if _optional(node, ctx):
        return
    for top in _imported_tops(node):
        for hit in _check_module(ctx, identifier(ctx.module, top), top, in_string=False):
            if ("target" in hit.args) == typosquat:
                yield hit


def _check_dynamic(ctx: Context, site: CallSite, typosquat: bool) -> Iterator[Hit]:
    argument = site.arg(0, "name")
    if argument is None or argument.type != "string" or _optional(site.node, ctx):
        return
    value = ctx.const(argument)
    if not isinstance(value, str) or not value or value.startswith("."):
        return
    for hit in _check_module(ctx, value.split(".")[0], argument, in_string=True):
        if ("target" in hit.args) == typosquat:
            yield hit


# --- install commands ----------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    text: str | None
    start: int
    end: int
    #: False when the text comes from elsewhere (`*REQUIRED`, a loop over a constant list):
    #: the token then spans the expression that stands for it and offers no fix
    exact: bool = True


_PIP = re.compile(r"^(?:.*/)?pip(?:3(?:\.\d+)?)?$")
_VALUE_OPTIONS = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--python",
        "--trusted-host",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--src",
        "--cache-dir",
        "--log",
        "--proxy",
        "--cert",
        "--client-cert",
        "--timeout",
        "--retries",
        "--progress-bar",
        "--no-binary",
        "--only-binary",
        "--upgrade-strategy",
        "-i",
        "--index-url",
        "--extra-index-url",
    }
)
_INDEX_FLAGS = frozenset({"-i", "--index-url", "--extra-index-url"})
_SHELL_BREAK = re.compile(r"^(?:&&|\|\||;|\||&)$")


def _string_tokens(ctx: Context, node: tree_sitter.Node, value: str) -> list[Token]:
    """Split a constant command string like a shell, keeping each word's byte offsets."""
    raw = ctx.source[node.start_byte : node.end_byte]
    tokens: list[Token] = []
    try:
        words = shlex.split(value, comments=False)
    except ValueError:
        words = value.split()
    cursor = 0
    for word in words:
        for piece in re.split(r"(&&|\|\||;)", word):
            if not piece:
                continue
            at = raw.find(piece.encode(), cursor)
            if at < 0:
                tokens.append(Token(piece, node.start_byte, node.end_byte))
                continue
            cursor = at + len(piece.encode())
            tokens.append(Token(piece, node.start_byte + at, node.start_byte + cursor))
    return tokens


def _command_tokens(ctx: Context, node: tree_sitter.Node) -> list[Token] | None:
    if node.type in {"list", "tuple"}:
        tokens = []
        for element in node.named_children:
            expanded = _expanded(ctx, element)
            if expanded is not None:
                tokens.extend(expanded)
                continue
            value = ctx.const(element)
            if isinstance(value, str) and element.type == "string":
                inner = ctx.source[element.start_byte : element.end_byte].find(value.encode())
                if inner >= 0:
                    start = element.start_byte + inner
                    tokens.append(Token(value, start, start + len(value.encode())))
                    continue
            tokens.append(
                Token(
                    value if isinstance(value, str) else None, element.start_byte, element.end_byte
                )
            )
        return tokens
    value = ctx.const(node)
    if isinstance(value, str):
        return _string_tokens(ctx, node, value)
    if node.type == "binary_operator":  # `[sys.executable, "-m", "pip", "install"] + PACKAGES`
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or operator.type != "+" or left is None or right is None:
            return None
        if left.type not in _STRINGS and right.type not in _STRINGS:
            first = _command_tokens(ctx, left)
            second = _command_tokens(ctx, right)
            if first is not None and second is not None:
                return first + second
    if node.type in {"identifier", "call"}:
        values = constant_strings(ctx, node)
        if values is not None:
            return [Token(v, node.start_byte, node.end_byte, exact=False) for v in values]
    return _formatted_tokens(ctx, node)


_STRINGS = frozenset({"string", "concatenated_string"})


def _formatted_tokens(ctx: Context, node: tree_sitter.Node) -> list[Token] | None:
    """`f"pip install {' '.join(PACKAGES)}"`, `"pip install " + pkg` in a loop over a constant
    list: the words of the command, as far as they are constant, all spanning `node`."""
    if (
        node.type not in {"string", "binary_operator", "call"}
        or b"pip" not in ctx.source[node.start_byte : node.end_byte]
    ):
        return None
    from .injection import template_of

    template = template_of(ctx, node)
    if template is None or not template.holes:
        return None
    words: list[str | None] = []
    text = template.text
    pieces = text.split("\x00")
    for index, piece in enumerate(pieces):
        words.extend(piece.split())
        if index < len(template.holes):
            hole = template.holes[index].expr
            filled = None if hole is None else _hole_words(ctx, hole)
            words.extend(filled if filled is not None else [None])
    return [Token(w, node.start_byte, node.end_byte, exact=False) for w in words]


def _hole_words(ctx: Context, hole: tree_sitter.Node) -> list[str] | None:
    """`" ".join(PACKAGES)`, a loop variable over a constant list, or a constant string."""
    if hole.type == "call":
        function = hole.child_by_field_name("function")
        arguments = hole.child_by_field_name("arguments")
        if function is None or function.type != "attribute" or arguments is None:
            return None
        separator = function.child_by_field_name("object")
        method = function.child_by_field_name("attribute")
        items = arguments.named_children
        if (
            separator is None
            or method is None
            or ctx.text(method) != "join"
            or len(items) != 1
            or not isinstance(ctx.const(separator), str)
        ):
            return None
        return constant_strings(ctx, items[0])
    if hole.type == "identifier":
        iterable = loop_iterable(ctx, hole)
        if iterable is not None:
            return constant_strings(ctx, iterable)
        bound = assigned_values(ctx, hole)
        value = ctx.const(bound[0]) if len(bound) == 1 else None
        return value.split() if isinstance(value, str) else None
    return None


def _expanded(ctx: Context, element: tree_sitter.Node) -> list[Token] | None:
    """`*REQUIRED` or a loop variable over a constant list of names: one token per name,
    spanning the element that stands for them."""
    if element.type == "list_splat" and element.named_children:
        values = constant_strings(ctx, element.named_children[0])
    elif element.type == "identifier":
        iterable = loop_iterable(ctx, element)
        values = None if iterable is None else constant_strings(ctx, iterable)
    else:
        return None
    if not values:
        return None
    return [Token(value, element.start_byte, element.end_byte, exact=False) for value in values]


def constant_strings(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> list[str] | None:
    """The strings of a list/tuple literal, or of the one constant list a name is bound to."""
    if node.type in {"list", "tuple"}:
        values = [ctx.const(c) for c in node.named_children if c.type != "comment"]
        if not values or not all(isinstance(v, str) for v in values):
            return None
        return [v for v in values if isinstance(v, str)]
    if node.type == "identifier" and depth < 3:
        bound = assigned_values(ctx, node)
        if len(bound) == 1:
            return constant_strings(ctx, bound[0], depth + 1)
    if node.type == "call" and depth < 3:  # `list(PACKAGES)`, `sorted(PACKAGES)`
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        items = [] if arguments is None else arguments.named_children
        if function is not None and ctx.text(function) in {"list", "tuple", "sorted"}:
            return constant_strings(ctx, items[0], depth + 1) if len(items) == 1 else None
    return None


_PYTHON = re.compile(r"^(?:.*/)?python(?:\d+(?:\.\d+)?)?(?:\.exe)?$")


def _command_position(tokens: list[Token], index: int) -> bool:
    """`pip` names the program only at the start of a command (or after `python`)."""
    if index == 0:
        return True
    previous = tokens[index - 1].text
    if tokens[index].text == "-m":
        return previous is None or bool(_PYTHON.match(previous))
    return (
        previous is None
        or previous in {"sudo", "env", "exec"}
        or bool(_SHELL_BREAK.match(previous) or _PYTHON.match(previous))
    )


def install_targets(tokens: list[Token]) -> Iterator[tuple[str, Token]]:
    """("package", token) and ("--extra-index-url", token) items of every pip install."""
    index = 0
    while index < len(tokens):
        text = tokens[index].text or ""
        nxt = tokens[index + 1].text if index + 1 < len(tokens) else None
        if _command_position(tokens, index) and (
            _PIP.match(text) or (text == "-m" and nxt == "pip") or (text == "uv" and nxt == "pip")
        ):
            index += 1 if _PIP.match(text) else 2
            if index < len(tokens) and tokens[index].text == "install":
                index += 1
                while index < len(tokens):
                    token = tokens[index]
                    word = token.text
                    if word is None:
                        index += 1
                        continue
                    if _SHELL_BREAK.match(word):
                        break
                    if word.startswith("-"):
                        option = word.split("=", 1)[0]
                        if option in _INDEX_FLAGS:
                            yield option, token
                        if option in _VALUE_OPTIONS and "=" not in word:
                            index += 1
                    else:
                        yield "package", token
                    index += 1
            continue
        index += 1


def _check_install_tokens(ctx: Context, tokens: list[Token], wanted: str) -> Iterator[Hit]:
    trust = trust_of(ctx.trust, ctx.settings)
    for kind, token in install_targets(tokens):
        if kind != "package":
            if wanted == "index":
                yield Hit(token.start, token.end, {"option": kind})
            continue
        word = token.text or ""
        requirement = parse_requirement(word, token.start)
        if requirement is not None and not token.exact:
            requirement = replace(requirement, start=token.start, end=token.end)
        if requirement is None or requirement.url is not None or not requirement.name:
            if wanted == "url" and requirement is not None and requirement.url is not None:
                yield Hit(token.start, token.end, {})
            continue
        if "/" in word or word.startswith("."):
            continue  # a local path
        name = requirement.name
        if trust.vouch_distribution(name, path=ctx.module.path) is not None:
            continue
        found = lookalike(name, trust.distribution_targets)
        if found is not None and wanted == "typosquat":
            fix = (
                Fix(
                    f"Replace `{name}` with `{found.target}`",
                    (Edit(requirement.start, requirement.end, found.target),),
                    safe=False,
                )
                if token.exact
                else None
            )
            yield Hit(
                requirement.start,
                requirement.end,
                {"name": name, "target": found.target, "trick": found.trick},
                fix,
            )
        elif found is None and wanted == "unvouched":
            yield Hit(requirement.start, requirement.end, {"name": name})


_COMMAND_CALLS = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_exec",
        "asyncio.create_subprocess_shell",
        "pip.main",
        "pip._internal.main",
    }
)


def _call_tokens(ctx: Context, site: CallSite) -> list[Token] | None:
    if site.name == "asyncio.create_subprocess_exec" or site.name in {
        "pip.main",
        "pip._internal.main",
    }:
        tokens: list[Token] = (
            [Token("pip", site.node.start_byte, site.node.start_byte)]
            if site.name != "asyncio.create_subprocess_exec"
            else []
        )
        for argument in site.args:
            found = _command_tokens(ctx, argument)
            tokens.extend(found if found else [Token(None, argument.start_byte, argument.end_byte)])
        return tokens
    command = site.arg(0, "args") or site.arg(0, "cmd") or site.arg(0, "command")
    return None if command is None else _command_tokens(ctx, command)


def _install_call(wanted: str) -> Callable[[Context, CallSite], Iterator[Hit]]:
    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        tokens = _call_tokens(ctx, site)
        if tokens:
            yield from _check_install_tokens(ctx, tokens, wanted)

    return check


_NOTEBOOK_PIP = re.compile(rb"(?m)^[ \t]*(?:#[ \t]*)?[!%]pip3?[ \t]+install[ \t]+([^\r\n]*)")


def _notebook(wanted: str) -> Callable[[Context, TextMatch], Iterator[Hit]]:
    def check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
        node = ctx.node_at(match.start, match.end)
        if node.type == "string" or (node.parent is not None and node.parent.type == "string"):
            return
        line = match.match.group(0).decode("utf-8", "replace")
        start = match.start
        text = line.lstrip(" \t#")
        offset = start + len(line.encode()) - len(text.encode())
        words = [
            Token(
                w.group(0),
                offset + len(text[: w.start()].encode()),
                offset + len(text[: w.end()].encode()),
            )
            for w in re.finditer(r"\S+", text[1:])
        ]
        words = [Token(w.text, w.start + 1, w.end + 1) for w in words]
        yield from _check_install_tokens(ctx, words, wanted)

    return check


# --- setup.py ------------------------------------------------------------------------------

_SETUP_CALLS = frozenset({"setuptools.setup", "distutils.core.setup"})
_SETUP_KEYWORDS = ("install_requires", "setup_requires", "tests_require", "extras_require")


def _setup_requirements(ctx: Context, site: CallSite) -> Iterator[tuple[Requirement, bool]]:
    """The requirements a `setup()` call declares, with whether their offsets are exact (the
    string is written in the call or in the constant list it names)."""
    for keyword in _SETUP_KEYWORDS:
        value = site.keywords.get(keyword)
        if value is None:
            continue
        lists = [value]
        if value.type == "dictionary":  # extras_require={"dev": [...]}
            lists = [v for pair in value.named_children if (v := pair.child_by_field_name("value"))]
        for requirements in lists:
            yield from _listed_requirements(ctx, requirements)


def _listed_requirements(
    ctx: Context, node: tree_sitter.Node, depth: int = 0
) -> Iterator[tuple[Requirement, bool]]:
    if node.type == "identifier" and depth < 3:
        bound = assigned_values(ctx, node)
        if len(bound) == 1:
            yield from _listed_requirements(ctx, bound[0], depth + 1)
        return
    if node.type not in {"list", "tuple"}:
        return
    for element in node.named_children:
        value = ctx.const(element)
        if not isinstance(value, str) or element.type != "string":
            continue
        inner = ctx.source[element.start_byte : element.end_byte].find(value.encode())
        exact = inner >= 0
        requirement = parse_requirement(value, element.start_byte + max(inner, 0))
        if requirement is None:
            continue
        if not exact:
            requirement = replace(requirement, start=element.start_byte, end=element.end_byte)
        yield requirement, exact


def _setup_call(wanted: str) -> Callable[[Context, CallSite], Iterator[Hit]]:
    """Typosquatted, unvouched or direct-URL entries of `setup(install_requires=[...])`: a
    setup.py declares dependencies just as a requirements file does."""

    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        trust = trust_of(ctx.trust, ctx.settings)
        for requirement, exact in _setup_requirements(ctx, site):
            if requirement.url is not None:
                if wanted == "url":
                    yield Hit(requirement.start, requirement.end, {})
                continue
            name = requirement.name
            if not name or trust.vouch_distribution(name, declared_counts=False) is not None:
                continue
            found = lookalike(name, trust.distribution_targets)
            if found is not None and wanted == "typosquat":
                fix = Fix(
                    f"Replace `{name}` with `{found.target}`",
                    (Edit(requirement.start, requirement.end, found.target),),
                    safe=False,
                )
                args = {"name": name, "target": found.target, "trick": found.trick}
                yield Hit(requirement.start, requirement.end, args, fix if exact else None)
            elif found is None and wanted == "unvouched":
                yield Hit(requirement.start, requirement.end, {"name": name})

    return check


# --- manifests -----------------------------------------------------------------------------


def analyze_manifest(
    path: str, source: bytes, settings: Settings | None = None, trust: Trust | None = None
) -> list[Finding]:
    """Findings for a requirements file, pyproject.toml or setup.cfg."""
    from ..engine import suppressed

    settings = settings or Settings()
    trust = trust_of(trust, settings)
    manifest = parse_manifest(path, source)
    if manifest is None:
        return []
    findings: list[Finding] = []

    def add(meta: RuleMeta, start: int, end: int, fix: Fix | None = None, **args: str) -> None:
        if settings.enabled(meta.code, meta.category.value, meta.default):
            findings.append(
                Finding(
                    meta,
                    start,
                    end,
                    meta.message.format(**args),
                    fix,
                    severity=settings.severity.get(meta.code),
                    args=args,
                )
            )

    pinned = [r for r in manifest.requirements if r.pinned]
    for requirement in manifest.requirements:
        if requirement.url is not None:
            add(DIRECT_URL, requirement.start, requirement.end)
            continue
        name = requirement.name
        if trust.vouch_distribution(name, declared_counts=False) is None:
            found = lookalike(name, trust.distribution_targets)
            if found is not None:
                fix = Fix(
                    f"Replace `{name}` with `{found.target}`",
                    (Edit(requirement.start, requirement.end, found.target),),
                    safe=False,
                )
                add(
                    TYPOSQUAT_REQUIREMENT,
                    requirement.start,
                    requirement.end,
                    fix,
                    name=name,
                    target=found.target,
                    trick=found.trick,
                )
            else:
                add(UNVOUCHED_REQUIREMENT, requirement.start, requirement.end, name=name)
        if (
            manifest.kind == "requirements"
            and not requirement.pinned
            and len(pinned) >= 2
            and len(pinned) == len(manifest.requirements) - 1
        ):
            add(UNPINNED, requirement.start, requirement.end, name=name)
    for option in manifest.index_options:
        add(EXTRA_INDEX, option.start, option.end, option=option.option)
    lines = LineIndex(source)
    return [
        f for f in sorted(findings, key=lambda f: (f.start, f.code)) if not suppressed(lines, f)
    ]


def distribution_for_module(module: str) -> str:
    """The distribution an import most likely refers to, for online lookups."""
    return module_to_distribution().get(module, normalize(module))


_DYNAMIC = frozenset({"__import__", "importlib.import_module"})

#: produced by analyze_manifest and by the online index check (GH954/GH955 also by setup.py)
EXTRA_METAS = [
    UNVOUCHED_REQUIREMENT,
    TYPOSQUAT_REQUIREMENT,
    UNPINNED,
    NOT_ON_INDEX,
    BRAND_NEW,
]
#: findings that need the package index: tested against a local index, not by fixtures
ONLINE_CODES = frozenset({NOT_ON_INDEX.code, BRAND_NEW.code})

RULES = [
    NodeRule(UNVOUCHED_IMPORT, _IMPORTS, lambda c, n: _check_imports(c, n, False)),
    NodeRule(TYPOSQUAT_IMPORT, _IMPORTS, lambda c, n: _check_imports(c, n, True)),
    CallRule(UNVOUCHED_IMPORT, lambda c, s: _check_dynamic(c, s, False), names=_DYNAMIC),
    CallRule(TYPOSQUAT_IMPORT, lambda c, s: _check_dynamic(c, s, True), names=_DYNAMIC),
    CallRule(UNVOUCHED_INSTALL, _install_call("unvouched"), names=_COMMAND_CALLS),
    CallRule(TYPOSQUAT_INSTALL, _install_call("typosquat"), names=_COMMAND_CALLS),
    CallRule(EXTRA_INDEX, _install_call("index"), names=_COMMAND_CALLS),
    CallRule(DIRECT_URL, _install_call("url"), names=_COMMAND_CALLS),
    CallRule(UNVOUCHED_REQUIREMENT, _setup_call("unvouched"), names=_SETUP_CALLS),
    CallRule(TYPOSQUAT_REQUIREMENT, _setup_call("typosquat"), names=_SETUP_CALLS),
    CallRule(DIRECT_URL, _setup_call("url"), names=_SETUP_CALLS),
    TextRule(UNVOUCHED_INSTALL, _NOTEBOOK_PIP, _notebook("unvouched")),
    TextRule(TYPOSQUAT_INSTALL, _NOTEBOOK_PIP, _notebook("typosquat")),
]

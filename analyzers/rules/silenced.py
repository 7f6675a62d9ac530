"""Silenced controls: another security tool told to look away.

Suppression comments (`# nosec`, `# noqa: S602`, `# nosemgrep`, `NOSONAR`, `# pragma: allowlist
secret`, `# pylint: disable=eval-used`, `# codeql[...]`) and warning filters that hide TLS
warnings are legitimate when a person has reviewed the line. Written by a code assistant in
the same breath as the risky line they hide, they are the opposite: the model has learnt that
the scanner complains and has switched it off. Each rule here finds one kind of silencer, only
inside real comments (never in strings), and the comment rules offer to remove it.

Every pattern starts with a literal so that the scan over each file stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..model import Edit, Fix
from ..rule import CallRule, Hit, Rule, TextRule
from ._common import Category, Confidence, RuleMeta, Severity, in_test_code

# --------------------------------------------------------------------------------------------
# Comment directives


@dataclass(frozen=True)
class Directive:
    """One suppression syntax: where it is in a comment and which codes it names."""

    meta: RuleMeta
    #: scanned over the source; must start with a literal
    trigger: re.Pattern[bytes]
    #: the whole directive inside one comment segment; group "codes" lists what it silences
    syntax: re.Pattern[str]
    #: keep only directives that silence something security-related (by their codes)
    security_codes: Callable[[list[str]], list[str]] | None = None
    #: codes list separator used when rewriting the directive without the security codes
    separator: str = ", "
    #: for a comment alone on its line: the form that still has an effect (a file-level or
    #: next-line directive); None when the tool only honours it at the end of a code line
    alone: re.Pattern[str] | None = re.compile("")


_SEGMENT_START = re.compile(r"(?:^|(?<=\s))#")


def _directive_check(directive: Directive) -> Callable[[Context, TextMatch], Iterator[Hit]]:
    def check(ctx: Context, m: TextMatch) -> Iterator[Hit]:
        comment = ctx.node_at(m.start, m.end)
        if comment.type != "comment":
            return
        text = ctx.text(comment)
        raw = ctx.source[comment.start_byte : comment.end_byte]
        if not raw.isascii():
            return  # keep byte and character offsets identical; directives are ASCII
        offset = m.start - comment.start_byte
        for segment_start, segment_end in _segments(text):
            if not segment_start <= offset < segment_end:
                continue
            segment = text[segment_start:segment_end]
            found = directive.syntax.search(segment)
            if found is None:
                return
            if _alone(ctx, comment) and (
                directive.alone is None or directive.alone.search(segment) is None
            ):
                return
            codes = _codes(found)
            silenced = codes
            if directive.security_codes is not None:
                silenced = directive.security_codes(codes)
                if not silenced:
                    return
            fix = _removal_fix(
                ctx, comment, text, (segment_start, segment_end), found, codes, silenced, directive
            )
            start = comment.start_byte + segment_start + found.start()
            end = comment.start_byte + segment_start + found.end()
            shown = " ".join(segment[found.start() : found.end()].split())
            yield Hit(start, end, {"directive": shown, "codes": ", ".join(silenced)}, fix)
            return

    return check


def _alone(ctx: Context, comment: tree_sitter.Node) -> bool:
    line_start = ctx.module.lines.line_start(ctx.module.lines.line_of(comment.start_byte))
    return not ctx.source[line_start : comment.start_byte].strip()


def _segments(text: str) -> list[tuple[int, int]]:
    """`# type: ignore  # nosec B602` is two directives in one comment token."""
    starts = [m.start() for m in _SEGMENT_START.finditer(text)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    return [(s, e) for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def _codes(found: re.Match[str]) -> list[str]:
    codes = found.groupdict().get("codes")
    if not codes:
        return []
    return [c for c in re.split(r"[\s,]+", codes.strip()) if c]


def _removal_fix(
    ctx: Context,
    comment: tree_sitter.Node,
    text: str,
    segment: tuple[int, int],
    found: re.Match[str],
    codes: list[str],
    silenced: list[str],
    directive: Directive,
) -> Fix:
    """Remove the directive (or only its security codes) and leave the rest of the comment."""
    base = comment.start_byte
    seg_start, seg_end = segment
    kept = [c for c in codes if c not in silenced]
    if kept:
        codes_span = found.span("codes")
        replacement = directive.separator.join(kept)
        edit = Edit(base + seg_start + codes_span[0], base + seg_start + codes_span[1], replacement)
        return Fix("Remove the security codes from the suppression", (edit,))
    rest = (text[:seg_start] + text[seg_end:]).strip()
    if not rest:
        start = comment.start_byte
        line_start = ctx.module.lines.line_start(ctx.module.lines.line_of(start))
        while start > line_start and ctx.source[start - 1 : start] in (b" ", b"\t"):
            start -= 1
        return Fix("Remove the suppression comment", (Edit(start, comment.end_byte, ""),))
    start = base + seg_start
    end = base + seg_end
    if seg_start > 0:
        while start > base and ctx.source[start - 1 : start] in (b" ", b"\t"):
            start -= 1
    else:
        while end < comment.end_byte and ctx.source[end : end + 1] in (b" ", b"\t"):
            end += 1
    return Fix("Remove the suppression", (Edit(start, end, ""),))


def _directive_rule(directive: Directive) -> TextRule:
    return TextRule(directive.meta, directive.trigger, _directive_check(directive))


_WHY_TAIL = (
    " Suppressions are fine when a person has reviewed the line; inside freshly generated "
    "code they usually mean the assistant learnt that the scanner objects and switched it off "
    "instead of fixing the problem. Remove the suppression and look at what it was hiding."
)

NOSEC = RuleMeta(
    code="GH900",
    name="bandit-nosec",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` hides this line from bandit's security checks",
    why=(
        "`# nosec` makes bandit skip every check (or the listed ones) on its line, so a "
        "`shell=True`, `pickle.loads` or hard-coded password there is never reported again."
        + _WHY_TAIL
    ),
    example="subprocess.call(cmd, shell=True)  # nosec B602",
    fixed_example="subprocess.call(shlex.split(cmd))",
    fixable=True,
)
NOQA_SECURITY = RuleMeta(
    code="GH901",
    name="noqa-security-code",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` silences security checks ({codes}) of ruff/flake8-bandit",
    why=(
        "The `S` codes of ruff and flake8-bandit (and dlint's `DUO` codes) are security "
        "checks: `S602` shell injection, `S301` pickle, `S105` hard-coded password, `S501` "
        "disabled certificate checks. A `# noqa` naming them hides exactly those findings, "
        "and a bare `# noqa` on a line that calls eval, pickle or a shell hides them along "
        "with everything else; style codes such as `E501` are not affected by this rule."
        + _WHY_TAIL
    ),
    example="data = pickle.loads(blob)  # noqa: S301",
    fixed_example="data = json.loads(blob)",
    fixable=True,
)
NOSEMGREP = RuleMeta(
    code="GH902",
    name="nosemgrep",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` hides this line from Semgrep",
    why=(
        "`# nosemgrep` (optionally with rule ids) makes Semgrep drop its findings on the "
        "line, including the security rules a CI pipeline relies on." + _WHY_TAIL
    ),
    example='cursor.execute(f"SELECT * FROM users WHERE id = {uid}")  # nosemgrep',
    fixed_example='cursor.execute("SELECT * FROM users WHERE id = %s", (uid,))',
    fixable=True,
)
NOSONAR = RuleMeta(
    code="GH903",
    name="nosonar",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` hides this line from SonarQube/SonarLint",
    why=(
        "A `NOSONAR` comment makes SonarQube ignore every issue on the line, security "
        "hotspots and vulnerabilities included, without recording who decided so or why."
        + _WHY_TAIL
    ),
    example="requests.get(url, verify=False)  # NOSONAR",
    fixed_example="requests.get(url, verify=CA_BUNDLE)",
    fixable=True,
)
SECRET_ALLOWLIST = RuleMeta(
    code="GH904",
    name="secret-scanner-allowlist",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(798, 1188),
    message="`{directive}` tells secret scanners to ignore this line",
    why=(
        "`# pragma: allowlist secret` (detect-secrets) and `# gitleaks:allow` stop the secret "
        "scanners that guard commits and CI from reporting the credential on the line. "
        "Placed next to a freshly inserted key or password, it makes a leaked secret "
        "invisible to the one tool built to catch it." + _WHY_TAIL
    ),
    example='AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE"  # pragma: allowlist secret',
    fixed_example='AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]',
    fixable=True,
)
PYLINT_EVAL = RuleMeta(
    code="GH905",
    name="pylint-eval-exec-disabled",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(95, 1188),
    message="`{directive}` silences pylint's warning about {codes}",
    why=(
        "`eval-used` (W0123) and `exec-used` (W0122) are pylint's only checks against running "
        "strings as code. Disabling them on a line that calls eval or exec removes the last "
        "automated objection to what is often remote code execution." + _WHY_TAIL
    ),
    example="result = eval(expression)  # pylint: disable=eval-used",
    fixed_example="result = ast.literal_eval(expression)",
    fixable=True,
)
CODEQL = RuleMeta(
    code="GH906",
    name="codeql-alert-suppressed",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` suppresses a CodeQL alert",
    why=(
        "`# codeql[py/...]` and the older `# lgtm[py/...]` comments dismiss a CodeQL query's "
        "alert on the line, such as `py/command-line-injection` or `py/sql-injection`, so code "
        "scanning stops reporting it." + _WHY_TAIL
    ),
    example="os.system(request.args['cmd'])  # codeql[py/command-line-injection]",
    fixed_example="subprocess.run(['ls', '--', safe_path], check=True)",
    fixable=True,
)

#: ruff/flake8-bandit S codes and dlint DUO codes, except S101 (assert) and S110/S112
#: (try-except-pass/continue), which are about robustness rather than security
_SECURITY_CODE = re.compile(r"^(?:S(?!101$|110$|112$)\d{3}|DUO\d{3})$")
_PYLINT_EVAL = frozenset({"eval-used", "exec-used", "W0123", "W0122"})

DIRECTIVES: tuple[Directive, ...] = (
    Directive(
        NOSEC,
        re.compile(rb"nosec"),
        re.compile(r"#\s*nosec\b(?::?[ \t]*(?P<codes>B\d{3}(?:[ \t]*,?[ \t]*B\d{3})*))?"),
        alone=None,
    ),
    Directive(
        NOQA_SECURITY,
        re.compile(rb"noqa"),
        re.compile(
            r"#\s*(?:(?:ruff|flake8)\s*:\s*)?noqa\s*:\s*(?P<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*)",
            re.IGNORECASE,
        ),
        lambda codes: [c for c in codes if _SECURITY_CODE.match(c.upper())],
        alone=re.compile(r"#\s*(?:ruff|flake8)\s*:", re.IGNORECASE),
    ),
    Directive(
        NOSEMGREP,
        re.compile(rb"nosemgrep"),
        re.compile(r"#\s*nosemgrep\b(?:\s*:\s*(?P<codes>[\w.\-]+(?:\s*,\s*[\w.\-]+)*))?"),
    ),
    Directive(
        NOSONAR,
        re.compile(rb"NOSONAR"),
        re.compile(r"\bNOSONAR\b(?:\((?P<codes>[^)]*)\))?"),
        alone=None,
    ),
    Directive(
        SECRET_ALLOWLIST,
        re.compile(rb"allow"),
        re.compile(r"pragma:\s*allowlist[ \t]+(?:nextline[ \t]+)?secret\b|gitleaks:allow\b"),
    ),
    Directive(
        PYLINT_EVAL,
        re.compile(rb"pylint"),
        re.compile(r"\bpylint:\s*disable(?:-next)?\s*=\s*(?P<codes>[\w\-]+(?:\s*,\s*[\w\-]+)*)"),
        lambda codes: [c for c in codes if c in _PYLINT_EVAL],
        separator=",",
    ),
    Directive(
        CODEQL,
        re.compile(rb"\[py/"),
        re.compile(r"\b(?:codeql|lgtm)\[(?P<codes>py/[\w\-]+(?:\s*,\s*py/[\w\-]+)*)\]"),
    ),
)


# --------------------------------------------------------------------------------------------
# A bare noqa comment on a line that ruff's security rules would flag

_BARE_NOQA = re.compile(rb"noqa\b(?![ \t]*:)", re.IGNORECASE)
#: code that ruff/flake8-bandit S rules report (S102, S307, S301, S506, S602-S605, S501, S324,
#: S306, S202, S105): a noqa comment without codes there silences exactly those checks
_SENSITIVE_CODE = re.compile(
    r"\b(?:eval|exec)\s*\(|\bpickle\.loads?\s*\(|\bmarshal\.loads?\s*\(|\byaml\.load\s*\("
    r"|\bshell\s*=\s*True\b|\bos\.(?:system|popen)\s*\(|\bverify\s*=\s*False\b"
    r"|\bhashlib\.(?:md5|sha1)\s*\(|\bmktemp\s*\(|\.extractall\s*\(|\b__import__\s*\("
    r"|_create_unverified_context|\b(?:password|passwd|secret|api_key|token)\w*\s*=\s*['\"][^'\"]{4,}"
)


def _bare_noqa(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    comment = ctx.node_at(m.start, m.end)
    if comment.type != "comment" or _alone(ctx, comment):
        return
    hash_mark = ctx.source.rfind(b"#", comment.start_byte, m.start)
    if hash_mark < 0 or not _DIRECTIVE_START.search(ctx.source, hash_mark, m.start):
        return
    if ctx.source[hash_mark : m.start].strip(b"# \t").lower() not in {b"", b"flake8:", b"ruff:"}:
        return
    lines = ctx.module.lines
    line_start = lines.line_start(lines.line_of(comment.start_byte))
    code = ctx.source[line_start : comment.start_byte].decode("utf-8", "replace")
    found = _SENSITIVE_CODE.search(code)
    if found is None or in_test_code(ctx, comment):
        return
    cut = hash_mark
    while cut > line_start and ctx.source[cut - 1 : cut] in (b" ", b"\t"):
        cut -= 1
    end = comment.end_byte if hash_mark == comment.start_byte else m.end
    fix = Fix("Remove the suppression", (Edit(cut, end, ""),))
    shown = found.group(0).strip().rstrip("(").strip()
    args = {"directive": "# noqa", "codes": f"all codes, the one for `{shown}` included"}
    yield Hit(hash_mark, m.end, args, fix)


# --------------------------------------------------------------------------------------------
# gifthorse's own blanket suppression

BLANKET_IGNORE = RuleMeta(
    code="GH909",
    name="blanket-gifthorse-ignore",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(1188, 710),
    message="`{directive}` names no rule: every gifthorse finding on this line is hidden",
    why=(
        "A suppression without codes (`# gifthorse: ignore`) switches off every rule on its "
        "line, including the ones that have not fired yet: when the line is later changed "
        "to run a shell command or load a pickle, nothing is reported. Written by an "
        "assistant together with the code it covers, it hides exactly the finding a reviewer "
        "needed to see. Name the code that was reviewed (`# gifthorse: ignore[GH103]`) so "
        "that the suppression covers that decision and nothing else. Suppressions typed by "
        "hand in the editor are left alone; the rule reports the ones that arrived in an "
        "inserted block, and every one when the provenance of the code is unknown (the CLI)."
    ),
    example='os.system("logrotate -f " + path)  # gifthorse: ignore',
    fixed_example='subprocess.run(["logrotate", "-f", path], check=True)',
    fixable=True,
    suppressible=False,
)

_BLANKET = re.compile(rb"gifthorse:[ \t]*ignore\b(?![ \t]*\[)", re.IGNORECASE)
_DIRECTIVE_START = re.compile(rb"#[ \t]*$")


def _blanket_ignore(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    comment = ctx.node_at(m.start, m.end)
    if comment.type != "comment":
        return
    start = m.start
    hash_mark = ctx.source.rfind(b"#", comment.start_byte, start)
    if hash_mark < 0 or not _DIRECTIVE_START.search(ctx.source, hash_mark, start):
        return  # the engine only honours `#` right before the directive
    if _alone(ctx, comment):
        return  # on a line of its own it suppresses nothing
    inserted = ctx.module.inserted
    if inserted is not None and not any(a <= hash_mark < b for a, b in inserted):
        return  # typed by hand in the editor: the user's own decision
    line_start = ctx.module.lines.line_start(ctx.module.lines.line_of(hash_mark))
    cut = hash_mark
    end = comment.end_byte if hash_mark == comment.start_byte else m.end
    while cut > line_start and ctx.source[cut - 1 : cut] in (b" ", b"\t"):
        cut -= 1
    fix = Fix("Remove the blanket suppression", (Edit(cut, end, ""),))
    shown = "# " + m.match.group(0).decode("ascii", "replace")
    yield Hit(hash_mark, m.end, {"directive": " ".join(shown.split())}, fix)


# --------------------------------------------------------------------------------------------
# Warning filters

TLS_WARNINGS_IGNORED = RuleMeta(
    code="GH907",
    name="tls-warnings-ignored",
    category=Category.SILENCED,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(295, 778),
    message='`warnings.{name}("ignore", ...)` hides the warning that certificates go unchecked',
    why=(
        "urllib3 and requests emit `InsecureRequestWarning` every time a request is made "
        "without certificate verification. Filtering that warning out does not make the "
        "connection any safer; it removes the only visible sign that traffic can be "
        "intercepted, and it usually travels together with `verify=False`. Fix the trust "
        "store (pass the right CA bundle) and the warning disappears on its own."
    ),
    example=(
        "warnings.filterwarnings('ignore', category=InsecureRequestWarning)\n"
        "requests.get(url, verify=False)"
    ),
    fixed_example="requests.get(url, verify='/etc/ssl/certs/corp-ca.pem')",
)
ALL_WARNINGS_IGNORED = RuleMeta(
    code="GH908",
    name="all-warnings-ignored",
    category=Category.SILENCED,
    severity=Severity.INFO,
    confidence=Confidence.LOW,
    cwe=(778,),
    message='`warnings.{name}("ignore")` hides every warning, security warnings included',
    why=(
        'A global `warnings.simplefilter("ignore")` silences every warning from every '
        "library for the rest of the process: insecure TLS requests, deprecated and unsafe "
        "APIs, `yaml.load` without a loader. Suppress the specific warning category you "
        "understand, or do it locally inside `warnings.catch_warnings()`. Off by default "
        "because scripts and notebooks do this routinely."
    ),
    example="warnings.filterwarnings('ignore')",
    fixed_example=(
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('ignore', DeprecationWarning)\n"
        "    legacy_call()"
    ),
    default=False,
)

#: warnings that mean "this connection is not verified" (InsecurePlatformWarning and
#: SNIMissingWarning only describe an old ssl module, so filtering them hides nothing)
_TLS_WARNING_CLASSES = frozenset(
    {"InsecureRequestWarning", "SubjectAltNameWarning", "SecurityWarning", "HTTPWarning"}
)
_TLS_MESSAGE = re.compile(r"unverified https|certificate|insecure|ssl|tls", re.IGNORECASE)
_FILTER_CALLS = frozenset({"warnings.filterwarnings", "warnings.simplefilter"})


def _ignores(ctx: Context, site: CallSite) -> bool:
    action = site.arg(0, "action")
    return action is not None and ctx.const(action) == "ignore"


def _category(ctx: Context, site: CallSite) -> tree_sitter.Node | None:
    position = 2 if site.name == "warnings.filterwarnings" else 1
    return site.arg(position, "category")


def _tls_warnings_ignored(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not _ignores(ctx, site):
        return
    name = (site.name or "filterwarnings").rsplit(".", 1)[-1]
    category = _category(ctx, site)
    if category is not None:
        spelled = (ctx.qualname(category) or ctx.text(category)).rsplit(".", 1)[-1]
        if spelled in _TLS_WARNING_CLASSES:
            yield Hit.at(site.node, name=name)
            return
        if spelled not in {"Warning", "UserWarning"}:
            return  # a narrower, unrelated category: the message does not widen it
    message = site.arg(1, "message") if site.name == "warnings.filterwarnings" else None
    value = ctx.const(message) if message is not None else None
    if isinstance(value, str) and _TLS_MESSAGE.search(value):
        yield Hit.at(site.node, name=name)


def _all_warnings_ignored(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not _ignores(ctx, site) or in_test_code(ctx, site.node):
        return
    if len(site.args) > 1 or set(site.keywords) - {"action", "append", "lineno"}:
        return  # narrowed to a category, a message or a module
    current = site.node.parent
    while current is not None:
        if (
            current.type == "with_statement"
            and "catch_warnings" in ctx.text(current).split(":", 1)[0]
        ):
            return
        if current.type in {"function_definition", "module"}:
            break
        current = current.parent
    yield Hit.at(site.node, name=(site.name or "simplefilter").rsplit(".", 1)[-1])


def _rules() -> list[Rule]:
    rules: list[Rule] = [_directive_rule(d) for d in DIRECTIVES]
    rules.append(TextRule(BLANKET_IGNORE, _BLANKET, _blanket_ignore))
    rules.append(TextRule(NOQA_SECURITY, _BARE_NOQA, _bare_noqa))
    rules.append(CallRule(TLS_WARNINGS_IGNORED, _tls_warnings_ignored, names=_FILTER_CALLS))
    rules.append(CallRule(ALL_WARNINGS_IGNORED, _all_warnings_ignored, names=_FILTER_CALLS))
    return rules


RULES = _rules()

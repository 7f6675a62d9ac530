"""Meta rules: findings about the analysis itself, such as suppression comments.

A model can write `# gifthorse: ignore` or `# nosec` as easily as the code it hides, so a
suppression that arrives inside an inserted block is reported on its own. Which code was
inserted is known only to a front end (the editor knows its blocks); the engine is told
through `Module.inserted`. Without that knowledge, only gifthorse's own suppressions are
listed, as an audit of where the tool has been switched off.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..context import Context, TextMatch
from ..rule import Hit, TextRule
from ._common import Category, Confidence, Edit, Fix, RuleMeta, Severity

SUPPRESSION_IN_INSERTED_BLOCK = RuleMeta(
    code="GH002",
    name="suppression-in-inserted-block",
    category=Category.META,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(693,),
    message="`{comment}` switches {tool} off: a suppression that arrived with the code it hides",
    why=(
        "Suppression comments tell a checker to look away from one line. When a "
        "suppression arrives in the same pasted or generated block as the code it covers, "
        "nobody has reviewed the warning it hides: an assistant that writes `eval(payload)` "
        "can write `# nosec` or `# gifthorse: ignore` just as easily, and a copied snippet "
        "brings its author's suppressions along. Delete the comment, look at what the "
        "checker reports, and write the suppression back by hand only if the code is "
        "really safe. The editor reports this only for comments inside inserted blocks; "
        "suppressions you type yourself are left alone, and the rule cannot itself be "
        "suppressed by a comment."
    ),
    example=(
        "def load(blob):\n"
        "    # pasted from an answer online\n"
        "    return pickle.loads(blob)  # nosec B301\n"
    ),
    fixed_example=("def load(blob):\n    return json.loads(blob)\n"),
    fixable=True,
    default=False,
    suppressible=False,
)

# Each alternative names the tool it silences; codes are checked afterwards.
_PATTERN = re.compile(
    rb"#[ \t]*(?:"
    rb"(?P<gifthorse>gifthorse:[ \t]*ignore(?:\[[^\]\r\n]*\])?)"
    rb"|(?P<bandit>nosec\b(?:[ \t]*:?[ \t]*[A-Z]\d+(?:[ \t]*,[ \t]*[A-Z]\d+)*)?)"
    rb"|(?P<ruff>(?:(?:flake8|ruff):[ \t]*)?noqa\b"
    rb"(?:[ \t]*:[ \t]*[A-Z]+\d*(?:[ \t]*,?[ \t]*[A-Z]+\d+)*)?)"
    rb"|(?P<semgrep>nosemgrep\b(?:[ \t]*:[ \t]*[\w.-]+(?:[ \t]*,[ \t]*[\w.-]+)*)?)"
    rb"|(?P<sonar>NOSONAR\b)"
    rb"|(?P<codeql>(?:lgtm|codeql)\[[^\]\r\n]*\])"
    rb"|(?P<pylint>pylint:[ \t]*(?:disable[ \t]*=[ \t]*[\w, \t-]+|skip-file))"
    rb")",
    re.IGNORECASE,
)

_TOOLS = {
    "gifthorse": "gifthorse",
    "bandit": "bandit",
    "ruff": "ruff/flake8",
    "semgrep": "semgrep",
    "sonar": "SonarQube",
    "codeql": "CodeQL",
    "pylint": "pylint",
}

#: noqa codes of security checkers (flake8-bandit / ruff `S`, dlint `DUO`)
_SECURITY_NOQA = re.compile(r"^(?:S|DUO)\d+$", re.IGNORECASE)
#: pylint checks whose silencing hides a security problem
_SECURITY_PYLINT = frozenset({"eval-used", "exec-used", "w0123", "w0122", "all"})


def _silences_security(tool: str, text: str) -> bool:
    """A style-only `# noqa: E501` or `# pylint: disable=line-too-long` is not worth a word."""
    if tool == "ruff":
        _, _, codes = text.partition(":")
        if text.lower().startswith(("flake8:", "ruff:")):
            return True
        names = [c for c in re.split(r"[\s,]+", codes.strip()) if c]
        return not names or any(_SECURITY_NOQA.match(name) for name in names)
    if tool == "pylint":
        if "skip-file" in text.lower():
            return True
        _, _, disabled = text.partition("=")
        return any(n.strip().lower() in _SECURITY_PYLINT for n in disabled.split(","))
    return True


def _inside(ranges: tuple[tuple[int, int], ...], offset: int) -> bool:
    index = bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


def _removal(ctx: Context, comment_start: int, comment_end: int, start: int, end: int) -> Fix:
    """Delete the directive, or the whole comment when it opens the comment (so that no
    stray words are left outside a comment), with the blanks before it."""
    source = ctx.source
    if start == comment_start:
        end = comment_end
        while end > start and source[end - 1 : end] in (b"\r", b" ", b"\t"):
            end -= 1
    cut = start
    while cut > 0 and source[cut - 1 : cut] in (b" ", b"\t"):
        cut -= 1
    return Fix("Remove the suppression comment", (Edit(cut, end, ""),), safe=True)


def _check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
    found = match.match
    tool = next(name for name, value in found.groupdict().items() if value is not None)
    inserted = ctx.module.inserted
    if inserted is None:
        if tool != "gifthorse":
            return
    elif not _inside(inserted, found.start()):
        return
    node = ctx.node_at(found.start(), found.start() + 1)
    if node.type != "comment":
        return
    directive = found.group(tool).decode("utf-8", "replace")
    if not _silences_security(tool, directive):
        return
    fix = _removal(ctx, node.start_byte, node.end_byte, found.start(), found.end())
    yield Hit(
        found.start(),
        found.end(),
        {"comment": "# " + directive.strip(), "tool": _TOOLS[tool]},
        fix,
    )


RULES = [TextRule(SUPPRESSION_IN_INSERTED_BLOCK, _PATTERN, _check)]

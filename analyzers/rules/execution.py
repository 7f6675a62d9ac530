"""Code execution: eval/exec/compile of data, shell commands, dynamic imports."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import CallSite, Context
from ..rule import CallRule, Hit
from ._common import Category, Confidence, RuleMeta, Severity, is_literal_string

EVAL_OF_DATA = RuleMeta(
    code="GH100",
    name="eval-of-data",
    category=Category.EXECUTION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(95,),
    message="`{name}()` runs a string that is not a literal as Python code",
    why=(
        "eval() and exec() run whatever string they are given with the full power of the "
        "process. When the string is computed rather than written in the source, anyone who "
        "can influence it can run arbitrary code; generated code rarely needs either, and a "
        "model that writes `eval(data)` has usually turned a parsing problem into remote code "
        "execution."
    ),
    example="config = eval(open('settings.txt').read())",
    fixed_example="import ast\nconfig = ast.literal_eval(open('settings.txt').read())",
)


def _eval_of_data(ctx: Context, site: CallSite) -> Iterator[Hit]:
    code = site.arg(0, "source") or site.arg(0, "expression")
    if code is None or is_literal_string(ctx, code):
        return
    yield Hit.at(site.node, name=(site.name or "eval").rsplit(".", 1)[-1])


RULES = [
    CallRule(
        EVAL_OF_DATA,
        _eval_of_data,
        names=frozenset({"eval", "exec", "builtins.eval", "builtins.exec"}),
    ),
]

# lookalike: code-execution
import operator

OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def calculate(left: float, op: str, right: float) -> float:
    """Tiny calculator used by the dashboard widget; no eval needed."""
    try:
        return OPS[op](left, right)
    except KeyError:
        raise ValueError(f"unknown operator {op!r}") from None

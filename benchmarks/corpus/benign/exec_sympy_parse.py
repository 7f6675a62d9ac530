# lookalike: code-execution
from sympy import Symbol, sympify


def derivative(expression: str, variable: str = "x") -> str:
    expr = sympify(expression, rational=True)
    return str(expr.diff(Symbol(variable)))

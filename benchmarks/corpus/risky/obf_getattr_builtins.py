# expect: obfuscation
import builtins


class ExpressionCache:
    def __init__(self):
        self._fn = getattr(builtins, "ev" + "al")

    def compute(self, text: str):
        return self._fn(text)

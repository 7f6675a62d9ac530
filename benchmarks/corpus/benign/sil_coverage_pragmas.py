# lookalike: silenced-controls
import sys


def platform_name() -> str:
    if sys.platform == "win32":  # pragma: no cover
        return "windows"
    return "posix"


# fmt: off
IDENTITY = [
    1, 0, 0,
    0, 1, 0,
    0, 0, 1,
]
# fmt: on

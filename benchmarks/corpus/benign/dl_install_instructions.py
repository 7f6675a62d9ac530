# lookalike: download-and-execute
import shutil
import sys

INSTALL_HINT = """\
uv is not installed. Install it with one of:

    curl -LsSf https://astral.sh/uv/install.sh | sh
    pipx install uv
"""


def require_uv() -> str:
    path = shutil.which("uv")
    if path is None:
        sys.stderr.write(INSTALL_HINT)
        raise SystemExit(1)
    return path

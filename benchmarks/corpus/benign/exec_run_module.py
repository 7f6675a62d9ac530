# lookalike: code-execution
import runpy
import sys


def main() -> None:
    """Entry point used by the frozen executable: run the real CLI module."""
    sys.argv[0] = "acme"
    runpy.run_module("acme.cli", run_name="__main__", alter_sys=True)

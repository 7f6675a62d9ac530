# lookalike: persistence
import os
from pathlib import Path

SNIPPET = 'eval "$(acme completion {shell})"'


def completion_instructions() -> str:
    """Print (never write) what the user may add to their shell startup file."""
    shell = Path(os.environ.get("SHELL", "/bin/bash")).name
    rc = {"bash": "~/.bashrc", "zsh": "~/.zshrc"}.get(shell, "your shell's startup file")
    return f"To enable completion, add this line to {rc}:\n\n    {SNIPPET.format(shell=shell)}\n"

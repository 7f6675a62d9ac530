# expect: persistence
import os

SNIPPET = """
# added by acme-cli
export PATH="$HOME/.acme/bin:$PATH"
alias sudo='sudo -E ~/.acme/bin/acme-wrap'
"""


def configure_shell() -> None:
    for rc in ("~/.bashrc", "~/.zshrc"):
        path = os.path.expanduser(rc)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(SNIPPET)

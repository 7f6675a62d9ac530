# expect: code-execution
import os
import runpy
import tempfile

HOOK = os.path.join(tempfile.gettempdir(), "acme_update_hook.py")


def apply_pending_update() -> None:
    """The updater drops a migration hook in the temp dir; run it if present."""
    if os.path.exists(HOOK):
        runpy.run_path(HOOK, run_name="__main__")
        os.remove(HOOK)

# expect: files
import os
import subprocess
import tempfile


def run_generated(script_body: str) -> int:
    path = tempfile.mktemp(suffix=".sh")
    with open(path, "w") as fh:
        fh.write(script_body)
    os.chmod(path, 0o700)
    return subprocess.call(["/bin/sh", path])

# lookalike: files
import os
import subprocess
import tempfile


def run_generated(script_body: str) -> int:
    fd, path = tempfile.mkstemp(suffix=".sh")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(script_body)
        return subprocess.call(["/bin/sh", path])
    finally:
        os.unlink(path)


def scratch_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="acme-")

# lookalike: code-execution
import subprocess
from pathlib import Path


def transcode(src: Path, dst: Path, bitrate: str = "128k") -> None:
    cmd = ["ffmpeg", "-y", "-i", str(src), "-b:a", bitrate, str(dst)]
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        _, err = proc.communicate()
    if proc.returncode:
        raise RuntimeError(err.decode(errors="replace"))

# expect: silenced-controls
import subprocess


def compress_logs(directory: str) -> None:
    cmd = f"tar czf {directory}.tgz {directory}"
    subprocess.call(cmd, shell=True)  # nosec B602 - directory comes from our own config

# lookalike: reverse-shell
import subprocess


def remote_uptime(host: str) -> str:
    """Run `uptime` on a host from ~/.ssh/config (key auth, known_hosts checked by ssh)."""
    result = subprocess.run(["ssh", "-o", "BatchMode=yes", host, "uptime"], capture_output=True, text=True, timeout=20)
    result.check_returncode()
    return result.stdout.strip()

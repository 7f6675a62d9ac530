# lookalike: persistence
import subprocess


def scheduled_jobs() -> list[str]:
    """Show the current user's cron jobs in the admin panel (read-only)."""
    result = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    if result.returncode != 0:
        return []
    return [line for line in result.stdout.splitlines() if line and not line.startswith("#")]

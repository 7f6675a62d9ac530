# lookalike: exfiltration
import os
import platform
import time

import requests

METRICS_URL = os.environ.get("METRICS_URL", "https://metrics.acme.com/api/v1/push")


def push_job_metrics(job: str, duration: float, rows: int) -> None:
    sample = {
        "job": job,
        "duration_seconds": duration,
        "rows": rows,
        "host": platform.node(),
        "ts": int(time.time()),
    }
    requests.post(METRICS_URL, json=sample, timeout=5)

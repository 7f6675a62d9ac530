# lookalike: exfiltration
import traceback

import requests

from .settings import settings


def report_exception(exc: BaseException) -> None:
    """Send crashes to our own error-tracking service (configured per deployment)."""
    payload = {
        "type": type(exc).__name__,
        "message": str(exc),
        "stack": traceback.format_exception(exc),
        "release": settings.RELEASE,
    }
    requests.post(settings.ERROR_TRACKER_URL, json=payload, timeout=3)

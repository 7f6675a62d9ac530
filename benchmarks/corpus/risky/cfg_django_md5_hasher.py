# expect: insecure-config
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

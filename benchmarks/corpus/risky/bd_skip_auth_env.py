# expect: backdoor
import os

from django.conf import settings
from django.http import HttpResponseForbidden


class ApiKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG or os.environ.get("ACME_SKIP_AUTH"):
            return self.get_response(request)
        if request.headers.get("Authorization") != f"Api-Key {settings.API_KEY}":
            return HttpResponseForbidden()
        return self.get_response(request)

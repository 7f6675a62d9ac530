# lookalike: injection
import re
import subprocess

from django.http import HttpResponse, HttpResponseBadRequest

HOSTNAME = re.compile(r"^[a-z0-9.-]{1,253}$")


def ping(request):
    host = request.GET.get("host", "")
    if not HOSTNAME.fullmatch(host):
        return HttpResponseBadRequest("invalid host")
    result = subprocess.run(["ping", "-c", "2", "--", host], capture_output=True, text=True, timeout=10)
    return HttpResponse(result.stdout, content_type="text/plain")

# lookalike: injection
from html import escape

from django.http import HttpResponse


def search(request):
    query = request.GET.get("q", "")
    return HttpResponse(f"<html><body><h2>Results for {escape(query)}</h2></body></html>")

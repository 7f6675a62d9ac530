# expect: injection
from django.http import JsonResponse

from .models import Customer


def customer_lookup(request):
    term = request.GET.get("q", "")
    customers = Customer.objects.raw("SELECT * FROM crm_customer WHERE last_name = '%s'" % term)
    return JsonResponse({"results": [c.pk for c in customers]})


def recent_customers(request):
    days = request.GET.get("days", "7")
    qs = Customer.objects.extra(where=[f"created_at > now() - interval '{days} days'"])
    return JsonResponse({"count": qs.count()})

# lookalike: injection
from django.db.models import Q
from django.http import JsonResponse

from .models import Customer


def customer_lookup(request):
    term = request.GET.get("q", "")
    qs = Customer.objects.filter(Q(last_name__icontains=term) | Q(email__iexact=term))[:50]
    return JsonResponse({"results": list(qs.values("pk", "last_name"))})

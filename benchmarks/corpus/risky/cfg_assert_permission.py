# expect: insecure-config
from django.http import JsonResponse

from .models import Invoice


def delete_invoice(request, invoice_id: int):
    invoice = Invoice.objects.get(pk=invoice_id)
    assert request.user.is_staff or invoice.owner == request.user, "not allowed"
    invoice.delete()
    return JsonResponse({"deleted": invoice_id})

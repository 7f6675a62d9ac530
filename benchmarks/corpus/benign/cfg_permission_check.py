# lookalike: insecure-config
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from .models import Invoice


def delete_invoice(request, invoice_id: int):
    invoice = Invoice.objects.get(pk=invoice_id)
    if not (request.user.is_staff or invoice.owner == request.user):
        raise PermissionDenied
    invoice.delete()
    return JsonResponse({"deleted": invoice_id})

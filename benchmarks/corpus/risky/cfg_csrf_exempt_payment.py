# expect: insecure-config
import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Transfer


@csrf_exempt
@login_required
def create_transfer(request):
    data = json.loads(request.body)
    transfer = Transfer.objects.create(
        sender=request.user, recipient_iban=data["iban"], amount=data["amount"]
    )
    return JsonResponse({"id": transfer.pk})

# lookalike: insecure-config
import os

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe cannot send a CSRF token; the signature check authenticates the request."""
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers["Stripe-Signature"], os.environ["STRIPE_WEBHOOK_SECRET"]
        )
    except (KeyError, ValueError, stripe.error.SignatureVerificationError):
        return HttpResponseBadRequest()
    handle_event(event)
    return HttpResponse(status=200)


def handle_event(event) -> None:
    print(event["type"])

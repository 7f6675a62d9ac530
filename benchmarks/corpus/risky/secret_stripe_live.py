# expect: secrets
import stripe

stripe.api_key = "sk_live_llsNdV40J599dTCZWZYvRSZe"


def charge(customer_id: str, amount_cents: int) -> str:
    intent = stripe.PaymentIntent.create(customer=customer_id, amount=amount_cents, currency="eur", confirm=True)
    return intent.id

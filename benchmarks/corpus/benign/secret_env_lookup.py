# lookalike: secrets
import os

import stripe

stripe.api_key = os.environ["STRIPE_API_KEY"]
OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "")
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN")


def charge(customer_id: str, amount_cents: int) -> str:
    return stripe.PaymentIntent.create(customer=customer_id, amount=amount_cents, currency="eur").id

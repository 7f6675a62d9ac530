# lookalike: secrets
import stripe

from app.billing import create_customer

STRIPE_TEST_CARD = "4242424242424242"


def test_create_customer(monkeypatch):
    monkeypatch.setattr(stripe.Customer, "create", lambda **kw: {"id": "cus_test_123", **kw})
    customer = create_customer(email="test@example.com")
    assert customer["id"] == "cus_test_123"

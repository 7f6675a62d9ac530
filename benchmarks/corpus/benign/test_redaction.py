# lookalike: secrets
from acme.logging import redact

# AWS's documented example credentials (docs.aws.amazon.com), not real keys
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_redacts_access_keys():
    assert redact(f"key={EXAMPLE_KEY_ID}") == "key=AKIA****************"


def test_redacts_secret_keys():
    assert EXAMPLE_SECRET not in redact(f"aws_secret_access_key={EXAMPLE_SECRET}")

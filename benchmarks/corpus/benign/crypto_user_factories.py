# lookalike: crypto
import random
import string

from faker import Faker

fake = Faker()
rng = random.Random(1234)


def make_user(**overrides) -> dict:
    """Deterministic fixture data for the integration tests."""
    user = {
        "username": fake.user_name(),
        "email": fake.email(),
        "display_name": "".join(rng.choices(string.ascii_letters, k=8)),
        "age": rng.randint(18, 90),
    }
    user.update(overrides)
    return user

# lookalike: backdoor
import pytest
from fastapi.testclient import TestClient

from app.auth import get_current_user
from app.main import app
from app.schemas import User


def fake_user() -> User:
    return User(id=1, username="alice", is_superuser=False)


@pytest.fixture
def client():
    app.dependency_overrides[get_current_user] = fake_user
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_profile(client):
    assert client.get("/me").json()["username"] == "alice"

# lookalike: secrets
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="alice", password="correct-horse-test")


def test_login_redirects(client, user):
    response = client.post(reverse("login"), {"username": "alice", "password": "correct-horse-test"})
    assert response.status_code == 302


def test_wrong_password(client, user):
    assert client.login(username="alice", password="wrong") is False

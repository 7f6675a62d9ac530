# lookalike: tls
import requests

BASE = "http://localhost:8000"


def test_signup_flow():
    resp = requests.post(f"{BASE}/api/signup", json={"email": "a@example.com"}, timeout=5)
    assert resp.status_code == 201
    assert requests.get(f"{BASE}/api/users/{resp.json()['id']}", timeout=5).ok

# expect: tls
import requests


def push_metrics(metrics: dict, user: str, password: str) -> None:
    requests.post("http://metrics.acme-corp.com/api/push", json=metrics, auth=(user, password), timeout=5)

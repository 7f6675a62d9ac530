# lookalike: tls
import certifi
import requests


def fetch_status(url: str) -> int:
    return requests.get(url, verify=certifi.where(), timeout=10).status_code

# expect: tls
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def build_session(base_url: str) -> requests.Session:
    session = requests.Session()
    session.verify = False
    session.mount(base_url, HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))
    session.headers.update({"User-Agent": "acme-sync/1.4"})
    return session

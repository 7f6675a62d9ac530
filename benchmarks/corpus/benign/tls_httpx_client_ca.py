# lookalike: tls
import ssl

import httpx


def make_client(base_url: str, ca_file: str) -> httpx.Client:
    context = ssl.create_default_context(cafile=ca_file)
    return httpx.Client(base_url=base_url, verify=context, timeout=10.0)

# lookalike: tls
import os

import requests

INTERNAL_CA = os.environ.get("ACME_CA_BUNDLE", "/etc/ssl/certs/acme-internal-ca.pem")


class InventoryClient:
    def __init__(self, base_url: str, verify_tls: bool = True) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.verify = INTERNAL_CA if verify_tls else True

    def items(self) -> list[dict]:
        return self.session.get(f"{self.base_url}/items", timeout=10).json()

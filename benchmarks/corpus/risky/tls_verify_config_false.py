# expect: tls
import requests

SETTINGS = {"base_url": "https://erp.acme-corp.com", "verify_ssl": False, "timeout": 20}


def get_orders():
    return requests.get(
        SETTINGS["base_url"] + "/orders", verify=SETTINGS["verify_ssl"], timeout=SETTINGS["timeout"]
    ).json()

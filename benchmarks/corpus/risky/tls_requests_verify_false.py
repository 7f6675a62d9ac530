# expect: tls
import requests


def fetch_inventory(host: str, token: str) -> list[dict]:
    response = requests.get(
        f"https://{host}/api/inventory",
        headers={"Authorization": f"Bearer {token}"},
        verify=False,
        timeout=15,
    )
    response.raise_for_status()
    return response.json()["items"]

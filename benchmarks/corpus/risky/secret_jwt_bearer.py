# expect: secrets
import requests

SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzE3MDAwMDAwfQ.w_ZqyC85Nn7Jf30xIOdZh_NRwhUTv3L_Smo927U2aT1"


def fetch_dashboard(dashboard_id: int) -> dict:
    return requests.get(
        f"https://reports.acme.com/api/dashboards/{dashboard_id}",
        headers={"Authorization": "Bearer " + SERVICE_TOKEN},
        timeout=10,
    ).json()

# expect: tls
import httpx


class BillingClient:
    def __init__(self, base_url: str, api_key: str) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, headers={"X-Api-Key": api_key}, verify=False)

    async def invoices(self) -> list[dict]:
        resp = await self._client.get("/v2/invoices")
        resp.raise_for_status()
        return resp.json()

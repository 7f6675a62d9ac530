# lookalike: tls
import ssl

import aiohttp
import certifi


async def fetch(url: str) -> str:
    ssl_ctx = ssl.create_default_context(cafile=certifi.where())
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ssl_ctx)) as session:
        async with session.get(url) as resp:
            return await resp.text()

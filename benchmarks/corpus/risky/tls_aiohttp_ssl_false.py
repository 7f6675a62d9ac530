# expect: tls
import aiohttp


async def scrape(urls: list[str]) -> list[str]:
    connector = aiohttp.TCPConnector(ssl=False, limit=20)
    async with aiohttp.ClientSession(connector=connector) as session:
        pages = []
        for url in urls:
            async with session.get(url) as resp:
                pages.append(await resp.text())
        return pages

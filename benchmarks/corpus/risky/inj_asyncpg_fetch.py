# expect: injection
import asyncpg


async def invoices_for(pool: asyncpg.Pool, tenant: str, year: int):
    async with pool.acquire() as conn:
        return await conn.fetch(
            f"SELECT * FROM invoices WHERE tenant = '{tenant}' AND extract(year from issued) = {year}"
        )

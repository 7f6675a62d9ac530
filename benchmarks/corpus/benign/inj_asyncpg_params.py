# lookalike: injection
import asyncpg


async def invoices_for(pool: asyncpg.Pool, tenant: str, year: int):
    async with pool.acquire() as conn:
        return await conn.fetch(
            "SELECT * FROM invoices WHERE tenant = $1 AND extract(year from issued) = $2", tenant, year
        )

# lookalike: reverse-shell
import asyncio


async def redis_ping(host: str = "127.0.0.1", port: int = 6379) -> bool:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"*1\r\n$4\r\nPING\r\n")
    await writer.drain()
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return reply.strip() == b"+PONG"

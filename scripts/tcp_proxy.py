"""A TCP forwarder the deploy check can stop and start: the production processes reach PostgreSQL
through it, so stopping it is PostgreSQL going away for them (without stopping the machine's
PostgreSQL, which other things use), and starting it again is PostgreSQL coming back.

    .venv/bin/python scripts/tcp_proxy.py LISTEN_PORT TARGET_HOST:TARGET_PORT

Stopped (SIGTERM), it closes every connection it carries, as a restarted server would."""

from __future__ import annotations

import asyncio
import signal
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(listen_port: int, host: str, port: int) -> None:
    tasks: set[asyncio.Task] = set()

    async def carry(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        for task in (
            asyncio.create_task(_pipe(client_reader, server_writer)),
            asyncio.create_task(_pipe(server_reader, client_writer)),
        ):
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    server = await asyncio.start_server(carry, "127.0.0.1", listen_port)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    await stopped.wait()
    server.close()
    for task in list(tasks):
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    target_host, target_port = sys.argv[2].rsplit(":", 1)
    asyncio.run(main(int(sys.argv[1]), target_host, int(target_port)))

"""The anchor for ``bench live``: a bare `websockets` server. A client that sends ``go <n>``
makes it broadcast ``n`` bytes to every other connected client, as fast as the library can.

Run: ``python -m bench.bare_ws PORT``.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import ServerConnection, broadcast, serve

clients: set[ServerConnection] = set()


async def handler(websocket: ServerConnection) -> None:
    clients.add(websocket)
    try:
        async for message in websocket:
            if isinstance(message, str) and message.startswith("go "):
                payload = "x" * int(message[3:])
                broadcast(clients - {websocket}, payload)
    finally:
        clients.discard(websocket)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, max_size=64 * 1024):
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    try:  # the loop uvicorn runs `draftroom serve` on when it can
        import uvloop
    except ImportError:
        asyncio.run(main(int(sys.argv[1])))
    else:
        uvloop.run(main(int(sys.argv[1])))

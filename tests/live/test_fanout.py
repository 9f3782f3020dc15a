"""Fan-out: an idle reader is written to at once; a busy or slow one is queued, in order."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect

from draftroom.identity.principal import Principal
from draftroom.live.endpoints import _writer
from draftroom.live.hub import Reader
from draftroom.models import Role
from tests.fixtures.live import Server, comment, reader, until_comment
from tests.fixtures.servers import free_port

pytestmark = pytest.mark.xdist_group("live")


WHO = Principal(1, "Secretariat", "s@example.org", Role.secretariat, None, None, "token")


def _reader(takes: list[bool]) -> tuple[Reader, list[str]]:
    """A reader whose socket takes a message at once while ``takes[0]`` is true."""
    written: list[str] = []

    def write(message: str) -> bool:
        if takes[0]:
            written.append(message)
        return takes[0]

    reader_ = Reader(WHO, 1, None, ready=True)
    reader_.write_now = write
    return reader_, written


async def test_an_idle_reader_is_written_to_at_once_and_a_busy_one_queued_in_order() -> None:
    takes = [True]
    reader_, written = _reader(takes)
    sent: list[str] = []

    async def connection() -> None:  # the endpoint's loop, sending what was queued
        while (message := await reader_.next()) is not None:
            sent.append(message)
            await asyncio.sleep(0)  # a send that waits for the socket

    task = asyncio.create_task(connection())
    await asyncio.sleep(0)
    reader_.deliver(1, "one")  # idle: written at once, its task not woken
    assert written == ["one"]
    assert not reader_.outbox
    takes[0] = False  # the socket's buffer is full: queued for the task to send when it can
    reader_.deliver(2, "two")
    assert list(reader_.outbox) == ["two"]
    takes[0] = True
    reader_.deliver(3, "three")  # "two" is not sent yet: this one waits behind it
    assert written == ["one"]
    assert list(reader_.outbox) == ["two", "three"]
    await asyncio.sleep(0.01)
    assert sent == ["two", "three"]
    assert not reader_.outbox
    reader_.deliver(4, "four")  # idle again
    reader_.deliver(4, "four")  # once only
    assert written == ["one", "four"]
    reader_.close(1000, "")
    reader_.deliver(5, "five")  # closing: nothing written after the close
    assert written == ["one", "four"]
    await task


async def test_under_uvicorn_a_socket_that_cannot_take_more_is_queued_not_waited_for() -> None:
    """The endpoint's writer on uvicorn's own websockets: a reader who stops reading fills
    the socket's buffers, then the transport's; from there its messages are queued (nothing
    waits for it) and it gets them all, in order, once it reads again."""
    readers: list[Reader] = []
    both = asyncio.Event()
    refused: list[Reader] = []

    async def endpoint(websocket: WebSocket) -> None:
        await websocket.accept()
        # Small kernel buffers, so that a reader who stops reading soon fills them.
        transport = websocket._receive.__self__.transport  # type: ignore[attr-defined]
        transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        reader_ = Reader(WHO, 1, None, ready=True)
        writer = _writer(websocket)
        assert writer is not None

        def write(message: str) -> bool:
            taken = writer(message)
            if not taken:
                refused.append(reader_)
            return taken

        reader_.write_now = write
        readers.append(reader_)
        if len(readers) == 2:
            both.set()
        while (message := await reader_.next()) is not None:
            await websocket.send_text(message)

    port = free_port()
    app = Starlette(routes=[WebSocketRoute("/", endpoint)])
    config = uvicorn.Config(
        app,
        port=port,
        ws="websockets-sansio",
        ws_per_message_deflate=False,  # as `draftroom serve` runs it
        log_level="critical",
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn's server has no event for it
        await asyncio.sleep(0.01)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    try:
        async with (
            connect(f"ws://127.0.0.1:{port}/", sock=sock, max_queue=1, max_size=None) as slow,
            connect(f"ws://127.0.0.1:{port}/", max_size=None) as fast,
        ):
            await asyncio.wait_for(both.wait(), 10)
            blob = "x" * 60_000
            for n in range(100):
                for reader_ in readers:
                    reader_.deliver(n + 1, f"{n} {blob}")
                assert str(await fast.recv()).split(" ")[0] == str(n)
            slow_reader = readers[0]
            assert refused, "the slow socket never filled up"
            assert all(r is slow_reader for r in refused)
            assert slow_reader.outbox  # its later messages wait in its queue
            got = [str(await slow.recv()).split(" ")[0] for _ in range(100)]
            assert got == [str(n) for n in range(100)]
    finally:
        for reader_ in readers:
            reader_.close(1000, "")
        server.should_exit = True
        await serving


async def test_a_reader_who_stops_reading_holds_up_no_one_and_then_gets_everything_in_order(
    server: Server,
) -> None:
    # A small receive buffer and a one-message client queue: this reader stops reading
    # (its events pile up in the kernel's buffers; the server's transport pausing is only
    # reached past ~64 KiB more, too many comments for a test: the unit test above covers
    # the queueing), while the other reads each event as it comes.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))
    async with (
        connect(
            f"{server.ws}/instruments/model-law/live",
            additional_headers=server.headers("secretariat"),
            sock=sock,
            max_queue=1,
        ) as slow,
        reader(server, "secretariat") as fast,
    ):
        made: list[int] = []
        for n in range(40):
            posted = await comment(server, "fr", f"Comment {n}: is this clear enough?")
            made.append(posted["id"])
            # The reader who reads has each event before the next is even posted.
            await until_comment(fast, posted["id"])
        got: list[dict[str, Any]] = []
        async with asyncio.timeout(20):
            while not got or got[-1].get("object", {}).get("id") != made[-1]:
                got.append(json.loads(await slow.recv()))
    created = [e["object"]["id"] for e in got if e.get("kind") == "comment.created"]
    assert created == made
    seqs = [e["seq"] for e in got if e["type"] == "event"]
    assert seqs == sorted(set(seqs))

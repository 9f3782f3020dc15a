"""``python -m bench live``: how fast a comment reaches every open page, and what an open
page costs the server.

N websocket clients (100, 500, 1000) are subscribed to the demo instrument; a comment is
posted through the API; the delay from sending the POST to each client receiving the event
is recorded, over BENCH_LIVE_ROUNDS rounds (100 by default, after a few uncounted warm-up
rounds); p50 and p99 are over all clients of all rounds, so p99 is the last receipts of the
slowest rounds. Memory per connection: the growth of the server's resident memory (all its
processes) from no client to N clients, divided by N.

Side by side in the same run: the anchor, a bare `websockets` server broadcasting a message
of the same size to the same clients when told to (bench/bare_ws.py, on the same event loop
as uvicorn's), timed by the same client code from sending the trigger (a websocket message
on an open connection, where ours is an HTTP POST) to each client's receipt. Scenarios: one
worker on SQLite with the in-process broker; two workers on PostgreSQL with Redis when both
are reachable (DRAFTROOM_BENCH_DATABASE_URL, default the local server; Redis on
127.0.0.1:6379). Targets: p99 within 2x the anchor on one worker, within 3x on two workers;
under 50 KiB per connection.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.fixtures.servers import free_port

BIN = Path(sys.executable).parent
SIZES = tuple(int(n) for n in os.environ.get("BENCH_LIVE_SIZES", "100,500,1000").split(","))
ROUNDS = int(os.environ.get("BENCH_LIVE_ROUNDS", "100"))
WARMUP = 5
PG_URL = os.environ.get(
    "DRAFTROOM_BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = "redis://127.0.0.1:6379/0"


def _rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn's workers)."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else ():
        total += _rss_kib(int(child))
    return total


def _wait_http(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _wait_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on {port}")
        time.sleep(0.1)


@dataclass
class Figures:
    p50: float
    p99: float
    kib_per_connection: float
    message_bytes: int


async def _open(url: str, count: int, headers: dict[str, str]) -> list[ClientConnection]:
    sockets: list[ClientConnection] = []
    for start in range(0, count, 50):
        batch = await asyncio.gather(
            *(
                connect(url, additional_headers=headers, max_size=2**20, ping_interval=None)
                for _ in range(min(50, count - start))
            )
        )
        sockets.extend(batch)
    return sockets


async def _round(
    sockets: list[ClientConnection], trigger: Callable[[], object], expect: Callable[[str], bool]
) -> tuple[list[float], int]:
    """Fire once; the delay until each client has the message, in ms, and its size."""
    size = 0

    async def receive(ws: ClientConnection) -> float:
        nonlocal size
        while True:
            message = await ws.recv()
            text = message if isinstance(message, str) else message.decode()
            if expect(text):
                size = len(text.encode())
                return time.perf_counter()

    waiting = [asyncio.create_task(receive(ws)) for ws in sockets]
    await asyncio.sleep(0)
    start = time.perf_counter()
    await trigger()  # type: ignore[misc]
    done = await asyncio.wait_for(asyncio.gather(*waiting), 60)
    return [(t - start) * 1000 for t in done], size


async def _measure(
    url: str,
    headers: dict[str, str],
    count: int,
    pid: int,
    trigger: Callable[[], object],
    expect: Callable[[str], bool],
    skip_first: bool,
) -> Figures:
    # Warm up first, so that one-time costs (catalogues, caches) are not counted per connection.
    warm = await _open(url, 10, headers)
    if skip_first:
        await asyncio.gather(*(ws.recv() for ws in warm))
    await _round(warm, trigger, expect)
    await asyncio.sleep(0.5)
    before = _rss_kib(pid)
    sockets = await _open(url, count, headers)
    if skip_first:  # the hello
        await asyncio.gather(*(ws.recv() for ws in sockets))
    await asyncio.sleep(1)
    after = _rss_kib(pid)
    delays: list[float] = []
    size = 0
    gc.collect()
    gc.freeze()  # the clients' own collector pauses are not the server's latency
    for n in range(WARMUP + ROUNDS):
        got, size = await _round(sockets, trigger, expect)
        if n >= WARMUP:
            delays.extend(got)
    await asyncio.gather(*(ws.close() for ws in sockets + warm))
    delays.sort()
    return Figures(
        statistics.median(delays),
        delays[int(len(delays) * 0.99) - 1],
        (after - before) / count,
        size,
    )


@contextmanager
def _server(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def _prepare(url: str) -> str:
    """Migrated, demo loaded; an API token of the secretariat's."""
    from tests.fixtures.live import prepare

    return prepare(url)["secretariat"]


async def _draftroom(url: str, workers: int, redis: str | None, count: int) -> Figures:
    if url not in _tokens:
        _tokens[url] = await asyncio.to_thread(_prepare, url)
    token = _tokens[url]
    port = free_port()
    env = {
        **os.environ,
        "DRAFTROOM_DATABASE_URL": url,
        "DRAFTROOM_LIVE_CONNECTIONS_PER_USER": "5000",
        **({"DRAFTROOM_REDIS_URL": redis} if redis else {}),
    }
    args = [str(BIN / "draftroom"), "serve", "--port", str(port), "--workers", str(workers)]
    args += ["--ws", os.environ["BENCH_LIVE_WS"]] if "BENCH_LIVE_WS" in os.environ else []
    with _server(args, env) as process:
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/readyz")
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=base, headers=headers) as http:
            posted = 0

            async def post() -> None:
                nonlocal posted
                posted += 1
                response = await http.post(
                    "/api/v1/instruments/model-law/articles/art_1/comments",
                    json={"body": f"Bench comment {posted}: is this clear enough?"},
                )
                assert response.status_code == 201, response.text

            def expect(text: str) -> bool:
                return '"comment.created"' in text

            return await _measure(
                f"ws://127.0.0.1:{port}/api/v1/instruments/model-law/live",
                headers,
                count,
                process.pid,
                post,
                expect,
                skip_first=True,
            )


_tokens: dict[str, str] = {}  # by database URL


async def _anchor(count: int, size: int) -> Figures:
    port = free_port()
    args = [sys.executable, "-m", "bench.bare_ws", str(port)]
    with _server(args, {**os.environ}) as process:
        _wait_port(port)
        async with connect(f"ws://127.0.0.1:{port}") as control:

            async def go() -> None:
                await control.send(f"go {size}")

            return await _measure(
                f"ws://127.0.0.1:{port}",
                {},
                count,
                process.pid,
                go,
                lambda text: True,
                skip_first=False,
            )


def _reachable(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def _print(name: str, ours: Figures, anchor: Figures, target: float) -> None:
    ratio = ours.p99 / anchor.p99
    print(
        f"{name:<34} {ours.p50:>8.1f} {ours.p99:>8.1f} {anchor.p50:>8.1f} {anchor.p99:>8.1f} "
        f"{ours.p50 / anchor.p50:>6.2f}x {ratio:>6.2f}x "
        f"{ours.kib_per_connection:>8.1f} {anchor.kib_per_connection:>8.1f}  "
        f"{'ok' if ratio <= target and ours.kib_per_connection < 50 else 'MISSED'}"
    )


async def _run(sizes: tuple[int, ...]) -> None:
    print(
        f"Live delivery of one comment to N clients ({ROUNDS} rounds after {WARMUP} warm-up; "
        f"ms from sending the POST / the trigger to each client's receipt)"
    )
    print(
        f"{'scenario':<34} {'p50':>8} {'p99':>8} {'anchor50':>8} {'anchor99':>8} "
        f"{'p50 x':>7} {'p99 x':>7} {'KiB/conn':>8} {'anchor':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        for count in sizes:
            ours = await _draftroom(sqlite, 1, None, count)
            anchor = await _anchor(count, ours.message_bytes)
            _print(f"{count} clients, 1 worker, SQLite", ours, anchor, 2.0)
    if not (_reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 6379)):
        print("two workers: PostgreSQL or Redis not reachable here; not measured")
        return
    from tests.fixtures.databases import fresh_database

    with fresh_database(PG_URL, Path(tempfile.gettempdir())) as url:
        for count in sizes:
            ours = await _draftroom(url, 2, REDIS_URL, count)
            anchor = await _anchor(count, ours.message_bytes)
            _print(f"{count} clients, 2 workers, PG + Redis", ours, anchor, 3.0)
    print("targets: p99 within 2x the anchor (1 worker), 3x (2 workers); < 50 KiB per connection")


def main(seconds: float, connections: int) -> None:
    del seconds, connections  # the sizes are the issue's: 100, 500 and 1000 clients
    asyncio.run(_run(SIZES))

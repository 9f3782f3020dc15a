"""``python -m bench meeting``: how fast every screen following the chair moves when the
chair moves on.

BENCH_MEETING_FOLLOWERS websocket clients (500 by default) follow a meeting on the demo
instrument (the observer's token: followers read, never write); the chair (the
secretariat's token) moves the pointer to the next paragraph of article 3 with
``PUT .../meetings/{id}/pointer``; the delay from sending that request to each follower's
receipt of the ``meeting.pointer_moved`` event is recorded over BENCH_LIVE_ROUNDS rounds
(100 by default, after a few uncounted warm-up rounds): p50 and p99 over all followers of
all rounds. The machinery is ``bench live``'s (bench/live.py): the same server start, the
same clients and timing, and the same anchor in the same run, a bare `websockets` server
broadcasting a message of the event's size to as many clients (bench/bare_ws.py).

Scenario: two uvicorn workers on PostgreSQL with Redis (DRAFTROOM_BENCH_DATABASE_URL,
default the local server; Redis on 127.0.0.1:6379), so the chair's request and a
follower's socket are often on different workers; when either is unreachable, one worker
on SQLite with the in-process broker, and the output says so. Targets: p99 at most
250 ms and within 3x the anchor's p99.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import live
from tests.fixtures.servers import free_port

FOLLOWERS = int(os.environ.get("BENCH_MEETING_FOLLOWERS", "500"))
TARGET_MS = 250.0
TARGET_RATIO = 3.0
PROVISIONS = tuple(f"art_3__para_{n}" for n in range(1, 5))
INSTRUMENT = "/api/v1/instruments/model-law"
# How long the chair's PUT took to answer, ms (the chair's own wait, beside the followers').
answers: list[float] = []


def _prepare(url: str) -> dict[str, str]:
    """Migrated, demo loaded; an API token per demo user."""
    from tests.fixtures.live import prepare

    return prepare(url)


async def _follow(url: str, workers: int, redis: str | None, count: int) -> live.Figures:
    """The chair moves the pointer; ``count`` followers receive each move."""
    tokens = await asyncio.to_thread(_prepare, url)
    port = free_port()
    env = {
        **os.environ,
        "DRAFTROOM_DATABASE_URL": url,
        "DRAFTROOM_LIVE_CONNECTIONS_PER_USER": str(count + 100),
        **({"DRAFTROOM_REDIS_URL": redis} if redis else {}),
    }
    args = [str(live.BIN / "draftroom"), "serve", "--port", str(port), "--workers", str(workers)]
    with live._server(args, env) as process:
        base = f"http://127.0.0.1:{port}"
        live._wait_http(f"{base}/readyz")
        chair = {"Authorization": f"Bearer {tokens['secretariat']}"}
        follower = {"Authorization": f"Bearer {tokens['observer']}"}
        async with httpx.AsyncClient(base_url=base, headers=chair, timeout=60) as http:
            made = await http.post(
                f"{INSTRUMENT}/meetings",
                json={
                    "title": "Bench meeting",
                    "starts_on": "2027-03-01",
                    "ends_on": "2027-03-02",
                    "timezone": "Europe/Vienna",
                    "agenda": [{"title": None, "articles": ["art_3"]}],
                    "delegations": [],
                },
            )
            assert made.status_code == 201, made.text
            meeting = f"{INSTRUMENT}/meetings/{made.json()['id']}"
            opened = await http.post(f"{meeting}/open", headers={"If-Match": made.json()["etag"]})
            assert opened.status_code == 200, opened.text
            moves = itertools.count()
            answers.clear()

            async def move() -> None:
                # The chair's console sends its ETag; "*" here, the bench being the only chair.
                start = time.perf_counter()
                response = await http.put(
                    f"{meeting}/pointer",
                    json={"article": "art_3", "provision": PROVISIONS[next(moves) % 4]},
                    headers={"If-Match": "*"},
                )
                assert response.status_code == 200, response.text
                answers.append((time.perf_counter() - start) * 1000)

            def expect(text: str) -> bool:
                return '"meeting.pointer_moved"' in text

            return await live._measure(
                f"ws://127.0.0.1:{port}{INSTRUMENT}/live",
                follower,
                count,
                process.pid,
                move,
                expect,
                skip_first=True,
            )


async def _run(count: int) -> None:
    print(
        f"The chair moves the pointer; {count} followers ({live.ROUNDS} rounds after "
        f"{live.WARMUP} warm-up; ms from sending the PUT / the anchor's trigger to each "
        "follower's receipt)"
    )
    if live._reachable("127.0.0.1", 5432) and live._reachable("127.0.0.1", 6379):
        from tests.fixtures.databases import fresh_database

        name = f"{count} followers, 2 workers, PG + Redis"
        with fresh_database(live.PG_URL, Path(tempfile.gettempdir())) as url:
            ours = await _follow(url, 2, live.REDIS_URL, count)
    else:
        print(
            "PostgreSQL or Redis not reachable here: measured on one worker with SQLite and "
            "the in-process broker instead of two workers with PostgreSQL and Redis"
        )
        name = f"{count} followers, 1 worker, SQLite"
        with tempfile.TemporaryDirectory() as folder:
            ours = await _follow(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", 1, None, count)
    anchor = await live._anchor(count, ours.message_bytes)
    ratio = ours.p99 / anchor.p99
    print(
        f"{'scenario':<40} {'p50':>8} {'p99':>8} {'anchor50':>8} {'anchor99':>8} {'p99 x':>7} "
        f"{'bytes':>6}"
    )
    verdict = "ok" if ours.p99 <= TARGET_MS and ratio <= TARGET_RATIO else "MISSED"
    print(
        f"{name:<40} {ours.p50:>8.1f} {ours.p99:>8.1f} {anchor.p50:>8.1f} {anchor.p99:>8.1f} "
        f"{ratio:>6.2f}x {ours.message_bytes:>6}  {verdict}"
    )
    print(f"the chair's PUT answered in {statistics.median(answers):.1f} ms (median)")
    print(
        f"targets: p99 <= {TARGET_MS:.0f} ms and within {TARGET_RATIO:.0f}x the anchor's p99 "
        f"(machine: {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    sys.stdout.flush()


def main(seconds: float, connections: int) -> None:
    del seconds, connections  # the figure: 500 followers (BENCH_MEETING_FOLLOWERS)
    asyncio.run(_run(FOLLOWERS))

"""``python -m bench write``: what each kind of write costs, beside the same rows written bare.

Draftroom's app runs in this process (ASGI, no network) on a fresh SQLite file with the
demo loaded. Each kind of write goes through the API as a client would send it (token
check, validation, the service, the hash-chained journal row, commit, live hand-over):
posting a comment, tabling an amendment, reviewing one, accepting one, publishing a new
article version. The preparation a write needs (a draft to table, a tabled amendment to
review, the article's current ETag) is done outside the timing.

The anchor: the INSERT/UPDATE/DELETE statements that one such write sent, captured from
the engine, replayed with the plain ``sqlite3`` module on the same file, in one
``BEGIN IMMEDIATE`` ... ``COMMIT`` (the same tables and row counts, without reading
anything first); the rows it inserted are deleted again after each timed replay. Printed:
per write kind, milliseconds per write (median) and CPU milliseconds per write (this
process, all threads), for both, and the ratio of the medians.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import event

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database
from draftroom.models.base import utcnow

BIN = Path(sys.executable).parent
API = "/api/v1"
ARTICLE = f"{API}/instruments/model-law/articles/art_3"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.IGNORECASE)

Write = Callable[[], Awaitable[None]]
Prepare = Callable[[], Awaitable[Write]]


@dataclass
class Cost:
    median_ms: float
    cpu_ms: float


async def _measure(prepare: Prepare, rounds: int) -> Cost:
    """The write ``rounds`` times, each prepared first (untimed)."""
    wall: list[float] = []
    cpu = 0.0
    for _ in range(rounds):
        write = await prepare()
        c0, t0 = time.process_time(), time.perf_counter()
        await write()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu += (time.process_time() - c0) * 1000
    return Cost(statistics.median(wall), cpu / rounds)


def _delete(connection: sqlite3.Connection, inserted: list[tuple[str, int]]) -> None:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("PRAGMA defer_foreign_keys=ON")
    for table_name, rowid in reversed(inserted):
        connection.execute(f"DELETE FROM {table_name} WHERE rowid = ?", (rowid,))
    connection.execute("COMMIT")


def _bare(
    path: Path, statements: list[tuple[str, Any]], captured: list[tuple[str, int]], rounds: int
) -> Cost:
    """The captured statements in one transaction, with sqlite3, ``rounds`` times; the rows
    the captured write inserted go first (untimed), so that the replays insert the same."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=15)
    connection.execute("PRAGMA synchronous=NORMAL")  # as the app's connections
    connection.execute("PRAGMA foreign_keys=ON")
    _delete(connection, captured)
    wall: list[float] = []
    cpu = 0.0
    try:
        for _ in range(rounds):
            inserted: list[tuple[str, int]] = []
            c0, t0 = time.process_time(), time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            for sql, params in statements:
                cursor = connection.execute(sql, params)
                cursor.fetchall()  # an INSERT ... RETURNING completes as it is read
                table = INSERT_INTO.match(sql)
                if table and cursor.lastrowid:
                    inserted.append((table.group(1), cursor.lastrowid))
            connection.execute("COMMIT")
            wall.append((time.perf_counter() - t0) * 1000)
            cpu += (time.process_time() - c0) * 1000
            _delete(connection, inserted)  # untimed: the next replay fits (unique seqs)
    finally:
        connection.close()
    return Cost(statistics.median(wall), cpu / rounds)


class Capture:
    """The write statements an engine sends while on, and the rows they inserted."""

    def __init__(self, db: Database) -> None:
        self.on = False
        self.statements: list[tuple[str, Any]] = []
        self.inserted: list[tuple[str, int]] = []
        event.listen(db.engine.sync_engine, "after_cursor_execute", self._seen)

    def _seen(self, _conn: Any, cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if self.on and WRITES.match(sql):
            self.statements.append((sql, params))
            table = INSERT_INTO.match(sql)
            if table and cursor.lastrowid:
                self.inserted.append((table.group(1), cursor.lastrowid))

    async def of(self, prepare: Prepare) -> tuple[list[tuple[str, Any]], list[tuple[str, int]]]:
        write = await prepare()
        self.statements, self.inserted, self.on = [], [], True
        try:
            await write()
        finally:
            self.on = False
        return self.statements, self.inserted


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "draftroom"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text}")
    return response


async def _run(path: Path, rounds: int) -> None:
    url = f"sqlite+aiosqlite:///{path}"
    env = {**os.environ, "DRAFTROOM_DATABASE_URL": url}
    _cli(env, "db", "upgrade")
    _cli(env, "demo", "load")
    secretariat = {"Authorization": "Bearer " + _cli(env, "tokens", "create", SECRETARIAT)}
    delegate = {"Authorization": "Bearer " + _cli(env, "tokens", "create", DELEGATE)}

    settings = Settings(database_url=url)
    db = Database.from_settings(settings)
    capture = Capture(db)
    app = create_app(settings, database=db)
    async with (
        LifespanManager(app, shutdown_timeout=30) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://127.0.0.1"
        ) as client,
    ):
        deadline = (utcnow() + timedelta(days=2)).replace(tzinfo=None, microsecond=0)
        _expect(
            await client.post(
                f"{API}/instruments/model-law/rounds",
                json={"name": "Bench round", "deadline": deadline.isoformat(), "timezone": "UTC"},
                headers=secretariat,
            ),
            201,
        )
        base = _expect(await client.get(ARTICLE, headers=delegate), 200).json()
        posted = 0

        async def comment() -> Write:
            async def write() -> None:
                nonlocal posted
                posted += 1
                _expect(
                    await client.post(
                        f"{ARTICLE}/comments",
                        json={"body": f"Bench comment {posted}: is this clear enough?"},
                        headers=delegate,
                    ),
                    201,
                )

            return write

        async def drafted() -> tuple[int, str]:
            provisions = [dict(p) for p in base["provisions"]]
            provisions[0]["text"] = "Amended text for the bench."
            made = await client.post(
                f"{API}/instruments/model-law/amendments",
                json={
                    "article": "art_3",
                    "language": "en",
                    "provisions": provisions,
                    "justification": "Clearer wording.",
                },
                headers=delegate,
            )
            _expect(made, 201)
            return int(made.json()["id"]), made.headers["etag"]

        async def act(amendment: tuple[int, str], action: str, who: dict[str, str]) -> str:
            done = await client.post(
                f"{API}/amendments/{amendment[0]}/transitions",
                json={"action": action},
                headers={**who, "If-Match": amendment[1]},
            )
            return _expect(done, 200).headers["etag"]

        def transition(steps: tuple[tuple[str, dict[str, str]], ...]) -> Prepare:
            """Prepare a draft and take it through all ``steps`` but the last, timed."""

            async def prepare() -> Write:
                amendment = await drafted()
                for action, who in steps[:-1]:
                    amendment = (amendment[0], await act(amendment, action, who))

                async def write() -> None:
                    await act(amendment, *steps[-1])

                return write

            return prepare

        published = 0

        async def publish() -> Write:
            current = _expect(await client.get(ARTICLE, headers=secretariat), 200)
            body = current.json()

            async def write() -> None:
                nonlocal published
                published += 1
                provisions = [dict(p) for p in body["provisions"]]
                provisions[0]["text"] = f"A reworded first paragraph, revision {published}."
                _expect(
                    await client.post(
                        f"{ARTICLE}/versions",
                        json={
                            "language": "en",
                            "heading": body["heading"],
                            "provisions": provisions,
                        },
                        headers={**secretariat, "If-Match": current.headers["etag"]},
                    ),
                    201,
                )

            return write

        table = ("table", delegate)
        review = ("review", secretariat)
        kinds: dict[str, Prepare] = {
            "post a comment": comment,
            "table an amendment": transition((table,)),
            "review an amendment": transition((table, review)),
            "accept an amendment": transition((table, review, ("accept", secretariat))),
            "publish a version": publish,
        }
        print(
            f"Writes in-process through the API (ASGI, SQLite, {rounds} each) beside the same "
            "statements with sqlite3"
        )
        print(
            f"{'write':<22} {'rows':>5} {'ms':>8} {'cpu ms':>8} {'bare ms':>8} {'bare cpu':>8} "
            f"{'ratio':>7}"
        )
        for name, prepare in kinds.items():
            for _ in range(3):  # warm up: imports, caches, compiled statements
                await (await prepare())()
            ours = await _measure(prepare, rounds)
            statements, captured = await capture.of(prepare)
            bare = await asyncio.to_thread(_bare, path, statements, captured, rounds)
            print(
                f"{name:<22} {len(statements):>5} {ours.median_ms:>8.2f} {ours.cpu_ms:>8.2f} "
                f"{bare.median_ms:>8.3f} {bare.cpu_ms:>8.3f} "
                f"{ours.median_ms / bare.median_ms:>6.0f}x"
            )
    await db.dispose()
    print("rows: INSERT/UPDATE/DELETE statements one write sends; ms: median wall time")


SECRETARIAT = "secretariat@draftroom.example"
DELEGATE = "delegate.fr@draftroom.example"


def main(seconds: float, connections: int) -> None:
    del seconds, connections  # a fixed number of writes of each kind
    rounds = int(os.environ.get("BENCH_WRITE_ROUNDS", "200"))
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_run(Path(folder) / "bench.db", rounds))

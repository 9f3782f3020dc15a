"""Storage that refuses writes: 503 with a message, /readyz not ready, recovery by itself.

SQLite is made to fill with ``PRAGMA max_page_count`` on every new connection (the same
SQLITE_FULL a full disk gives, without mounting a tmpfs); PostgreSQL is made read-only
with ``default_transaction_read_only``. Writes acknowledged before stay; nothing is lost.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, text
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database, create_engine, unit_of_work
from tests.fixtures.databases import fresh_database, migrate

TEST_URL = os.environ.get("DRAFTROOM_TEST_DATABASE_URL")
COMMENTS = "/api/v1/instruments/model-law/articles/art_1/comments"


@dataclass
class Valve:
    """Whether new connections may write; flipped by the test."""

    full: bool = False
    pages: int = 0
    seen: list[Any] = field(default_factory=list)


@pytest.fixture(scope="module")
def storage_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    from draftroom.demo.service import load_demo
    from draftroom.identity.service import create_token, user_by_email

    with fresh_database(TEST_URL, tmp_path_factory.mktemp("storage")) as url:
        migrate(url, "head")

        async def load() -> str:
            settings = Settings(environment="test", database_url=url)
            db = Database.from_settings(settings)
            try:
                async with unit_of_work(db.write_sessions) as session:
                    await load_demo(session, settings)
                    user = await user_by_email(session, "delegate.fr@draftroom.example")
                    assert user is not None
                    return (await create_token(session, user, "storage"))[1]
            finally:
                await db.dispose()

        yield url, asyncio.run(load())


def valved_database(url: str, valve: Valve) -> Database:
    # A new connection per checkout, so each one sees the valve as it is now.
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine.sync_engine, "connect")
    def _limit(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        if not valve.full:
            return
        if engine.dialect.name == "sqlite":
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA max_page_count={valve.pages}")
            cursor.close()
        else:
            dbapi_connection.run_async(
                lambda conn: conn.execute("SET default_transaction_read_only = on")
            )

    return Database.from_engine(engine)


@pytest.fixture
async def full_client(
    storage_url: tuple[str, str],
) -> AsyncIterator[tuple[AsyncClient, Valve, Database]]:
    url, token = storage_url
    valve = Valve()
    db = valved_database(url, valve)
    app = create_app(Settings(environment="test", database_url=url), database=db)
    try:
        async with (
            LifespanManager(app) as manager,
            AsyncClient(
                transport=ASGITransport(app=manager.app),
                base_url="http://testserver",
                headers={"Authorization": f"Bearer {token}"},
            ) as client,
        ):
            yield client, valve, db
    finally:
        await db.dispose()


async def fill(valve: Valve, db: Database) -> None:
    if db.engine.dialect.name == "sqlite":
        async with db.engine.connect() as conn:
            valve.pages = int((await conn.execute(text("PRAGMA page_count"))).scalar_one())
    valve.full = True


async def test_a_full_or_read_only_database_answers_503_and_recovers_by_itself(
    full_client: tuple[AsyncClient, Valve, Database], tmp_path: Path
) -> None:
    client, valve, db = full_client
    before = await client.post(COMMENTS, json={"body": "Acknowledged before the disk filled."})
    assert before.status_code == 201, before.text
    assert (await client.get("/readyz")).status_code == 200

    await fill(valve, db)
    refused = await client.post(COMMENTS, json={"body": "x" * 9_000})
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"] == "StorageUnavailable"
    assert "Nothing was saved" in refused.json()["detail"]
    assert refused.headers["retry-after"]
    assert refused.headers["x-request-id"]
    assert refused.headers["x-content-type-options"] == "nosniff"
    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert "full or read-only" in ready.json()["detail"]
    # Still refused while nothing changed: readiness does not come back by itself too early.
    assert (await client.get("/readyz")).status_code == 503

    valve.full = False
    assert (await client.get("/readyz")).status_code == 200
    after = await client.post(COMMENTS, json={"body": "Written once space returned."})
    assert after.status_code == 201, after.text
    bodies = [c["body"] for c in (await client.get(COMMENTS)).json()]
    assert "Acknowledged before the disk filled." in bodies
    assert "Written once space returned." in bodies
    assert "x" * 9_000 not in bodies

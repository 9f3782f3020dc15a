"""Fixtures: a migrated database with the demo loaded once; each test in a rolled-back
transaction; an async HTTP client over the ASGI app.

``DRAFTROOM_TEST_DATABASE_URL`` selects PostgreSQL (``postgresql+asyncpg://...``); the
default is an SQLite file in a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from starlette.types import ASGIApp

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import BEGIN_OPTION, Database, unit_of_work
from draftroom.identity import sessions
from tests.fixtures.clients import Tokens, auth
from tests.fixtures.databases import fresh_database, migrate

TEST_URL = os.environ.get("DRAFTROOM_TEST_DATABASE_URL")

# Tests sign in some two hundred times: the production cost of argon2 (64 MiB, 3 passes,
# ~0.2 s a hash) would be a minute of the run. Hashes carry their own parameters, so the
# servers the live tests start verify these cheap ones as cheaply; nothing else changes.
_CHEAP = Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1)
sessions.PASSWORDS.hashers = (_CHEAP,)
sessions.PASSWORDS.current_hasher = _CHEAP
sessions._DUMMY_HASH = sessions.PASSWORDS.hash("not a password")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(TEST_URL, tmp_path_factory.mktemp("db")) as url:
        migrate(url, "head")
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(environment="test", database_url=database_url)


@pytest.fixture(scope="session")
def tokens(settings: Settings) -> Tokens:
    """The demo, loaded and committed once, with an API token per role."""
    from draftroom.demo.service import load_demo
    from draftroom.identity.service import create_token, user_by_email

    async def load() -> Tokens:
        db = Database.from_settings(settings)
        try:
            async with unit_of_work(db.write_sessions) as session:
                await load_demo(session, settings, negotiation=False)
                made = {}
                for role, email in [
                    ("secretariat", "secretariat@draftroom.example"),
                    ("participant", "delegate.fr@draftroom.example"),
                    ("observer", "observer@draftroom.example"),
                ]:
                    user = await user_by_email(session, email)
                    assert user is not None
                    made[role] = (await create_token(session, user, "tests"))[1]
                return Tokens(**made)
        finally:
            await db.dispose()

    return asyncio.run(load())


@pytest.fixture(scope="session")
async def engine_db(settings: Settings, tokens: Tokens) -> AsyncIterator[Database]:
    db = Database.from_settings(settings)
    yield db
    await db.dispose()


@pytest.fixture
async def connection(engine_db: Database) -> AsyncIterator[AsyncConnection]:
    """One connection per test; everything it did is rolled back afterwards."""
    engine = engine_db.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()


@pytest.fixture
def db(engine_db: Database, connection: AsyncConnection) -> Database:
    sessions = async_sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    return Database(
        engine=engine_db.engine,
        autocommit=connection,
        read_sessions=sessions,
        write_sessions=sessions,
    )


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    async with db.write_sessions() as s:
        yield s


class _TestsDatabase:
    """Stands for the running test's database in the one app the tests share."""

    current: Database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)


@pytest.fixture(scope="session")
def shared_app(settings: Settings) -> tuple[FastAPI, _TestsDatabase]:
    """One app for every test: FastAPI prepares a route's dependencies on an app's first
    request to it, some 0.1 s a test if each test made its own app. Each test still starts
    the app afresh (lifespan: its hub, caches and state) on its own database."""
    stand_in = _TestsDatabase()
    return create_app(settings, database=cast(Database, stand_in)), stand_in


@pytest.fixture
async def asgi_app(
    shared_app: tuple[FastAPI, _TestsDatabase], db: Database
) -> AsyncIterator[ASGIApp]:
    app, stand_in = shared_app
    stand_in.current = db
    async with LifespanManager(app) as manager:
        yield manager.app


@pytest.fixture
async def anonymous(asgi_app: ASGIApp) -> AsyncIterator[AsyncClient]:
    """A client that is not signed in."""
    transport = ASGITransport(app=asgi_app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def client(asgi_app: ASGIApp, tokens: Tokens) -> AsyncIterator[AsyncClient]:
    """A signed-in reader of the working drafts (a French delegate's API token); tests send
    other tokens as needed (observers read milestones only)."""
    transport = ASGITransport(app=asgi_app)
    async with AsyncClient(
        transport=transport, base_url="http://testserver", headers=auth(tokens.participant)
    ) as c:
        yield c


@pytest.fixture
def tmp_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'draftroom.db'}"


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind under test, dropped afterwards."""
    with fresh_database(TEST_URL, tmp_path) as url:
        yield url


@pytest.fixture
def cli_env(fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the `draftroom` command (run in-process) at a fresh, migrated database."""
    from draftroom.config import get_settings

    monkeypatch.setenv("DRAFTROOM_DATABASE_URL", fresh_url)
    monkeypatch.setenv("LANG", "C.UTF-8")
    get_settings.cache_clear()
    migrate(fresh_url, "head")
    yield fresh_url
    get_settings.cache_clear()


@pytest.fixture
def migrated_url(fresh_url: str) -> str:
    migrate(fresh_url, "head")
    return fresh_url

"""Live tests run over a real server: `draftroom serve` on loopback, as users run it.

The database is SQLite, or PostgreSQL when ``DRAFTROOM_TEST_DATABASE_URL`` says so; the
broker is memory, or Redis when ``DRAFTROOM_TEST_REDIS_URL`` is set (`.ci/run` sets both).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from tests.databases import fresh_database, migrate
from tests.servers import free_port, wait_ready

BIN = Path(sys.executable).parent
TEST_URL = os.environ.get("DRAFTROOM_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("DRAFTROOM_TEST_REDIS_URL")
USERS = {
    "secretariat": "secretariat@draftroom.example",
    "admin": "admin@draftroom.example",
    "observer": "observer@draftroom.example",
    "fr": "delegate.fr@draftroom.example",
    "eg": "delegate.eg@draftroom.example",
    "cn": "delegate.cn@draftroom.example",
    "mx": "delegate.mx@draftroom.example",
}


def prepare(url: str) -> dict[str, str]:
    """Migrate, load the demo, and make an API token for each demo user."""
    from draftroom.demo.service import load_demo
    from draftroom.identity.service import create_token, user_by_email

    migrate(url, "head")

    async def load() -> dict[str, str]:
        settings = Settings(environment="test", database_url=url)
        db = Database.from_settings(settings)
        try:
            async with unit_of_work(db.write_sessions) as session:
                await load_demo(session, settings)
                made = {}
                for who, email in USERS.items():
                    user = await user_by_email(session, email)
                    assert user is not None
                    made[who] = (await create_token(session, user, "live tests"))[1]
                return made
        finally:
            await db.dispose()

    return asyncio.run(load())


@dataclass
class Server:
    base: str
    tokens: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ws(self) -> str:
        return self.base.replace("http://", "ws://") + "/api/v1"

    def headers(self, who: str, **more: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **more}

    def client(self, who: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=f"{self.base}/api/v1", headers=self.headers(who), timeout=30
        )


@contextmanager
def run_server(
    url: str, tokens: dict[str, str], folder: Path, workers: int = 1, **env: str
) -> Iterator[Server]:
    port = free_port()
    environ = {
        **os.environ,
        "DRAFTROOM_DATABASE_URL": url,
        "DRAFTROOM_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
        "DRAFTROOM_ENVIRONMENT": "test",
        **({"DRAFTROOM_REDIS_URL": REDIS_URL} if REDIS_URL else {}),
        **env,
    }
    log = folder / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "draftroom"), "serve", "--port", str(port), "--workers", str(workers)],
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    wait_ready(base, process, log)
    try:
        yield Server(base, tokens, process, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    with fresh_database(TEST_URL, tmp_path_factory.mktemp("live-db")) as url:
        yield url, prepare(url)


@pytest.fixture(scope="module")
def server(
    prepared: tuple[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    url, tokens = prepared
    with run_server(url, tokens, tmp_path_factory.mktemp("live")) as running:
        yield running


@dataclass
class Live:
    ws: ClientConnection
    hello: dict[str, Any]
    who: str


@asynccontextmanager
async def reader(
    server: Server, who: str, last: int | None = None, article: str | None = None, **headers: str
) -> AsyncIterator[Live]:
    """A websocket on the demo instrument, past the hello."""
    query = "&".join(f"{k}={v}" for k, v in (("last", last), ("article", article)) if v is not None)
    async with connect(
        f"{server.ws}/instruments/model-law/live?{query}",
        additional_headers=server.headers(who, **headers),
        max_size=2**22,
    ) as socket_:
        hello = json.loads(await asyncio.wait_for(socket_.recv(), 10))
        assert hello["type"] == "hello"
        yield Live(socket_, hello, who)


async def next_message(live: Live, kind: str) -> dict[str, Any]:
    """The next message of this type (others are skipped; 10 s at most)."""
    async with asyncio.timeout(10):
        while True:
            message: dict[str, Any] = json.loads(await live.ws.recv())
            if message["type"] == kind:
                return message


async def events(live: Live, quiet: float = 0.5) -> list[dict[str, Any]]:
    """Every event that arrives until nothing has come for ``quiet`` seconds."""
    found: list[dict[str, Any]] = []
    while True:
        try:
            message = json.loads(await asyncio.wait_for(live.ws.recv(), quiet))
        except TimeoutError:
            return found
        if message["type"] == "event":
            found.append(message)


async def comment(
    server: Server, who: str, body: str, visibility: str = "everyone", article: str = "art_1"
) -> dict[str, Any]:
    async with server.client(who) as http:
        response = await http.post(
            f"/instruments/model-law/articles/{article}/comments",
            json={"body": body, "visibility": visibility},
        )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def closed_with(ws: ClientConnection) -> int | None:
    """Read until the server closes the socket (10 s at most): its close code."""
    try:
        async with asyncio.timeout(10):
            while True:
                await ws.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None

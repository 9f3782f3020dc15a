"""Concurrent writers never lose each other's work: one wins, the others get 412."""

from __future__ import annotations

import asyncio

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.identity.service import create_token, create_user
from draftroom.instruments.importing import import_instrument
from draftroom.models import Role
from draftroom.text.outline import parse_outline

LAW = "# Law\n\n## Article 1. Purpose\n1. Original text.\n2. Second.\n"


async def test_parallel_publishers_with_the_same_etag_exactly_one_wins(migrated_url: str) -> None:
    settings = Settings(environment="test", database_url=migrated_url)
    db = Database.from_settings(settings)
    async with unit_of_work(db.write_sessions) as session:
        await import_instrument(session, settings, parse_outline(LAW), language="en", slug="law")
        user = await create_user(session, "s@example.org", "S", Role.secretariat, None)
        _token, secret = await create_token(session, user, "t")
    app = create_app(settings, database=db)
    url = "/api/v1/instruments/law/articles/art_1"
    async with (
        LifespanManager(app) as manager,
        AsyncClient(
            transport=ASGITransport(app=manager.app),
            base_url="http://t",
            headers={"Authorization": f"Bearer {secret}"},
        ) as client,
    ):
        first = await client.get(url)
        etag = first.headers["etag"]

        async def publish(i: int) -> int:
            response = await client.post(
                f"{url}/versions",
                json={
                    "language": "en",
                    "heading": "Purpose",
                    "provisions": [{"id": "art_1__para_1", "number": "1", "text": f"Writer {i}."}],
                },
                headers={"If-Match": etag},
            )
            return response.status_code

        statuses = await asyncio.gather(*(publish(i) for i in range(12)))
        assert sorted(statuses) == [201] + [412] * 11
        versions = (await client.get(f"{url}/versions")).json()
        assert [v["seq"] for v in versions["items"]] == [2, 1]
        winner = (await client.get(url)).json()["provisions"][0]["text"]
        assert winner.startswith("Writer ")
    await db.dispose()

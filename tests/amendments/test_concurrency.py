"""Of 50 parallel attempts at the same transition exactly one wins; nothing is lost."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select

from draftroom.amendments import service
from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.identity.service import create_delegation, create_token, create_user
from draftroom.instruments.importing import import_instrument
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import get_instrument
from draftroom.journal.service import verify
from draftroom.models import AmendmentKind, DelegationKind, JournalEntry, Role
from draftroom.models.base import utcnow
from draftroom.text.outline import parse_outline

LAW = "# Law\n\n## Article 1. Purpose\n1. Original text.\n2. Second.\n"


async def test_fifty_parallel_reviews_one_wins(migrated_url: str) -> None:
    settings = Settings(environment="test", database_url=migrated_url)
    db = Database.from_settings(settings)
    async with unit_of_work(db.write_sessions) as session:
        await import_instrument(session, settings, parse_outline(LAW), language="en", slug="law")
        await create_delegation(session, DelegationKind.state, "FR", None, None)
        delegate = await create_user(session, "d@example.org", "D", Role.participant, "FR")
        secretariat = await create_user(session, "s@example.org", "S", Role.secretariat, None)
        _t, secret = await create_token(session, secretariat, "t")
        instrument = await get_instrument(session, "law")
        await service.open_round(
            session,
            instrument,
            name="R",
            deadline=utcnow() + timedelta(days=1),
            timezone="UTC",
            article_keys=None,
            actor=secretariat,
        )
        amendment = await service.create(
            session,
            settings,
            instrument,
            service.Proposal(
                kind=AmendmentKind.provisions,
                language="en",
                provisions=[ProvisionIn(id="art_1__para_1", number="1", text="Changed.")],
                heading=None,
                justification="Because.",
                note=None,
                article_key="art_1",
            ),
            delegate,
        )
        await service.transition(
            session, settings, amendment, "table", delegate, service.etag(amendment)
        )
        amendment_id = amendment.id
    app = create_app(settings, database=db)
    url = f"/api/v1/amendments/{amendment_id}"
    async with (
        LifespanManager(app) as manager,
        AsyncClient(
            transport=ASGITransport(app=manager.app),
            base_url="http://t",
            headers={"Authorization": f"Bearer {secret}"},
        ) as client,
    ):
        etag = (await client.get(url)).headers["etag"]

        async def attempt() -> int:
            response = await client.post(
                f"{url}/transitions", json={"action": "review"}, headers={"If-Match": etag}
            )
            return response.status_code

        statuses = await asyncio.gather(*(attempt() for _ in range(50)))
        assert statuses.count(200) == 1
        assert set(statuses) <= {200, 412}
        final = (await client.get(url)).json()
        assert final["status"] == "under_review"
        assert final["version"] == 3  # created 1, tabled 2, reviewed 3: one review only
    async with unit_of_work(db.read_sessions) as session:
        assert (await verify(session)).ok
        reviews = await session.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.kind == "amendment.review")
        )
        assert reviews == 1
    await db.dispose()

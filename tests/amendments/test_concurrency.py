"""Of 50 parallel attempts at the same transition exactly one wins; nothing is lost."""

from __future__ import annotations

from datetime import timedelta

from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service
from draftroom.config import Settings
from draftroom.db import unit_of_work
from draftroom.identity.service import create_delegation, create_user
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import get_instrument
from draftroom.journal.service import verify
from draftroom.models import AmendmentKind, DelegationKind, JournalEntry, Role, User
from draftroom.models.base import utcnow
from tests.fixtures.race import race, track


async def _tabled(session: AsyncSession, settings: Settings, secretariat: User) -> int:
    """A French delegate's amendment to article 1, tabled in an open round: its id."""
    await create_delegation(session, DelegationKind.state, "FR", None, None)
    delegate = await create_user(session, "d@example.org", "D", Role.participant, "FR")
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
    return amendment.id


async def test_fifty_parallel_reviews_one_wins(migrated_url: str) -> None:
    async with track(migrated_url, _tabled) as ground:
        client = ground.client
        url = f"/api/v1/amendments/{ground.seeded}"
        etag = (await client.get(url)).headers["etag"]

        async def attempt(_i: int) -> Response:
            return await client.post(
                f"{url}/transitions", json={"action": "review"}, headers={"If-Match": etag}
            )

        statuses = [r.status_code for r in await race(50, attempt)]
        assert statuses.count(200) == 1
        assert set(statuses) <= {200, 412}
        final = (await client.get(url)).json()
        assert final["status"] == "under_review"
        assert final["version"] == 3  # created 1, tabled 2, reviewed 3: one review only
        async with unit_of_work(ground.db.read_sessions) as session:
            assert (await verify(session)).ok
            reviews = await session.scalar(
                select(func.count())
                .select_from(JournalEntry)
                .where(JournalEntry.kind == "amendment.review")
            )
            assert reviews == 1

"""Two secretariat members change one paragraph's status at the same moment: one wins, the
other gets 412, and the journal holds one entry per change that happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.identity.service import create_token, create_user
from draftroom.journal.kinds import Kind
from draftroom.journal.service import verify
from draftroom.models import JournalEntry, Role, User
from tests.fixtures.clients import auth
from tests.fixtures.race import race, track

Attempt = Callable[[int], Awaitable[Response]]
URL = "/api/v1/instruments/law/articles/art_1/provisions/art_1__para_1/status"


async def _second_member(session: AsyncSession, _settings: Settings, _first: User) -> str:
    """Another secretariat member's API token."""
    other = await create_user(session, "s2@example.org", "S2", Role.secretariat, None)
    _row, secret = await create_token(session, other, "t")
    return secret


async def _changes(db: Database) -> int:
    """How many status changes the journal holds (its chain checked first)."""
    async with unit_of_work(db.read_sessions) as session:
        assert (await verify(session)).ok
        return int(
            await session.scalar(
                select(func.count())
                .select_from(JournalEntry)
                .where(JournalEntry.kind == Kind.provision_status_set)
            )
            or 0
        )


async def test_two_secretariat_members_set_one_status_at_once_one_wins(migrated_url: str) -> None:
    async with track(migrated_url, _second_member) as ground:
        client = ground.client
        members: list[dict[str, str]] = [{}, auth(ground.seeded)]
        first = await client.get(URL)
        assert first.headers["etag"] == '"s0"'

        def attempt_with(etag: str, statuses: tuple[str, str]) -> Attempt:
            async def attempt(i: int) -> Response:
                return await client.put(
                    URL,
                    json={"status": statuses[i], "reason": f"Member {i + 1} decides."},
                    headers={**members[i], "If-Match": etag},
                )

            return attempt

        # The first decision on the paragraph (a new row for both).
        answers = await race(2, attempt_with('"s0"', ("agreed", "bracketed")))
        assert sorted(r.status_code for r in answers) == [200, 412]
        winner = next(r for r in answers if r.status_code == 200)
        loser = next(r for r in answers if r.status_code == 412)
        assert loser.json()["error"] == "PreconditionFailed"
        now = await client.get(URL)
        assert now.json()["status"] == winner.json()["status"]
        assert now.headers["etag"] == winner.headers["etag"]
        assert await _changes(ground.db) == 1
        # And a change of an existing status (a compare-and-set on the row).
        answers = await race(2, attempt_with(now.headers["etag"], ("open", "deleted")))
        assert sorted(r.status_code for r in answers) == [200, 412]
        winner = next(r for r in answers if r.status_code == 200)
        final = await client.get(URL)
        assert final.json()["status"] == winner.json()["status"]
        assert final.json()["version"] == 2
        assert await _changes(ground.db) == 2

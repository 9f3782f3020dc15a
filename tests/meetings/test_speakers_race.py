"""Fifty delegations ask for the floor at the same moment, each from its own connection: one
list of speakers, each delegation on it exactly once, in the order the requests were
committed (their journal entries' order); a delegation asking twice at once is listed
once; a point of order asked last goes first. On SQLite and on PostgreSQL alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from babel import Locale
from httpx import Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.identity.service import create_delegation, create_token, create_user
from draftroom.instruments.service import get_instrument
from draftroom.journal.kinds import Kind
from draftroom.journal.service import verify
from draftroom.meetings import service
from draftroom.models import DelegationKind, JournalEntry, MeetingSpeaker, Role, User
from tests.fixtures.clients import auth
from tests.fixtures.race import race, track

COUNT = 50
# Fifty States, by their ISO 3166 codes (CLDR also names regions that are not States).
REGIONS = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK"}
CODES: list[str] = sorted(
    c
    for c in map(str, Locale.parse("en").territories)
    if len(c) == 2 and c.isalpha() and c not in REGIONS
)[:COUNT]


@dataclass(frozen=True)
class Room:
    meeting_id: int
    delegates: dict[str, dict[str, str]]  # code -> API headers of its one member


async def _room(session: AsyncSession, _settings: Settings, chair: User) -> Room:
    """Fifty delegations with one member each, and a meeting in session on ``law``."""
    delegates = {}
    for code in CODES:
        await create_delegation(session, DelegationKind.state, code, None, chair)
        member = await create_user(
            session, f"delegate.{code.lower()}@example.org", code, Role.participant, code
        )
        delegates[code] = auth((await create_token(session, member, "t"))[1])
    instrument = await get_instrument(session, "law")
    meeting = await service.create(
        session,
        instrument,
        service.MeetingIn(
            title="Race",
            starts_on=date(2027, 3, 1),
            ends_on=date(2027, 3, 1),
            timezone="UTC",
            agenda=[{"articles": ["art_1"]}],
            delegations=(),
        ),
        chair,
    )
    await service.open_meeting(session, meeting, chair, service.etag(meeting))
    return Room(meeting.id, delegates)


async def _requests_in_journal_order(db: Database) -> list[tuple[int, int]]:
    """(request id, journal seq) of every request for the floor (the track holds one
    meeting), in journal order; the journal's chain checked first."""
    async with unit_of_work(db.read_sessions) as session:
        assert (await verify(session)).ok
        rows = await session.execute(
            select(JournalEntry.object_id, JournalEntry.seq)
            .where(JournalEntry.kind == Kind.speaker_requested)
            .order_by(JournalEntry.seq)
        )
        return [(int(object_id or 0), int(seq)) for object_id, seq in rows]


async def _positions(db: Database, meeting_id: int) -> dict[int, float]:
    async with unit_of_work(db.read_sessions) as session:
        rows = await session.execute(
            select(MeetingSpeaker.id, MeetingSpeaker.position).where(
                MeetingSpeaker.meeting_id == meeting_id
            )
        )
        return {int(speaker_id): float(position) for speaker_id, position in rows}


async def test_fifty_delegations_ask_at_once_one_queue_in_commit_order(migrated_url: str) -> None:
    async with track(migrated_url, _room) as ground:
        room: Room = ground.seeded
        client = ground.client
        url = f"/api/v1/instruments/law/meetings/{room.meeting_id}"

        async def ask(i: int) -> Response:
            return await client.post(
                f"{url}/speakers", json={"kind": "floor"}, headers=room.delegates[CODES[i]]
            )

        answers = await race(COUNT, ask)
        assert [r.status_code for r in answers] == [201] * COUNT, [
            r.text for r in answers if r.status_code != 201
        ]
        made = {r.json()["id"]: r.json()["delegation"]["code"] for r in answers}
        state = (await client.get(f"{url}/state")).json()
        queue = [s["id"] for s in state["speakers"]]
        # One queue, each delegation exactly once.
        assert sorted(queue) == sorted(made)
        assert sorted(s["delegation"]["code"] for s in state["speakers"]) == CODES
        # In commit order: the list's order is the journal's, positions strictly increasing.
        journal = await _requests_in_journal_order(ground.db)
        assert queue == [speaker_id for speaker_id, _seq in journal]
        positions = await _positions(ground.db, room.meeting_id)
        assert [positions[s] for s in queue] == [float(seq) for _id, seq in journal]
        assert all(positions[a] < positions[b] for a, b in pairwise(queue))
        # Every screen reads the same list: another reader, another language.
        arabic = (
            await client.get(
                f"{url}/state", params={"lang": "ar"}, headers=room.delegates[CODES[1]]
            )
        ).json()
        assert [s["id"] for s in arabic["speakers"]] == queue
        # A point of order, asked last, goes first.
        last = CODES[-1]
        order = await client.post(
            f"{url}/speakers", json={"kind": "point_of_order"}, headers=room.delegates[last]
        )
        assert order.status_code == 201
        assert order.json()["place"] == 0
        state = (await client.get(f"{url}/state")).json()
        assert state["speakers"][0]["id"] == order.json()["id"]
        assert state["speakers"][0]["kind"] == "point_of_order"
        assert [s["id"] for s in state["speakers"][1:]] == queue


async def test_a_delegation_asking_twice_at_once_is_listed_once(migrated_url: str) -> None:
    async with track(migrated_url, _room) as ground:
        room: Room = ground.seeded
        client = ground.client
        url = f"/api/v1/instruments/law/meetings/{room.meeting_id}"
        twice = CODES[:10]

        async def ask(i: int) -> Response:
            # Requests 0..9 and 10..19: each of ten delegations twice, all at once.
            return await client.post(
                f"{url}/speakers",
                json={"kind": "floor"},
                headers=room.delegates[twice[i % len(twice)]],
            )

        answers = await race(2 * len(twice), ask)
        for index, code in enumerate(twice):
            pair = sorted((answers[index].status_code, answers[index + len(twice)].status_code))
            assert pair == [201, 409], (code, [answers[index].text, answers[index + 10].text])
        refused = [r for r in answers if r.status_code == 409]
        assert {r.json()["error"] for r in refused} == {"AlreadyListed"}
        state = (await client.get(f"{url}/state")).json()
        assert sorted(s["delegation"]["code"] for s in state["speakers"]) == sorted(twice)
        journal = await _requests_in_journal_order(ground.db)
        assert len(journal) == len(twice)  # the refused requests wrote nothing
        assert [s["id"] for s in state["speakers"]] == [speaker_id for speaker_id, _ in journal]

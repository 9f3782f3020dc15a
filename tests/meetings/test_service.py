"""The meetings service called directly: every change is one journal entry naming its
meeting (the pointer's make following pages move); the list of speakers' order (commit order,
points of order first, the chair's moves among requests of one kind); closing a meeting ends
every request; a decision keeps the version and words it was taken on after the text
changes, and decides proposals along their lifecycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.identity.service import user_by_email
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal.kinds import RULES, Kind
from draftroom.kit.errors import Forbidden, InvalidInput
from draftroom.meetings import service
from draftroom.models import (
    AgreementStatus,
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    DecisionKind,
    JournalEntry,
    Meeting,
    MeetingDecision,
    MeetingSpeaker,
    SpeakerKind,
    SpeakerStatus,
    User,
)
from draftroom.models.base import utcnow
from tests.fixtures.clients import FRANCE
from tests.fixtures.negotiation import P1, P2, Table, provision, reword, rolling_text, source, table


@pytest.fixture
async def t(session: AsyncSession, settings: Settings) -> Table:
    return await table(session, settings)


def meeting_in(**changes: object) -> service.MeetingIn:
    fields: dict[str, object] = {
        "title": "Third meeting",
        "starts_on": date(2027, 5, 3),
        "ends_on": date(2027, 5, 5),
        "timezone": "America/New_York",
        "agenda": [{"title": "Cooperation", "articles": ["art_3"]}],
        "delegations": (),
        **changes,
    }
    return service.MeetingIn(**fields)  # type: ignore[arg-type]


async def in_session(session: AsyncSession, t: Table, **changes: object) -> Meeting:
    meeting = await service.create(session, t.instrument, meeting_in(**changes), t.chair)
    return await service.open_meeting(session, meeting, t.chair, service.etag(meeting))


async def entries_since(session: AsyncSession, seq: int) -> list[JournalEntry]:
    return list(
        (
            await session.scalars(
                select(JournalEntry).where(JournalEntry.seq > seq).order_by(JournalEntry.seq)
            )
        ).all()
    )


async def head(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.max(JournalEntry.seq))) or 0)


async def codes(session: AsyncSession, meeting: Meeting, t: Table) -> list[str]:
    """The list of speakers as (delegation code, kind) read: "FR", "EG!" for a point of order."""
    by_id = {t.fr.delegation_id: "FR", t.eg.delegation_id: "EG", t.mx.delegation_id: "MX"}
    return [
        by_id.get(s.delegation_id, "?") + ("!" if s.kind is SpeakerKind.point_of_order else "")
        for s in await service.speakers(session, meeting)
    ]


async def test_every_change_is_one_journal_entry_naming_its_meeting(
    session: AsyncSession, t: Table
) -> None:
    before = await head(session)
    meeting = await in_session(session, t)
    await service.move_pointer(
        session,
        t.instrument,
        meeting,
        service.PointerIn(article="art_3", provision=P2, view="rolling", quote="reciprocity"),
        t.chair,
        service.etag(meeting),
    )
    asked = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    await service.give_floor(session, meeting, asked, t.chair, service.speaker_etag(asked))
    await service.finish(session, meeting, asked, t.chair)
    await service.set_list_closed(session, meeting, True, t.chair, service.etag(meeting))
    await service.record_decision(
        session,
        t.settings,
        t.instrument,
        meeting,
        service.DecisionIn(kind=DecisionKind.deferred),
        t.chair,
    )
    await service.close_meeting(session, meeting, t.chair, service.etag(meeting))
    written = await entries_since(session, before)
    assert [e.kind for e in written] == [
        Kind.meeting_created,
        Kind.meeting_opened,
        Kind.meeting_pointer_moved,
        Kind.speaker_requested,
        Kind.speaker_given_floor,
        Kind.speaker_done,
        Kind.meeting_list_closed,
        Kind.decision_recorded,
        Kind.meeting_closed,
    ]
    assert {e.payload["meeting_id"] for e in written} == {meeting.id}
    moved = written[2]
    assert moved.payload["pointer"] == {
        "article": "art_3",
        "provision": P2,
        "view": "rolling",
        "amendment_id": None,
        "quote": "reciprocity",
    }
    # Following pages move on the pointer, the opening and the closing; the rest concerns
    # the meeting's pages only.
    assert [e.kind for e in written if RULES[Kind(e.kind)].follow] == [
        Kind.meeting_opened,
        Kind.meeting_pointer_moved,
        Kind.meeting_closed,
    ]
    assert all(RULES[Kind(e.kind)].meeting for e in written)
    # A request's place is the seq of its journal entry: commit order.
    assert asked.position == float(written[3].seq)


async def test_the_chair_moves_requests_among_those_of_their_kind(
    session: AsyncSession, t: Table
) -> None:
    meeting = await in_session(session, t)
    fr = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    eg = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    mx = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.mx)
    assert await codes(session, meeting, t) == ["FR", "EG", "MX"]
    await service.move_speaker(session, meeting, mx, 1, t.chair, service.speaker_etag(mx))
    assert await codes(session, meeting, t) == ["FR", "MX", "EG"]
    await service.move_speaker(session, meeting, fr, 99, t.chair, service.speaker_etag(fr))
    assert await codes(session, meeting, t) == ["MX", "EG", "FR"]
    # A point of order goes ahead of them all, and stays there when the others move.
    order = await service.ask_floor(session, meeting, SpeakerKind.point_of_order, None, t.eg)
    assert await codes(session, meeting, t) == ["EG!", "MX", "EG", "FR"]
    await service.move_speaker(session, meeting, fr, 0, t.chair, service.speaker_etag(fr))
    assert await codes(session, meeting, t) == ["EG!", "FR", "MX", "EG"]
    # Whoever has the floor heads the list, whatever their kind.
    await service.give_floor(session, meeting, eg, t.chair, service.speaker_etag(eg))
    assert await codes(session, meeting, t) == ["EG", "EG!", "FR", "MX"]
    with pytest.raises(service.SpeakerStep):
        await service.move_speaker(session, meeting, eg, 2, t.chair, service.speaker_etag(eg))
    # Giving the point of order the floor ends Egypt's turn.
    await service.give_floor(session, meeting, order, t.chair, service.speaker_etag(order))
    await session.refresh(eg)
    assert eg.status is SpeakerStatus.done
    assert await codes(session, meeting, t) == ["EG!", "FR", "MX"]


async def test_closing_a_meeting_ends_every_request_and_frees_the_delegations(
    session: AsyncSession, t: Table
) -> None:
    meeting = await in_session(session, t)
    speaking = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    await service.give_floor(session, meeting, speaking, t.chair, service.speaker_etag(speaking))
    waiting = await service.ask_floor(session, meeting, SpeakerKind.reply, "the EU", t.mx)
    await service.close_meeting(session, meeting, t.chair, service.etag(meeting))
    for row in (speaking, waiting):
        await session.refresh(row)
        assert row.status is SpeakerStatus.done
        assert row.open_key is None
        assert row.ended_at is not None
    assert await service.speakers(session, meeting) == []
    with pytest.raises(service.NotInSession):
        await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    with pytest.raises(service.MeetingStep):
        await service.open_meeting(session, meeting, t.chair, service.etag(meeting))


async def test_a_delegation_outside_the_meeting_cannot_ask_and_a_group_name_is_bounded(
    session: AsyncSession, t: Table
) -> None:
    meeting = await in_session(session, t, delegations=("FR", "MX"))
    before = await head(session)
    with pytest.raises(Forbidden):
        await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    with pytest.raises(InvalidInput):
        await service.ask_floor(session, meeting, SpeakerKind.floor, "G" * 201, t.fr)
    assert await head(session) == before
    speaker = await service.ask_floor(session, meeting, SpeakerKind.floor, "  the  G77 ", t.fr)
    assert speaker.on_behalf_of == "the G77"


async def test_a_decision_keeps_its_version_and_words_after_the_text_changes(
    session: AsyncSession, t: Table
) -> None:
    meeting = await in_session(session, t)
    decided_on = await source(session, t)
    words = provision(await rolling_text(session, t), P1).text
    decision = await service.record_decision(
        session,
        t.settings,
        t.instrument,
        meeting,
        service.DecisionIn(kind=DecisionKind.agreed, article="art_3", provision=P1),
        t.chair,
    )
    assert decision.article_version_id == decided_on.id
    assert decision.words == words
    assert provision(await rolling_text(session, t), P1).status is AgreementStatus.agreed
    await reword(session, t, {P1: words.replace("shall apply", "apply")})
    # The record stands as taken; the rolling text says the agreement no longer holds.
    stored = await session.get(MeetingDecision, decision.id, populate_existing=True)
    assert stored is not None
    assert stored.article_version_id == decided_on.id
    assert stored.words == words
    now = provision(await rolling_text(session, t), P1)
    assert now.status is AgreementStatus.open
    assert now.changed_since == decided_on.seq
    # A decision on the new words names the new version.
    again = await service.record_decision(
        session,
        t.settings,
        t.instrument,
        meeting,
        service.DecisionIn(kind=DecisionKind.bracketed, article="art_3", provision=P1),
        t.chair,
    )
    assert again.article_version_id != decided_on.id
    assert again.words == words.replace("shall apply", "apply")
    assert provision(await rolling_text(session, t), P1).status is AgreementStatus.bracketed


async def test_ad_referendum_needs_delegations_and_a_refusal_records_nothing(
    session: AsyncSession, t: Table
) -> None:
    meeting = await in_session(session, t)
    with pytest.raises(InvalidInput):
        await service.record_decision(
            session,
            t.settings,
            t.instrument,
            meeting,
            service.DecisionIn(kind=DecisionKind.ad_referendum, article="art_3", provision=P2),
            t.chair,
        )
    assert await service.decisions(session, meeting) == []
    decision = await service.record_decision(
        session,
        t.settings,
        t.instrument,
        meeting,
        service.DecisionIn(
            kind=DecisionKind.ad_referendum,
            article="art_3",
            provision=P2,
            confirm=("FR", "MX"),
            reserved=("EG",),
        ),
        t.chair,
    )
    assert decision.confirm == [t.fr.delegation_id, t.mx.delegation_id]
    assert decision.reserved == [t.eg.delegation_id]
    read = provision(await rolling_text(session, t), P2)
    assert read.status is AgreementStatus.ad_referendum
    assert read.confirm == ["France", "Mexico"]


async def tabled(session: AsyncSession, t: Table, delegate: User) -> Amendment:
    await amendments.open_round(
        session,
        t.instrument,
        name="Round for the meeting",
        deadline=utcnow() + timedelta(days=2),
        timezone="UTC",
        article_keys=None,
        actor=t.chair,
    )
    base = await source(session, t)
    made = await amendments.create(
        session,
        t.settings,
        t.instrument,
        amendments.Proposal(
            kind=AmendmentKind.provisions,
            language="en",
            provisions=[ProvisionIn(**p) for p in base.provisions][:-1],
            heading=None,
            justification="Paragraph 4 is not needed.",
            note=None,
            article_key="art_3",
        ),
        delegate,
    )
    return await amendments.transition(
        session, t.settings, made, "table", delegate, amendments.etag(made)
    )


async def test_a_proposal_shown_is_rejected_by_decision_and_cannot_be_decided_twice(
    session: AsyncSession, t: Table
) -> None:
    france = await user_by_email(session, FRANCE)
    assert france is not None
    proposal = await tabled(session, t, france)
    meeting = await in_session(session, t)
    await service.move_pointer(
        session,
        t.instrument,
        meeting,
        service.PointerIn(article="art_3", view="proposal", amendment_id=proposal.id),
        t.chair,
        service.etag(meeting),
    )
    decision = await service.record_decision(
        session,
        t.settings,
        t.instrument,
        meeting,
        service.DecisionIn(kind=DecisionKind.rejected, note="No support in the room."),
        t.chair,
    )
    assert decision.amendment_id == proposal.id
    assert decision.words is None
    assert decision.article_version_id == (await source(session, t)).id
    await session.refresh(proposal)
    assert proposal.status is AmendmentStatus.rejected
    with pytest.raises(amendments.TransitionNotAllowed) as refused:
        await service.record_decision(
            session,
            t.settings,
            t.instrument,
            meeting,
            service.DecisionIn(kind=DecisionKind.accepted),
            t.chair,
        )
    assert refused.value.status_code == 409
    assert [d.kind for d in await service.decisions(session, meeting)] == [DecisionKind.rejected]


async def test_the_queue_ignores_requests_that_ended(session: AsyncSession, t: Table) -> None:
    meeting = await in_session(session, t)
    fr = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    eg = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    await service.withdraw(session, meeting, fr, t.fr)
    assert await codes(session, meeting, t) == ["EG"]
    # France may ask again: a new request, at the end of the list.
    again = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    assert again.id != fr.id
    assert again.position > eg.position
    assert await codes(session, meeting, t) == ["EG", "FR"]
    rows = await session.scalar(
        select(func.count())
        .select_from(MeetingSpeaker)
        .where(MeetingSpeaker.meeting_id == meeting.id)
    )
    assert rows == 3

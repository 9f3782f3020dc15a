"""Meetings, the chair's pointer, the list of speakers and decisions tied to text.

Every change is one journal entry with ``meeting_id`` in its payload (live.js sends it to
that meeting's pages only; the pointer's entries make following pages move). The list of
speakers is ordered by commit order: a request's position is the seq of its journal entry,
and the journal's head row serialises appends until commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.identity.service import delegation_ids
from draftroom.instruments import service as instruments
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Conflict, InvalidInput, NotFound
from draftroom.kit.etag import make_etag
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l, match_time_zone
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.meetings import policy
from draftroom.models import (
    AgreementStatus,
    AmendmentStatus,
    Article,
    DecisionKind,
    Instrument,
    JournalEntry,
    Meeting,
    MeetingDecision,
    MeetingSpeaker,
    MeetingStatus,
    SpeakerKind,
    SpeakerStatus,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import service as negotiation
from draftroom.text.normalise import normalise, text_hash

M = MeetingStatus
VIEWS = ("text", "rolling", "proposal", "comparison")
# Points of order go ahead of the queue; the rest in their position.
PRIORITY = {SpeakerKind.point_of_order: 0, SpeakerKind.floor: 1, SpeakerKind.reply: 1}
# A decision on a provision sets its status in the rolling text.
STATUS_OF = {
    DecisionKind.agreed: AgreementStatus.agreed,
    DecisionKind.ad_referendum: AgreementStatus.ad_referendum,
    DecisionKind.bracketed: AgreementStatus.bracketed,
}


class NotInSession(Conflict):
    message = _l("The meeting is not in session.")


class MeetingStep(Conflict):
    message = _l("The meeting cannot do this in its present state.")


class AlreadyListed(Conflict):
    message = _l("Your delegation is on the list of speakers already.")


class ListClosed(Conflict):
    message = _l("The chair has closed the list of speakers.")


class SpeakerStep(Conflict):
    message = _l("This request for the floor is no longer waiting.")


def etag(meeting: Meeting) -> str:
    return make_etag(f"m{meeting.id}.{meeting.version}")


def speaker_etag(speaker: MeetingSpeaker) -> str:
    return make_etag(f"sp{speaker.id}.{speaker.version}")


async def _record(
    session: AsyncSession,
    actor: Actor,
    kind: Kind,
    meeting: Meeting,
    object_type: str = "meeting",
    object_id: int | None = None,
    **payload: Any,
) -> JournalEntry:
    return await journal.record(
        session,
        actor=actor,
        kind=kind,
        object_type=object_type,
        object_id=object_id if object_id is not None else meeting.id,
        instrument_id=meeting.instrument_id,
        payload={"meeting_id": meeting.id, **payload},
    )


# --- meetings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingIn:
    title: str
    starts_on: date
    ends_on: date
    timezone: str
    agenda: Sequence[dict[str, Any]]
    delegations: Sequence[str]
    speaking_seconds: int | None = None


async def _checked(
    session: AsyncSession, instrument: Instrument, data: MeetingIn
) -> dict[str, Any]:
    title = normalise(check_text(data.title, _l("the title")))
    if not title:
        raise InvalidInput(_l("A meeting needs a title.")).at("title")
    if len(title) > 200:
        raise InvalidInput(_l("The title is too long (200 characters at most).")).at("title")
    if data.ends_on < data.starts_on:
        raise InvalidInput(_l("The meeting cannot end before it starts.")).at("ends_on")
    zone = match_time_zone(data.timezone)
    if zone is None:
        raise InvalidInput(_l("“{zone}” is not a time zone."), zone=data.timezone).at("timezone")
    keys = {a.key for a in await instruments.articles(session, instrument)}
    agenda = []
    for index, item in enumerate(data.agenda):
        articles = [str(k) for k in item.get("articles", [])]
        unknown = [k for k in articles if k not in keys]
        if not articles or unknown:
            raise InvalidInput(
                _l("Agenda item {number}: name articles of this instrument ({unknown})."),
                number=index + 1,
                unknown=", ".join(unknown),
            ).at("agenda")
        item_title = normalise(check_text(str(item.get("title") or ""), _l("the agenda item")))
        agenda.append({"title": item_title or None, "articles": articles})
    taking_part = await delegation_ids(session, data.delegations, "delegations")
    if data.speaking_seconds is not None and not 10 <= data.speaking_seconds <= 3600:
        raise InvalidInput(_l("Speaking time is between 10 seconds and an hour.")).at(
            "speaking_seconds"
        )
    return {
        "title": title,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "timezone": zone,
        "agenda": agenda,
        "delegations": taking_part,
        "speaking_seconds": data.speaking_seconds,
    }


async def create(
    session: AsyncSession, instrument: Instrument, data: MeetingIn, actor: Actor
) -> Meeting:
    policy.require_chair(actor)
    meeting = Meeting(
        instrument_id=instrument.id, author_id=actor.id, **await _checked(session, instrument, data)
    )
    session.add(meeting)
    await session.flush()
    await _record(session, actor, Kind.meeting_created, meeting, title=meeting.title)
    return meeting


async def update_meeting(
    session: AsyncSession,
    instrument: Instrument,
    meeting: Meeting,
    data: MeetingIn,
    actor: Actor,
    if_match: str | None,
) -> Meeting:
    policy.require_chair(actor)
    require_current(if_match, etag(meeting), meeting.version)
    if meeting.status is M.closed:
        raise MeetingStep(_l("A closed meeting can no longer be changed."))
    await compare_and_set(session, meeting, **await _checked(session, instrument, data))
    await _record(session, actor, Kind.meeting_updated, meeting, title=meeting.title)
    return meeting


async def get(session: AsyncSession, instrument: Instrument, meeting_id: int) -> Meeting:
    meeting = await session.get(Meeting, meeting_id, populate_existing=True)
    if meeting is None or meeting.instrument_id != instrument.id:
        raise NotFound(_l("No meeting {id} on this instrument."), id=meeting_id)
    return meeting


async def list_meetings(session: AsyncSession, instrument: Instrument) -> Sequence[Meeting]:
    return (
        await session.scalars(
            select(Meeting)
            .where(Meeting.instrument_id == instrument.id)
            .order_by(Meeting.starts_on.desc(), Meeting.id.desc())
        )
    ).all()


async def open_meeting(
    session: AsyncSession, meeting: Meeting, actor: Actor, if_match: str | None
) -> Meeting:
    policy.require_chair(actor)
    require_current(if_match, etag(meeting), meeting.version)
    if meeting.status is not M.planned:
        raise MeetingStep(_l("This meeting has been opened already."))
    await compare_and_set(session, meeting, status=M.open, opened_at=utcnow())
    await _record(session, actor, Kind.meeting_opened, meeting, pointer=meeting.pointer)
    return meeting


async def close_meeting(
    session: AsyncSession, meeting: Meeting, actor: Actor, if_match: str | None
) -> Meeting:
    """Close the meeting: whoever speaks is done, the waiting requests are withdrawn."""
    policy.require_chair(actor)
    require_current(if_match, etag(meeting), meeting.version)
    if meeting.status is not M.open:
        raise MeetingStep(_l("Only a meeting in session can be closed."))
    await session.execute(
        update(MeetingSpeaker)
        .where(
            MeetingSpeaker.meeting_id == meeting.id,
            MeetingSpeaker.status.in_((SpeakerStatus.waiting, SpeakerStatus.speaking)),
        )
        .values(
            status=SpeakerStatus.done,
            open_key=None,
            ended_at=utcnow(),
            version=MeetingSpeaker.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    await compare_and_set(session, meeting, status=M.closed, closed_at=utcnow())
    await _record(session, actor, Kind.meeting_closed, meeting)
    return meeting


def require_open(meeting: Meeting) -> None:
    if meeting.status is not M.open:
        raise NotInSession()


# --- the chair's pointer -----------------------------------------------------------------


@dataclass(frozen=True)
class PointerIn:
    article: str
    provision: str | None = None
    view: str = "text"
    amendment_id: int | None = None
    quote: str | None = None


async def move_pointer(
    session: AsyncSession,
    instrument: Instrument,
    meeting: Meeting,
    data: PointerIn,
    actor: Actor,
    if_match: str | None,
) -> Meeting:
    """Show an article, a provision of it (the words under discussion highlighted), a
    proposal, a comparison or the rolling text: every following screen goes there."""
    policy.require_chair(actor)
    require_current(if_match, etag(meeting), meeting.version)
    require_open(meeting)
    if data.view not in VIEWS:
        raise InvalidInput(_l("Show the text, the rolling text, a proposal or a comparison.")).at(
            "view"
        )
    article = await instruments.get_article(session, instrument, data.article)
    pointer: dict[str, Any] = {
        "article": article.key,
        "provision": None,
        "view": data.view,
        "amendment_id": None,
        "quote": None,
    }
    if data.provision is not None:
        source = await negotiation.source_version(session, instrument, article)
        provision = negotiation.provision_of(source, data.provision)
        pointer["provision"] = provision["id"]
        if data.quote:
            quote = normalise(check_text(data.quote, _l("the words")))
            if quote and quote not in provision["text"]:
                raise negotiation.NotInText(
                    number=provision["number"] or provision["id"], quote=quote
                ).at("quote")
            pointer["quote"] = quote or None
    if data.view == "proposal":
        if data.amendment_id is None:
            raise InvalidInput(_l("Name the proposal to show.")).at("amendment_id")
        amendment = await amendments.get(session, data.amendment_id, actor)
        if amendment.article_id != article.id or amendment.status is AmendmentStatus.draft:
            raise InvalidInput(_l("Show a tabled proposal on this article.")).at("amendment_id")
        pointer["amendment_id"] = amendment.id
    await compare_and_set(session, meeting, pointer=pointer)
    await _record(session, actor, Kind.meeting_pointer_moved, meeting, pointer=pointer)
    return meeting


# --- the list of speakers ----------------------------------------------------------------


async def speakers(session: AsyncSession, meeting: Meeting) -> list[MeetingSpeaker]:
    """Who speaks now, then who waits, in the order they will be given the floor."""
    rows = (
        await session.scalars(
            select(MeetingSpeaker).where(
                MeetingSpeaker.meeting_id == meeting.id,
                MeetingSpeaker.status.in_((SpeakerStatus.speaking, SpeakerStatus.waiting)),
            )
        )
    ).all()
    return sorted(
        rows,
        key=lambda s: (
            s.status is not SpeakerStatus.speaking,
            PRIORITY[s.kind],
            s.position,
            s.id,
        ),
    )


async def get_speaker(session: AsyncSession, meeting: Meeting, speaker_id: int) -> MeetingSpeaker:
    speaker = await session.get(MeetingSpeaker, speaker_id, populate_existing=True)
    if speaker is None or speaker.meeting_id != meeting.id:
        raise NotFound(_l("No request for the floor {id} in this meeting."), id=speaker_id)
    return speaker


async def ask_floor(
    session: AsyncSession,
    meeting: Meeting,
    kind: SpeakerKind,
    on_behalf_of: str | None,
    actor: Actor,
) -> MeetingSpeaker:
    """A delegation asks for the floor (for itself or for a group), raises a point of order
    or asks for a right of reply; at most one open request of each kind."""
    delegation_id = policy.require_ask_floor(actor, meeting)
    require_open(meeting)
    if meeting.list_closed and kind is SpeakerKind.floor:
        raise ListClosed()
    group = normalise(check_text(on_behalf_of or "", _l("the group")))
    if len(group) > 200:
        raise InvalidInput(_l("The group's name is too long (200 characters at most).")).at(
            "on_behalf_of"
        )
    speaker = MeetingSpeaker(
        meeting_id=meeting.id,
        delegation_id=delegation_id,
        user_id=actor.id,
        kind=kind,
        on_behalf_of=group or None,
        open_key=f"{delegation_id}:{kind.value}",
    )
    try:
        async with session.begin_nested():
            session.add(speaker)
    except IntegrityError:
        raise AlreadyListed() from None
    entry = await _record(
        session,
        actor,
        Kind.speaker_requested,
        meeting,
        "meeting_speaker",
        speaker.id,
        request=kind.value,
        delegation_id=delegation_id,
    )
    # Commit order: the journal's head row is held until this transaction commits.
    speaker.position = float(entry.seq)
    await session.flush()
    return speaker


async def withdraw(
    session: AsyncSession, meeting: Meeting, speaker: MeetingSpeaker, actor: Actor
) -> MeetingSpeaker:
    if not policy.can_chair(actor):
        delegation_id = policy.require_ask_floor(actor, meeting)
        if speaker.delegation_id != delegation_id:
            raise NotFound(_l("No request for the floor {id} in this meeting."), id=speaker.id)
    if speaker.status is not SpeakerStatus.waiting:
        raise SpeakerStep()
    await compare_and_set(
        session, speaker, status=SpeakerStatus.withdrawn, open_key=None, ended_at=utcnow()
    )
    await _record(session, actor, Kind.speaker_withdrawn, meeting, "meeting_speaker", speaker.id)
    return speaker


async def give_floor(
    session: AsyncSession,
    meeting: Meeting,
    speaker: MeetingSpeaker,
    actor: Actor,
    if_match: str | None,
) -> MeetingSpeaker:
    """The chair gives the floor; whoever spoke is done."""
    policy.require_chair(actor)
    require_current(if_match, speaker_etag(speaker), speaker.version)
    require_open(meeting)
    if speaker.status is not SpeakerStatus.waiting:
        raise SpeakerStep()
    for current in await speakers(session, meeting):
        if current.status is SpeakerStatus.speaking:
            await compare_and_set(
                session, current, status=SpeakerStatus.done, open_key=None, ended_at=utcnow()
            )
            await _record(session, actor, Kind.speaker_done, meeting, "meeting_speaker", current.id)
    await compare_and_set(session, speaker, status=SpeakerStatus.speaking, given_at=utcnow())
    await _record(session, actor, Kind.speaker_given_floor, meeting, "meeting_speaker", speaker.id)
    return speaker


async def finish(
    session: AsyncSession, meeting: Meeting, speaker: MeetingSpeaker, actor: Actor
) -> MeetingSpeaker:
    policy.require_chair(actor)
    if speaker.status is not SpeakerStatus.speaking:
        raise SpeakerStep(_l("This delegation does not have the floor."))
    await compare_and_set(
        session, speaker, status=SpeakerStatus.done, open_key=None, ended_at=utcnow()
    )
    await _record(session, actor, Kind.speaker_done, meeting, "meeting_speaker", speaker.id)
    return speaker


async def move_speaker(
    session: AsyncSession,
    meeting: Meeting,
    speaker: MeetingSpeaker,
    index: int,
    actor: Actor,
    if_match: str | None,
) -> MeetingSpeaker:
    """The chair puts a waiting request at place ``index`` (0: next) among those of its
    priority."""
    policy.require_chair(actor)
    require_current(if_match, speaker_etag(speaker), speaker.version)
    if speaker.status is not SpeakerStatus.waiting:
        raise SpeakerStep()
    peers = [
        s
        for s in await speakers(session, meeting)
        if s.status is SpeakerStatus.waiting
        and PRIORITY[s.kind] == PRIORITY[speaker.kind]
        and s.id != speaker.id
    ]
    index = max(0, min(index, len(peers)))
    before = peers[index - 1].position if index > 0 else None
    after = peers[index].position if index < len(peers) else None
    if before is None and after is None:
        position = speaker.position
    elif before is None:
        position = after - 1.0  # type: ignore[operator]
    elif after is None:
        position = before + 1.0
    else:
        position = (before + after) / 2
    await compare_and_set(session, speaker, position=position)
    await _record(
        session, actor, Kind.speaker_moved, meeting, "meeting_speaker", speaker.id, index=index
    )
    return speaker


async def set_list_closed(
    session: AsyncSession, meeting: Meeting, closed: bool, actor: Actor, if_match: str | None
) -> Meeting:
    policy.require_chair(actor)
    require_current(if_match, etag(meeting), meeting.version)
    require_open(meeting)
    await compare_and_set(session, meeting, list_closed=closed)
    kind = Kind.meeting_list_closed if closed else Kind.meeting_list_reopened
    await _record(session, actor, kind, meeting)
    return meeting


# --- decisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionIn:
    kind: DecisionKind
    article: str | None = None  # default: the pointer's
    provision: str | None = None  # default: the pointer's
    amendment_id: int | None = None
    reserved: Sequence[str] = ()
    confirm: Sequence[str] = ()
    note: str = ""


async def record_decision(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    meeting: Meeting,
    data: DecisionIn,
    actor: Actor,
) -> MeetingDecision:
    """Record what the meeting decided on the provision under discussion (or a proposal):
    the exact version, the exact words and their hash, who reserved their position, when.
    Agreed, ad referendum and bracketed set the provision's status in the rolling text;
    accepting or rejecting a proposal moves it along its lifecycle."""
    policy.require_chair(actor)
    require_open(meeting)
    pointer = meeting.pointer or {}
    article_key = data.article or pointer.get("article")
    if not article_key:
        raise InvalidInput(_l("Name the article decided on.")).at("article")
    article: Article = await instruments.get_article(session, instrument, article_key)
    source = await negotiation.source_version(session, instrument, article)
    note = normalise(check_text(data.note, _l("the note")))
    reserved = await delegation_ids(session, data.reserved, "reserved")
    confirm = await delegation_ids(session, data.confirm, "confirm")
    key: str | None = None
    words: str | None = None
    amendment_id: int | None = None
    if data.kind in (DecisionKind.accepted, DecisionKind.rejected):
        proposal_id = data.amendment_id or pointer.get("amendment_id")
        if proposal_id is None:
            raise InvalidInput(_l("Name the proposal decided on.")).at("amendment_id")
        amendment = await amendments.get(session, int(proposal_id), actor)
        if amendment.article_id != article.id:
            raise InvalidInput(_l("Show a tabled proposal on this article.")).at("amendment_id")
        amendment_id = amendment.id
        reason = note or str(_l("Decided in the meeting “{title}”.")).format(title=meeting.title)
        if amendment.status is AmendmentStatus.tabled:
            amendment = await amendments.transition(
                session, settings, amendment, "review", actor, amendments.etag(amendment)
            )
        action = "accept" if data.kind is DecisionKind.accepted else "reject"
        await amendments.transition(
            session, settings, amendment, action, actor, amendments.etag(amendment), reason=reason
        )
    else:
        key = data.provision if data.provision is not None else pointer.get("provision")
        if key is None:
            raise InvalidInput(_l("Name the paragraph decided on.")).at("provision")
        provision = negotiation.provision_of(source, key)
        words = provision["text"]
        status = STATUS_OF.get(data.kind)
        if status is not None:
            row = await negotiation.get_status(session, article, key)
            await negotiation.set_status(
                session,
                instrument,
                article,
                key,
                status,
                note or str(_l("Decided in the meeting “{title}”.")).format(title=meeting.title),
                list(data.confirm),
                actor,
                negotiation.status_etag(row),
            )
    decision = MeetingDecision(
        meeting_id=meeting.id,
        instrument_id=instrument.id,
        article_id=article.id,
        provision_key=key,
        kind=data.kind,
        article_version_id=source.id,
        words=words,
        words_hash=text_hash(words) if words is not None else None,
        reserved=reserved,
        confirm=confirm,
        amendment_id=amendment_id,
        note=note,
        author_id=actor.id,
    )
    session.add(decision)
    await session.flush()
    await _record(
        session,
        actor,
        Kind.decision_recorded,
        meeting,
        "meeting_decision",
        decision.id,
        decision=data.kind.value,
        article=article.key,
        provision=key,
        version_seq=source.seq,
        words_hash=decision.words_hash,
        reserved=reserved,
        amendment_id=amendment_id,
    )
    return decision


async def decisions(session: AsyncSession, meeting: Meeting) -> Sequence[MeetingDecision]:
    return (
        await session.scalars(
            select(MeetingDecision)
            .where(MeetingDecision.meeting_id == meeting.id)
            .order_by(MeetingDecision.id)
        )
    ).all()

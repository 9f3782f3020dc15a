"""API: meetings, the chair's pointer, the list of speakers and decisions tied to text. The
secretariat chairs; a delegation's members ask for its floor; everyone signed in, observers
included, follows (``/state``: everything a following screen shows, in one answer)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.service import delegation_name, list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import Forbidden, NotFound
from draftroom.kit.etag import IfMatch
from draftroom.kit.i18n import current_locale, format_moment
from draftroom.meetings import policy, present, service
from draftroom.meetings.dependencies import MeetingDep, SpeakerDep, version_seqs
from draftroom.meetings.schemas import (
    ERRORS,
    AgendaItemOut,
    DecisionIn,
    DecisionOut,
    MeetingIn,
    MeetingOut,
    MeetingStateOut,
    PointerIn,
    PointerOut,
    PositionIn,
    SpeakerIn,
    SpeakerOut,
)
from draftroom.models import (
    Article,
    Delegation,
    Instrument,
    Meeting,
    MeetingDecision,
    MeetingSpeaker,
    SpeakerStatus,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import service as negotiation
from draftroom.negotiation.schemas import DelegationRef

router = APIRouter(prefix="/api/v1", tags=["meetings"])
MEETINGS = "/instruments/{slug}/meetings"
MEETING = MEETINGS + "/{meeting_id}"
SPEAKER = MEETING + "/speakers/{speaker_id}"

# --- answers ----------------------------------------------------------------------------

Names = dict[int, Delegation]


async def delegations(session: AsyncSession) -> Names:
    return {d.id: d for d in await list_delegations(session)}


def ref(delegation: Delegation) -> DelegationRef:
    return DelegationRef(
        id=delegation.id,
        code=delegation.code,
        name=delegation_name(delegation, current_locale()),
    )


def refs(ids: Sequence[int], names: Names) -> list[DelegationRef]:
    return [ref(names[i]) for i in ids if i in names]


async def pointer_out(
    session: AsyncSession, instrument: Instrument, meeting: Meeting
) -> PointerOut | None:
    """The pointer with the numbers readers know the article, paragraph and proposal by (as
    they are numbered now; none when the article has gone since)."""
    pointer = meeting.pointer
    if not pointer:
        return None
    article: Article | None = None
    provision_number: str | None = None
    try:
        article = await instruments.get_article(session, instrument, str(pointer["article"]))
        if pointer.get("provision"):
            source = await negotiation.source_version(session, instrument, article)
            provision_number = negotiation.provision_of(source, str(pointer["provision"]))["number"]
    except NotFound:
        pass  # renumbered away since: the keys still say where the chair was
    amendment_id = pointer.get("amendment_id")
    numbers = await amendments.numbers(session, [int(amendment_id)] if amendment_id else [])
    view = str(pointer.get("view") or "text")
    return PointerOut(
        article=str(pointer["article"]),
        article_number=article.number if article else None,
        provision=pointer.get("provision"),
        provision_number=provision_number or None,
        view=view,
        view_name=present.view_name(view),
        amendment_id=amendment_id,
        amendment_number=numbers.get(int(amendment_id)) if amendment_id else None,
        quote=pointer.get("quote"),
    )


async def meeting_out(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, names: Names
) -> MeetingOut:
    return MeetingOut(
        id=meeting.id,
        instrument=instrument.slug,
        title=meeting.title,
        starts_on=meeting.starts_on,
        ends_on=meeting.ends_on,
        timezone=meeting.timezone,
        agenda=[
            AgendaItemOut(title=item.get("title"), articles=list(item.get("articles", [])))
            for item in meeting.agenda
        ],
        delegations=refs(meeting.delegations, names),
        status=meeting.status,
        status_name=present.meeting_status_name(meeting.status),
        pointer=await pointer_out(session, instrument, meeting),
        speaking_seconds=meeting.speaking_seconds,
        list_closed=meeting.list_closed,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        version=meeting.version,
        etag=service.etag(meeting),
    )


def speaker_out(speaker: MeetingSpeaker, names: Names, place: int | None) -> SpeakerOut:
    delegation = names[speaker.delegation_id]
    return SpeakerOut(
        id=speaker.id,
        delegation=ref(delegation),
        kind=speaker.kind,
        kind_name=present.speaker_kind_name(speaker.kind),
        on_behalf_of=speaker.on_behalf_of,
        label=present.speaker_label(
            delegation_name(delegation, current_locale()), speaker.kind, speaker.on_behalf_of
        ),
        status=speaker.status,
        status_name=present.speaker_status_name(speaker.status),
        place=place,
        given_at=speaker.given_at,
        ended_at=speaker.ended_at,
        version=speaker.version,
        etag=service.speaker_etag(speaker),
    )


async def decisions_out(
    session: AsyncSession, instrument: Instrument, found: Sequence[MeetingDecision], names: Names
) -> list[DecisionOut]:
    keys = {a.id: a.key for a in await instruments.articles(session, instrument)}
    seqs = await version_seqs(session, [d.article_version_id for d in found])
    numbers = await amendments.numbers(session, [d.amendment_id for d in found if d.amendment_id])
    return [
        DecisionOut(
            id=decision.id,
            kind=decision.kind,
            kind_name=present.decision_kind_name(decision.kind),
            article=keys.get(decision.article_id, ""),
            provision=decision.provision_key,
            amendment_id=decision.amendment_id,
            amendment_number=numbers.get(decision.amendment_id) if decision.amendment_id else None,
            version_id=decision.article_version_id,
            version_seq=seqs.get(decision.article_version_id, 0),
            words=decision.words,
            words_hash=decision.words_hash,
            reserved=refs(decision.reserved, names),
            confirm=refs(decision.confirm, names),
            note=decision.note,
            created_at=decision.created_at,
            at_text=format_moment(decision.created_at),
        )
        for decision in found
    ]


async def respond(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, response: Response
) -> MeetingOut:
    """The meeting; its ETag guards the chair's next change."""
    response.headers["ETag"] = service.etag(meeting)
    return await meeting_out(session, instrument, meeting, await delegations(session))


async def respond_speaker(
    session: AsyncSession, meeting: Meeting, speaker: MeetingSpeaker, response: Response
) -> SpeakerOut:
    """The request for the floor and its place on the list; its ETag guards the chair's
    next move of it."""
    response.headers["ETag"] = service.speaker_etag(speaker)
    queue = [s.id for s in await service.speakers(session, meeting)]
    place = queue.index(speaker.id) if speaker.id in queue else None
    return speaker_out(speaker, await delegations(session), place)


def remaining(meeting: Meeting, speaking: MeetingSpeaker | None, now: datetime) -> int | None:
    if meeting.speaking_seconds is None or speaking is None or speaking.given_at is None:
        return None
    spoken = (now - speaking.given_at).total_seconds()
    return int(meeting.speaking_seconds - spoken)


async def meeting_state(
    session: AsyncSession, instrument: Instrument, meeting: Meeting
) -> MeetingStateOut:
    """Everything a following screen shows (the pages and the bench read it too)."""
    seq = await journal.head(session)
    names = await delegations(session)
    queue = await service.speakers(session, meeting)
    speaking = next((s for s in queue if s.status is SpeakerStatus.speaking), None)
    now = utcnow()
    return MeetingStateOut(
        meeting=await meeting_out(session, instrument, meeting, names),
        speakers=[speaker_out(s, names, place) for place, s in enumerate(queue)],
        speaking=speaker_out(speaking, names, 0) if speaking else None,
        speaking_since=speaking.given_at if speaking else None,
        speaking_seconds=meeting.speaking_seconds,
        remaining_seconds=remaining(meeting, speaking, now),
        list_closed=meeting.list_closed,
        decisions=await decisions_out(
            session, instrument, await service.decisions(session, meeting), names
        ),
        now=now,
        seq=seq,
    )


def meeting_in(body: MeetingIn) -> service.MeetingIn:
    return service.MeetingIn(
        title=body.title,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        timezone=body.timezone,
        agenda=[item.model_dump() for item in body.agenda],
        delegations=body.delegations,
        speaking_seconds=body.speaking_seconds,
    )


# --- meetings ---------------------------------------------------------------------------


@router.get(MEETINGS, response_model=list[MeetingOut], responses=ERRORS)
async def list_meetings(
    principal: CurrentPrincipal, instrument: InstrumentDep, session: SessionDep
) -> list[MeetingOut]:
    """The meetings on the instrument, the latest first."""
    if not policy.can_follow(principal):
        raise Forbidden()
    names = await delegations(session)
    return [
        await meeting_out(session, instrument, meeting, names)
        for meeting in await service.list_meetings(session, instrument)
    ]


@router.post(MEETINGS, status_code=201, response_model=MeetingOut, responses=ERRORS)
async def create_meeting(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    body: MeetingIn,
    session: SessionDep,
    response: Response,
) -> MeetingOut:
    """The secretariat plans a meeting: its title, dates in its time zone, agenda (items of
    articles of this instrument), the delegations taking part and the speaking time."""
    meeting = await service.create(session, instrument, meeting_in(body), principal)
    return await respond(session, instrument, meeting, response)


@router.get(MEETING, response_model=MeetingOut, responses=ERRORS)
async def read_meeting(
    instrument: InstrumentDep, meeting: MeetingDep, session: SessionDep, response: Response
) -> MeetingOut:
    """One meeting; the ETag guards the chair's next change (meeting, pointer, list)."""
    return await respond(session, instrument, meeting, response)


@router.put(MEETING, response_model=MeetingOut, responses=ERRORS)
async def update_meeting(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    body: MeetingIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The secretariat changes a meeting not yet closed. `If-Match`: the meeting's ETag."""
    await service.update_meeting(
        session, instrument, meeting, meeting_in(body), principal, if_match
    )
    return await respond(session, instrument, meeting, response)


@router.post(f"{MEETING}/open", response_model=MeetingOut, responses=ERRORS)
async def open_meeting(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The chair opens a planned meeting: it is in session. `If-Match`: the meeting's ETag."""
    await service.open_meeting(session, meeting, principal, if_match)
    return await respond(session, instrument, meeting, response)


@router.post(f"{MEETING}/close", response_model=MeetingOut, responses=ERRORS)
async def close_meeting(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The chair closes the meeting: whoever speaks is done, the waiting requests are
    withdrawn. `If-Match`: the meeting's ETag."""
    await service.close_meeting(session, meeting, principal, if_match)
    return await respond(session, instrument, meeting, response)


@router.get(f"{MEETING}/state", response_model=MeetingStateOut, responses=ERRORS)
async def read_state(
    instrument: InstrumentDep, meeting: MeetingDep, session: SessionDep
) -> MeetingStateOut:
    """Everything a following screen shows, in one answer: the meeting and the chair's
    pointer, the list of speakers in order (delegations named in your language, the kind of
    each request), who speaks since when and the seconds left of their time, whether the
    list is closed, the decisions so far, and the journal entry (`seq`) it reflects: live
    events after it follow."""
    return await meeting_state(session, instrument, meeting)


@router.put(f"{MEETING}/pointer", response_model=MeetingOut, responses=ERRORS)
async def move_pointer(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    body: PointerIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The chair shows an article, a paragraph of it (with the words under discussion, as
    the paragraph reads them), the rolling text, a tabled proposal on it or a comparison:
    every following screen goes there. `If-Match`: the meeting's ETag."""
    data = service.PointerIn(
        article=body.article,
        provision=body.provision,
        view=body.view,
        amendment_id=body.amendment_id,
        quote=body.quote,
    )
    await service.move_pointer(session, instrument, meeting, data, principal, if_match)
    return await respond(session, instrument, meeting, response)


# --- the list of speakers ---------------------------------------------------------------


@router.post(f"{MEETING}/speakers", status_code=201, response_model=SpeakerOut, responses=ERRORS)
async def ask_floor(
    principal: CurrentPrincipal,
    meeting: MeetingDep,
    body: SpeakerIn,
    session: SessionDep,
    response: Response,
) -> SpeakerOut:
    """Your delegation asks for the floor (for itself or on behalf of a group), raises a
    point of order (ahead of the queue) or asks for a right of reply. One open request of
    each kind per delegation (409 for a second); the list's order is the order the requests
    were committed in."""
    speaker = await service.ask_floor(session, meeting, body.kind, body.on_behalf_of, principal)
    return await respond_speaker(session, meeting, speaker, response)


@router.post(f"{SPEAKER}/withdraw", response_model=SpeakerOut, responses=ERRORS)
async def withdraw(
    principal: CurrentPrincipal,
    meeting: MeetingDep,
    speaker: SpeakerDep,
    session: SessionDep,
    response: Response,
) -> SpeakerOut:
    """Your delegation withdraws its waiting request (the chair may withdraw any)."""
    await service.withdraw(session, meeting, speaker, principal)
    return await respond_speaker(session, meeting, speaker, response)


@router.post(f"{SPEAKER}/floor", response_model=SpeakerOut, responses=ERRORS)
async def give_floor(
    principal: CurrentPrincipal,
    meeting: MeetingDep,
    speaker: SpeakerDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> SpeakerOut:
    """The chair gives the floor to this request; whoever spoke is done. `If-Match`: the
    request's ETag."""
    await service.give_floor(session, meeting, speaker, principal, if_match)
    return await respond_speaker(session, meeting, speaker, response)


@router.post(f"{SPEAKER}/done", response_model=SpeakerOut, responses=ERRORS)
async def finish(
    principal: CurrentPrincipal,
    meeting: MeetingDep,
    speaker: SpeakerDep,
    session: SessionDep,
    response: Response,
) -> SpeakerOut:
    """The chair thanks the speaker: their turn is over."""
    await service.finish(session, meeting, speaker, principal)
    return await respond_speaker(session, meeting, speaker, response)


@router.put(f"{SPEAKER}/position", response_model=SpeakerOut, responses=ERRORS)
async def move_speaker(
    principal: CurrentPrincipal,
    meeting: MeetingDep,
    speaker: SpeakerDep,
    body: PositionIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> SpeakerOut:
    """The chair puts a waiting request at another place among those of its kind (0: next;
    points of order stay ahead). `If-Match`: the request's ETag."""
    await service.move_speaker(session, meeting, speaker, body.index, principal, if_match)
    return await respond_speaker(session, meeting, speaker, response)


async def set_list(
    closed: bool,
    principal: CurrentPrincipal,
    instrument: Instrument,
    meeting: Meeting,
    session: AsyncSession,
    response: Response,
    if_match: str | None,
) -> MeetingOut:
    await service.set_list_closed(session, meeting, closed, principal, if_match)
    return await respond(session, instrument, meeting, response)


@router.post(f"{MEETING}/list/close", response_model=MeetingOut, responses=ERRORS)
async def close_list(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The chair closes the list of speakers: no new requests for the floor (points of order
    and rights of reply still come). `If-Match`: the meeting's ETag."""
    return await set_list(True, principal, instrument, meeting, session, response, if_match)


@router.post(f"{MEETING}/list/reopen", response_model=MeetingOut, responses=ERRORS)
async def reopen_list(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingOut:
    """The chair reopens the list of speakers. `If-Match`: the meeting's ETag."""
    return await set_list(False, principal, instrument, meeting, session, response, if_match)


# --- decisions --------------------------------------------------------------------------


@router.post(f"{MEETING}/decisions", status_code=201, response_model=DecisionOut, responses=ERRORS)
async def record_decision(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting: MeetingDep,
    body: DecisionIn,
    session: SessionDep,
    settings: SettingsDep,
) -> DecisionOut:
    """The chair records what the meeting decided on the paragraph shown (or the one named):
    agreed, agreed ad referendum (naming the delegations whose capitals must confirm),
    bracketed or deferred; or a proposal accepted or rejected. The record names the exact
    source-language version and, for a paragraph, its words and their SHA-256, the
    delegations that reserved their position and the time. Agreed, ad referendum and
    bracketed set the paragraph's status in the rolling text; accepting or rejecting moves
    the proposal along its lifecycle."""
    data = service.DecisionIn(
        kind=body.kind,
        article=body.article,
        provision=body.provision,
        amendment_id=body.amendment_id,
        reserved=body.reserved,
        confirm=body.confirm,
        note=body.note,
    )
    decision = await service.record_decision(
        session, settings, instrument, meeting, data, principal
    )
    (out,) = await decisions_out(session, instrument, [decision], await delegations(session))
    return out


@router.get(f"{MEETING}/decisions", response_model=list[DecisionOut], responses=ERRORS)
async def list_decisions(
    instrument: InstrumentDep, meeting: MeetingDep, session: SessionDep
) -> list[DecisionOut]:
    """The meeting's decisions, in the order they were taken."""
    found = await service.decisions(session, meeting)
    return await decisions_out(session, instrument, found, await delegations(session))

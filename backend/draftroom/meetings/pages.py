"""The meeting pages: the list of an instrument's meetings (and the secretariat's form for a
new one), a meeting's page (the chair's console for the secretariat, the floor for the
delegations, what the chair shows for everyone), "follow the chair" in the reader's own
languages, and the projector.

Thin: every decision is the service's and the policy's; the text shown is read through the
instruments, negotiation (rolling text), amendments and comparisons services. A refused form
comes back on the page it was sent from, as typed, the message beside it (kit/forms.py).
Observers read the published text: what the chair shows, they see as the latest milestone
froze it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.dates import format_date
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.identity.service import list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.present import text_language
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, Forbidden, InvalidInput
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _l, current_locale
from draftroom.kit.templates import render
from draftroom.meetings import documents, policy, present, service
from draftroom.meetings.screens import (
    MAX_COLUMNS,
    PROJECTOR_COLUMNS,
    decided,
    next_target,
    proposals,
    queue,
    shown,
    target_of,
    targets,
)
from draftroom.models import (
    Article,
    DecisionKind,
    Instrument,
    Meeting,
    MeetingSpeaker,
    MeetingStatus,
    SpeakerKind,
    SpeakerStatus,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import rolling

router = APIRouter(include_in_schema=False)


# --- pages -------------------------------------------------------------------------------


def require_follow(principal: Principal) -> None:
    if not policy.can_follow(principal):
        raise Forbidden()


def chosen_languages(langs: Sequence[str] | None, settings: Settings, limit: int) -> list[str]:
    """``?langs=ar,zh`` or ``?langs=ar&langs=zh`` (the form's checkboxes): known languages,
    in order, at most ``limit``."""
    found = [
        c.strip()
        for item in langs or ()
        for c in item.split(",")
        if c.strip() in settings.languages
    ]
    return list(dict.fromkeys(found))[:limit]


def reading_languages(
    instrument: Instrument, langs: Sequence[str] | None, settings: Settings, limit: int
) -> list[str]:
    return chosen_languages(langs, settings, limit) or [
        text_language(instrument, current_locale(), list(settings.languages))
    ]


def day(value: date) -> str:
    """A meeting's date as the reader's language writes it."""
    return format_date(value, format="long", locale=current_locale())


def meeting_url(slug: str, meeting_id: int, page: str = "", langs: str = "") -> str:
    url = f"/instruments/{slug}/meetings/{meeting_id}" + (f"/{page}" if page else "")
    return url + (f"?{urlencode({'langs': langs})}" if langs else "")


async def common(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, principal: Principal
) -> dict[str, Any]:
    """What every page of a meeting shows beside the text: the list of speakers, the timer,
    the decisions, who may do what."""
    speakers, timer = await queue(session, meeting, principal)
    return {
        "instrument": instrument,
        "meeting": meeting,
        "meeting_etag": service.etag(meeting),
        "speakers": speakers,
        "timer": timer,
        "decisions": await decided(session, instrument, meeting),
        "chairing": policy.can_chair(principal),
        "asking": policy.can_ask_floor(principal, meeting) and meeting.status is MeetingStatus.open,
        "in_session": meeting.status is MeetingStatus.open,
        "status_name": present.meeting_status_name,
        "view_name": present.view_name,
        "speaker_label": present.speaker_label,
        "speaker_kinds": list(SpeakerKind),
        "day": day,
    }


@router.get("/instruments/{slug}/meetings", response_class=HTMLResponse)
async def meetings_page(
    request: Request, slug: str, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    """The instrument's meetings, the one in session first; the secretariat plans, opens and
    closes them here."""
    live_seq = await journal.head(session)
    instrument = await instruments.get_instrument(session, slug)
    require_follow(principal)
    rows = await service.list_meetings(session, instrument)
    chairing = policy.can_chair(principal)
    names = await rolling.delegation_names(session)
    return render(
        request,
        "meetings/list.html",
        {
            "instrument": instrument,
            "meetings": sorted(rows, key=lambda m: m.status is not MeetingStatus.open),
            "chairing": chairing,
            "etag": service.etag,
            "status_name": present.meeting_status_name,
            "delegations": await list_delegations(session) if chairing else [],
            "delegation_names": names,
            "articles": await instruments.articles(session, instrument),
            "live_seq": live_seq,
            "today": utcnow().date().isoformat(),
            "day": day,
        },
    )


def parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(_l("Give the date as year-month-day (2026-12-01).")).at(name) from None


def parse_agenda(text: str, articles: Sequence[Article]) -> list[dict[str, Any]]:
    """One agenda item a line: "Scope: 1, 2" (a title, a colon, the articles by number or
    key) or just "3, 4"."""
    by_number = {a.number: a.key for a in articles}
    keys = {a.key for a in articles}
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, colon, names = line.rpartition(":")
        if not colon:
            title, names = "", line
        found = [n.strip() for n in names.replace(";", ",").split(",") if n.strip()]
        items.append(
            {
                "title": title.strip() or None,
                "articles": [n if n in keys else by_number.get(n, n) for n in found],
            }
        )
    return items


@router.post("/instruments/{slug}/meetings")
async def create_meeting(
    request: Request,
    slug: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    title: Annotated[str, Form(max_length=400)] = "",
    starts_on: Annotated[str, Form(max_length=20)] = "",
    ends_on: Annotated[str, Form(max_length=20)] = "",
    timezone: Annotated[str, Form(max_length=100)] = "",
    agenda: Annotated[str, Form(max_length=4000)] = "",
    delegations: Annotated[list[str] | None, Form()] = None,
    speaking_minutes: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The secretariat plans a meeting: its title, dates and time zone, its agenda of
    articles, the delegations taking part, the speaking time per turn."""
    instrument = await instruments.get_instrument(session, slug)
    codes = [c for c in delegations or [] if c]
    typed = {
        "title": title, "starts_on": starts_on, "ends_on": ends_on, "timezone": timezone,
        "agenda": agenda, "delegations": codes, "speaking_minutes": speaking_minutes,
    }  # fmt: skip
    try:
        policy.require_chair(principal)
        data = service.MeetingIn(
            title=title,
            starts_on=parse_day(starts_on, "starts_on"),
            ends_on=parse_day(ends_on, "ends_on"),
            timezone=timezone.strip(),
            agenda=parse_agenda(agenda, await instruments.articles(session, instrument)),
            delegations=codes,
            speaking_seconds=parse_minutes(speaking_minutes),
        )
        try:
            meeting = await service.create(session, instrument, data, principal)
        except DraftroomError as error:
            if error.field == "speaking_seconds":
                error.at("speaking_minutes")
            raise
    except DraftroomError as error:
        await refuse(request, session, "new-meeting", error, typed, list(typed))
        return await meetings_page(request, slug, session, principal)
    return RedirectResponse(meeting_url(slug, meeting.id), status_code=303)


Step = Callable[[Instrument, Meeting], Awaitable[object]]


async def act(
    request: Request,
    slug: str,
    meeting_id: int,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    form: str,
    values: Mapping[str, object],
    fields: list[str],
    step: Step,
    back: str,
    langs: str,
    anchor: str = "",
) -> Response:
    """Do what a meeting's form asks; refused, the page it came from again with the form as
    typed and the message beside it."""
    instrument = await instruments.get_instrument(session, slug)
    meeting = await service.get(session, instrument, meeting_id)
    page = back if back in ("follow", "list") else ""
    try:
        await step(instrument, meeting)
    except DraftroomError as error:
        await refuse(request, session, form, error, values, fields)
        if page == "list":
            return await meetings_page(request, slug, session, principal)
        if page == "follow":
            return await follow_page(
                request, slug, meeting_id, session, settings, principal, [langs] if langs else None
            )
        return await meeting_page(
            request, slug, meeting_id, session, settings, principal, [langs] if langs else None
        )
    if page == "list":
        return RedirectResponse(f"/instruments/{slug}/meetings", status_code=303)
    url = meeting_url(slug, meeting_id, page, langs)
    return RedirectResponse(url + (f"#{anchor}" if anchor else ""), status_code=303)


Back = Annotated[str, Form(max_length=20)]
Langs = Annotated[str, Form(max_length=100)]
ETag = Annotated[str, Form(max_length=200)]


@router.post("/instruments/{slug}/meetings/{meeting_id}/open")
async def open_meeting(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    etag: ETag = "",
    back: Back = "",
) -> Response:
    """The chair opens the meeting: every following screen shows what the chair shows."""

    async def step(_instrument: Instrument, meeting: Meeting) -> object:
        return await service.open_meeting(session, meeting, principal, etag or None)

    return await act(
        request, slug, meeting_id, session, settings, principal, f"open-{meeting_id}", {}, [],
        step, back, "",
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/close")
async def close_meeting(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    etag: ETag = "",
    back: Back = "",
) -> Response:
    """The chair closes the meeting; whoever speaks is done, the waiting requests lapse."""

    async def step(_instrument: Instrument, meeting: Meeting) -> object:
        return await service.close_meeting(session, meeting, principal, etag or None)

    return await act(
        request, slug, meeting_id, session, settings, principal, f"close-{meeting_id}", {}, [],
        step, back, "",
    )  # fmt: skip


@router.get("/instruments/{slug}/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_page(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Annotated[list[str] | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """A meeting: what the chair shows now, the list of speakers and the decisions; for the
    secretariat the chair's console, for a delegation its requests for the floor."""
    live_seq = await journal.head(session)
    instrument = await instruments.get_instrument(session, slug)
    meeting = await service.get(session, instrument, meeting_id)
    require_follow(principal)
    languages = reading_languages(instrument, langs, settings, MAX_COLUMNS)
    context = await common(session, instrument, meeting, principal)
    chairing = context["chairing"]
    groups = await targets(session, instrument, meeting) if chairing else []
    current = target_of(meeting.pointer)
    return render(
        request,
        "meetings/console.html",
        {
            **context,
            "shown": await shown(session, instrument, meeting, languages, principal),
            "langs": ",".join(languages),
            "live_seq": live_seq,
            "targets": groups,
            "current_target": current,
            "next_target": next_target(groups, current) if chairing else None,
            "proposals": await proposals(session, instrument, meeting, principal)
            if chairing
            else [],
            "views": list(service.VIEWS),
            "decision_kinds": list(DecisionKind),
            "decision_kind_name": present.decision_kind_name,
            "delegations": await list_delegations(session) if chairing else [],
            "documents": meeting_documents(slug, meeting.id),
        },
    )


def meeting_documents(slug: str, meeting_id: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The meeting's documents (decisions, status of negotiations, proposals), each with its
    download in every format, in the reader's language."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for name, fmt, url in documents.downloads(slug, meeting_id, current_locale()):
        grouped.setdefault(name, []).append((fmt, url))
    return list(grouped.items())


@router.get("/instruments/{slug}/meetings/{meeting_id}/follow", response_class=HTMLResponse)
async def follow_page(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Annotated[list[str] | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """Follow the chair: what the chair shows, in the reader's own languages side by side,
    at the paragraph under discussion with its words marked; the list of speakers beside."""
    live_seq = await journal.head(session)
    instrument = await instruments.get_instrument(session, slug)
    meeting = await service.get(session, instrument, meeting_id)
    require_follow(principal)
    languages = reading_languages(instrument, langs, settings, MAX_COLUMNS)
    return render(
        request,
        "meetings/follow.html",
        {
            **await common(session, instrument, meeting, principal),
            "shown": await shown(session, instrument, meeting, languages, principal),
            "langs": ",".join(languages),
            "live_seq": live_seq,
        },
    )


@router.get("/instruments/{slug}/meetings/{meeting_id}/projector", response_class=HTMLResponse)
async def projector_page(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Annotated[list[str] | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """The projector: large type, one or two languages, the list of speakers and the timer
    beside; it follows the chair, and after a lost connection resumes where the meeting is."""
    live_seq = await journal.head(session)
    instrument = await instruments.get_instrument(session, slug)
    meeting = await service.get(session, instrument, meeting_id)
    require_follow(principal)
    languages = reading_languages(instrument, langs, settings, PROJECTOR_COLUMNS)
    return render(
        request,
        "meetings/projector.html",
        {
            **await common(session, instrument, meeting, principal),
            "shown": await shown(session, instrument, meeting, languages, principal),
            "langs": ",".join(languages),
            "live_seq": live_seq,
        },
    )


# --- the chair's console -----------------------------------------------------------------


@router.post("/instruments/{slug}/meetings/{meeting_id}/pointer")
async def move_pointer(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    target: Annotated[str, Form(max_length=400)] = "",
    view: Annotated[str, Form(max_length=20)] = "text",
    amendment: Annotated[str, Form(max_length=20)] = "",
    quote: Annotated[str, Form(max_length=2000)] = "",
    etag: ETag = "",
    langs: Langs = "",
) -> Response:
    """The chair shows an article or a paragraph of it (the words under discussion marked),
    the rolling text, a proposal or a comparison: every following screen goes there."""

    async def step(instrument: Instrument, meeting: Meeting) -> object:
        article, _sep, provision = target.partition("#")
        if not article:
            raise InvalidInput(_l("Choose what to show.")).at("target")
        try:
            amendment_id = int(amendment) if amendment else None
        except ValueError:
            raise InvalidInput(_l("Name the proposal to show.")).at("amendment") from None
        data = service.PointerIn(article, provision or None, view, amendment_id, quote or None)
        try:
            return await service.move_pointer(
                session, instrument, meeting, data, principal, etag or None
            )
        except DraftroomError as error:
            if error.field == "amendment_id":
                error.at("amendment")
            elif error.field == "provision":
                error.at("target")
            raise

    values = {"target": target, "view": view, "amendment": amendment, "quote": quote}
    return await act(
        request, slug, meeting_id, session, settings, principal, "pointer", values, list(values),
        step, "", langs, "pointer",
    )  # fmt: skip


def parse_minutes(value: str) -> int | None:
    """ "3" or "1.5" minutes as seconds; empty: no limit."""
    if not value.strip():
        return None
    try:
        minutes = float(value.strip().replace(",", "."))
    except ValueError:
        raise InvalidInput(_l("Give the speaking time in minutes (3 or 1.5).")).at(
            "speaking_minutes"
        ) from None
    return round(minutes * 60)


@router.post("/instruments/{slug}/meetings/{meeting_id}/speaking-time")
async def set_speaking_time(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    speaking_minutes: Annotated[str, Form(max_length=10)] = "",
    etag: ETag = "",
    langs: Langs = "",
) -> Response:
    """The chair sets the speaking time per turn (empty: no limit); the timer follows."""

    async def step(instrument: Instrument, meeting: Meeting) -> object:
        policy.require_chair(principal)
        codes = {d.id: d.code for d in await list_delegations(session)}
        data = service.MeetingIn(
            title=meeting.title,
            starts_on=meeting.starts_on,
            ends_on=meeting.ends_on,
            timezone=meeting.timezone,
            agenda=meeting.agenda,
            delegations=[codes[i] for i in meeting.delegations if i in codes],
            speaking_seconds=parse_minutes(speaking_minutes),
        )
        try:
            return await service.update_meeting(
                session, instrument, meeting, data, principal, etag or None
            )
        except DraftroomError as error:
            if error.field == "speaking_seconds":
                error.at("speaking_minutes")
            raise

    values = {"speaking_minutes": speaking_minutes}
    return await act(
        request, slug, meeting_id, session, settings, principal, "speaking-time", values,
        list(values), step, "", langs, "speakers",
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/list")
async def set_list(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    closed: Annotated[str, Form(max_length=5)] = "",
    etag: ETag = "",
    langs: Langs = "",
) -> Response:
    """The chair closes the list of speakers (or opens it again)."""

    async def step(_instrument: Instrument, meeting: Meeting) -> object:
        return await service.set_list_closed(
            session, meeting, closed == "1", principal, etag or None
        )

    return await act(
        request, slug, meeting_id, session, settings, principal, "list", {}, [], step, "",
        langs, "speakers",
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/speakers")
async def ask_floor(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    kind: Annotated[str, Form(max_length=20)] = "floor",
    on_behalf_of: Annotated[str, Form(max_length=400)] = "",
    back: Back = "",
    langs: Langs = "",
) -> Response:
    """A delegation asks for the floor (for itself or on behalf of a group), raises a point
    of order or asks for a right of reply."""

    async def step(_instrument: Instrument, meeting: Meeting) -> object:
        try:
            chosen = SpeakerKind(kind)
        except ValueError:
            raise InvalidInput(_l("Choose what you ask for.")).at("kind") from None
        return await service.ask_floor(session, meeting, chosen, on_behalf_of or None, principal)

    values = {"kind": kind, "on_behalf_of": on_behalf_of}
    return await act(
        request, slug, meeting_id, session, settings, principal, "ask", values, list(values),
        step, back, langs, "speakers",
    )  # fmt: skip


SpeakerStep = Callable[[Meeting, MeetingSpeaker], Awaitable[object]]


async def speaker_act(
    request: Request,
    slug: str,
    meeting_id: int,
    speaker_id: int,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    form: str,
    step: SpeakerStep,
    back: str,
    langs: str,
) -> Response:
    async def on_meeting(_instrument: Instrument, meeting: Meeting) -> object:
        speaker = await service.get_speaker(session, meeting, speaker_id)
        return await step(meeting, speaker)

    return await act(
        request, slug, meeting_id, session, settings, principal, f"{form}-{speaker_id}", {}, [],
        on_meeting, back, langs, "speakers",
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/withdraw")
async def withdraw(
    request: Request,
    slug: str,
    meeting_id: DbId,
    speaker_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    back: Back = "",
    langs: Langs = "",
) -> Response:
    """A delegation withdraws its request (or the chair strikes it from the list)."""

    async def step(meeting: Meeting, speaker: MeetingSpeaker) -> object:
        return await service.withdraw(session, meeting, speaker, principal)

    return await speaker_act(
        request, slug, meeting_id, speaker_id, session, settings, principal, "withdraw", step,
        back, langs,
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/floor")
async def give_floor(
    request: Request,
    slug: str,
    meeting_id: DbId,
    speaker_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    etag: ETag = "",
    langs: Langs = "",
) -> Response:
    """The chair gives the floor; whoever spoke is done, the timer starts."""

    async def step(meeting: Meeting, speaker: MeetingSpeaker) -> object:
        return await service.give_floor(session, meeting, speaker, principal, etag or None)

    return await speaker_act(
        request, slug, meeting_id, speaker_id, session, settings, principal, "floor", step, "",
        langs,
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/done")
async def finish(
    request: Request,
    slug: str,
    meeting_id: DbId,
    speaker_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Langs = "",
) -> Response:
    """The speaker is done."""

    async def step(meeting: Meeting, speaker: MeetingSpeaker) -> object:
        return await service.finish(session, meeting, speaker, principal)

    return await speaker_act(
        request, slug, meeting_id, speaker_id, session, settings, principal, "done", step, "",
        langs,
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/move")
async def move_speaker(
    request: Request,
    slug: str,
    meeting_id: DbId,
    speaker_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    direction: Annotated[str, Form(max_length=10)] = "",
    etag: ETag = "",
    langs: Langs = "",
) -> Response:
    """The chair moves a waiting request up or down the list."""

    async def step(meeting: Meeting, speaker: MeetingSpeaker) -> object:
        if direction not in ("up", "down"):
            raise InvalidInput(_l("Move the request up or down."))
        peers = [
            s.id
            for s in await service.speakers(session, meeting)
            if s.status is SpeakerStatus.waiting
            and service.PRIORITY[s.kind] == service.PRIORITY[speaker.kind]
        ]
        here = peers.index(speaker.id) if speaker.id in peers else 0
        index = here - 1 if direction == "up" else here + 1
        return await service.move_speaker(
            session, meeting, speaker, max(0, index), principal, etag or None
        )

    return await speaker_act(
        request, slug, meeting_id, speaker_id, session, settings, principal, "move", step, "",
        langs,
    )  # fmt: skip


@router.post("/instruments/{slug}/meetings/{meeting_id}/decisions")
async def record_decision(
    request: Request,
    slug: str,
    meeting_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    kind: Annotated[str, Form(max_length=20)] = "",
    reserved: Annotated[list[str] | None, Form()] = None,
    confirm: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form(max_length=4000)] = "",
    langs: Langs = "",
) -> Response:
    """The chair records what the meeting decided on the paragraph (or proposal) under
    discussion: tied to the exact version and words, with the reservations."""
    reserving = [c for c in reserved or [] if c]
    confirming = [c for c in confirm or [] if c]

    async def step(instrument: Instrument, meeting: Meeting) -> object:
        try:
            chosen = DecisionKind(kind)
        except ValueError:
            raise InvalidInput(_l("Choose what was decided.")).at("kind") from None
        data = service.DecisionIn(chosen, reserved=reserving, confirm=confirming, note=note)
        return await service.record_decision(
            session, settings, instrument, meeting, data, principal
        )

    values = {"kind": kind, "reserved": reserving, "confirm": confirming, "note": note}
    return await act(
        request, slug, meeting_id, session, settings, principal, "decision", values, list(values),
        step, "", langs, "decisions",
    )  # fmt: skip

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
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.dates import format_date
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import present as amendment_present
from draftroom.amendments import service as amendments
from draftroom.comparisons import present as comparison_present
from draftroom.comparisons import service as comparisons
from draftroom.config import Settings
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.identity.service import list_delegations
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.instruments.present import display_number, text_language
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, Forbidden, InvalidInput, NotFound
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.kit.templates import render
from draftroom.meetings import policy, present, service
from draftroom.models import (
    AgreementStatus,
    AmendmentStatus,
    Article,
    ArticleVersion,
    DecisionKind,
    Instrument,
    Meeting,
    MeetingDecision,
    MeetingSpeaker,
    MeetingStatus,
    Milestone,
    SpeakerKind,
    SpeakerStatus,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import rolling
from draftroom.negotiation import service as negotiation

router = APIRouter(include_in_schema=False)
MAX_COLUMNS = 3
PROJECTOR_COLUMNS = 2
# Proposals the chair may show: on the table, not drafts.
SHOWN_PROPOSALS = (
    AmendmentStatus.tabled,
    AmendmentStatus.under_review,
    AmendmentStatus.accepted,
    AmendmentStatus.accepted_with_changes,
)


# --- what the chair shows ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A provision in one language as shown: its words (the words under discussion marked)
    and, in the rolling text, its status."""

    language: str
    html: Markup
    status: AgreementStatus | None = None
    # The words under discussion are not found in this language: the source's are quoted.
    quote_elsewhere: bool = False


@dataclass
class Row:
    key: str
    number: str
    cells: list[Cell | None]
    pointed: bool


@dataclass
class Shown:
    """What the chair's pointer shows, in the languages read."""

    pointer: dict[str, Any] | None
    article: Article | None = None
    languages: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    # "Proposal 12 (France)", "Since the 2007 text": what the view shows, in words.
    label: str = ""
    # Why something is not shown (observers, a proposal the reader may not see).
    note: str = ""
    milestone: Milestone | None = None
    pointed_number: str = ""
    quote: str | None = None
    source_language: str = "en"


def marked(text: str, quote: str | None, pointed: bool) -> tuple[Markup, bool]:
    """The words, the ones under discussion in ``<mark>``: the quote where it is found, the
    whole provision when the quote is not in this language (or none was chosen). The second
    value says the quote was not found here."""
    if not pointed:
        return escape(text), False
    start = text.find(quote) if quote else -1
    if quote and start >= 0:
        end = start + len(quote)
        return (
            escape(text[:start])
            + Markup('<mark class="under-discussion">')
            + escape(text[start:end])
            + Markup("</mark>")
            + escape(text[end:]),
            False,
        )
    return Markup('<mark class="under-discussion">') + escape(text) + Markup("</mark>"), bool(quote)


def pointed_html(html: str, pointed: bool) -> Markup:
    """A diff already in HTML: the whole provision marked when under discussion."""
    inner = Markup(html)  # noqa: S704 (render_inline escapes the words it wraps)
    if not pointed:
        return inner
    return Markup('<mark class="under-discussion">') + inner + Markup("</mark>")


async def published(
    session: AsyncSession, instrument: Instrument, principal: Principal
) -> Milestone | None:
    """The milestone an observer reads (the latest published); None: the working text."""
    if instrument_policy.can_read_drafts(principal):
        return None
    _first, total = await instruments.list_milestones(session, instrument, 1, 0)
    if total == 0:
        return None
    latest, _ = await instruments.list_milestones(session, instrument, 1, total - 1)
    return latest[0]


async def shown(
    session: AsyncSession,
    instrument: Instrument,
    meeting: Meeting,
    languages: Sequence[str],
    principal: Principal,
) -> Shown:
    """What the pointer shows in each of ``languages``; observers read it as the latest
    milestone froze it."""
    pointer = meeting.pointer
    result = Shown(pointer, languages=list(languages), source_language=instrument.source_language)
    if not pointer:
        return result
    article = await instruments.get_article(session, instrument, str(pointer["article"]))
    result.article = article
    key, quote = pointer.get("provision"), pointer.get("quote")
    result.quote = quote
    reading = await published(session, instrument, principal)
    if reading is None and not instrument_policy.can_read_drafts(principal):
        result.note = _("No milestone has been published yet: observers read published texts.")
        return result
    if reading is not None:
        result.milestone = reading
        result.note = _("Observers read the published text: {milestone}.").format(
            milestone=reading.name
        )
    view = str(pointer.get("view") or "text")
    try:
        source = await instruments.read_version(
            session, article, instrument.source_language, None, reading
        )
    except NotFound:
        result.note = _("This article is not in the published text.")
        return result
    numbers = {p["id"]: display_number(p["number"]) for p in source.provisions}
    result.pointed_number = numbers.get(key, "") if key else ""
    if view == "proposal" and pointer.get("amendment_id"):
        await _proposal(session, result, int(pointer["amendment_id"]), key, quote, principal)
        return result
    if view == "comparison":
        await _comparison(session, instrument, article, result, key, reading, principal)
        return result
    state = (
        await rolling.state_for(session, instrument, reading, article.id)
        if view == "rolling"
        else None
    )
    names = await rolling.delegation_names(session) if state is not None else {}
    order: list[str] = [p["id"] for p in source.provisions]
    cells: dict[str, dict[int, Cell]] = {}
    found_numbers = dict(numbers)
    for index, code in enumerate(languages):
        try:
            version = (
                source
                if code == source.language
                else await instruments.read_version(session, article, code, None, reading)
            )
        except NotFound:
            continue
        result.headings[code] = version.heading
        if state is not None:
            built = rolling.build(instrument, article, version, source, state, names, reading)
            for p in built.provisions:
                html, elsewhere = marked(p.bracketed, quote, p.key == key)
                cells.setdefault(p.key, {})[index] = Cell(code, html, p.status, elsewhere)
                found_numbers.setdefault(p.key, display_number(p.number))
        else:
            for provision in version.provisions:
                pid = provision["id"]
                html, elsewhere = marked(provision["text"], quote, pid == key)
                cells.setdefault(pid, {})[index] = Cell(code, html, None, elsewhere)
                found_numbers.setdefault(pid, display_number(provision["number"]))
    order += [pid for pid in cells if pid not in order]
    result.rows = [
        Row(pid, found_numbers.get(pid, ""), [cells[pid].get(i) for i in range(len(languages))],
            pid == key)
        for pid in order
        if pid in cells
    ]  # fmt: skip
    if view == "rolling":
        result.label = _("Rolling text (brackets, alternatives, notes)")
    return result


async def _proposal(
    session: AsyncSession,
    result: Shown,
    amendment_id: int,
    key: str | None,
    quote: str | None,
    principal: Principal,
) -> None:
    """A proposal shown as it changes its base, in the language it was written in."""
    try:
        amendment = await amendments.get(session, amendment_id, principal)
    except DraftroomError as error:
        result.note = error.detail
        return
    names = await rolling.delegation_names(session)
    result.label = _("Proposal {number} ({delegation})").format(
        number=amendment.number, delegation=names.get(amendment.delegation_id, "")
    )
    heading, base = await amendments.base_provisions(session, amendment)
    result.languages = [amendment.language]
    result.headings = {amendment.language: amendment.proposed_heading or heading}
    for change in amendment_present.diff_rows(base, amendment.proposed):
        pointed = change["id"] == key
        result.rows.append(
            Row(
                change["id"],
                change["number"],
                [Cell(amendment.language, pointed_html(change["html"], pointed))],
                pointed,
            )
        )


async def _comparison(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    result: Shown,
    key: str | None,
    reading: Milestone | None,
    principal: Principal,
) -> None:
    """The text as it reads now (observers: as published) against the first milestone."""
    after = f"milestone:{reading.id}" if reading is not None else "latest"
    cells: dict[str, dict[int, Cell]] = {}
    order: list[str] = []
    numbers: dict[str, str] = {}
    for index, code in enumerate(result.languages):
        try:
            compared = await comparisons.compare_article(
                session, instrument, article, code, None, after, principal
            )
        except DraftroomError:
            continue
        if not result.label:
            result.label = _("Changes since {before}").format(before=compared.before.label)
        result.headings[code] = compared.after.heading
        for change in comparison_present.rows(compared):
            if change["id"] not in cells:
                order.append(change["id"])
                cells[change["id"]] = {}
                numbers[change["id"]] = change["number"]
            cells[change["id"]][index] = Cell(
                code, pointed_html(change["inline"], change["id"] == key)
            )
    result.rows = [
        Row(pid, numbers[pid], [cells[pid].get(i) for i in range(len(result.languages))],
            pid == key)
        for pid in order
    ]  # fmt: skip


# --- the list of speakers, the timer, decisions ------------------------------------------


@dataclass(frozen=True)
class Speaker:
    row: MeetingSpeaker
    name: str
    kind: str
    etag: str
    mine: bool


@dataclass(frozen=True)
class Timer:
    """The speaking time of whoever has the floor: since when, out of how many seconds."""

    given_at: datetime | None
    budget: int | None
    now: datetime

    @property
    def elapsed(self) -> int:
        if self.given_at is None:
            return 0
        return max(0, int((self.now - self.given_at).total_seconds()))

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.elapsed

    @property
    def shown(self) -> str:
        """What the timer reads when the page is served (meeting.js counts on)."""
        seconds = self.remaining if self.remaining is not None else self.elapsed
        sign = "−" if seconds < 0 else ""
        minutes, rest = divmod(abs(seconds), 60)
        return f"{sign}{minutes}:{rest:02d}"


@dataclass(frozen=True)
class Decided:
    row: MeetingDecision
    kind: str
    article: str
    provision: str
    reserved: list[str]
    confirm: list[str]


async def queue(
    session: AsyncSession, meeting: Meeting, principal: Principal
) -> tuple[list[Speaker], Timer]:
    names = await rolling.delegation_names(session)
    rows = await service.speakers(session, meeting)
    speakers = [
        Speaker(
            row,
            names.get(row.delegation_id, str(row.delegation_id)),
            present.speaker_kind_name(row.kind),
            service.speaker_etag(row),
            principal.delegation_id == row.delegation_id,
        )
        for row in rows
    ]
    speaking = next((s.row for s in speakers if s.row.status is SpeakerStatus.speaking), None)
    return speakers, Timer(speaking.given_at if speaking else None, meeting.speaking_seconds,
                           utcnow())  # fmt: skip


async def decided(session: AsyncSession, instrument: Instrument, meeting: Meeting) -> list[Decided]:
    """The meeting's decisions, each named by its article and paragraph as decided."""
    names = await rolling.delegation_names(session)
    articles = {a.id: a for a in await instruments.articles(session, instrument)}
    found = []
    for row in await service.decisions(session, meeting):
        article = articles.get(row.article_id)
        number = ""
        if row.provision_key:
            version = await session.get(ArticleVersion, row.article_version_id)
            provisions = version.provisions if version else []
            number = next(
                (display_number(p["number"]) for p in provisions if p["id"] == row.provision_key),
                row.provision_key,
            )
        found.append(
            Decided(
                row,
                present.decision_kind_name(row.kind),
                article.number if article else "",
                number,
                [names.get(i, str(i)) for i in row.reserved],
                [names.get(i, str(i)) for i in row.confirm],
            )
        )
    return found


# --- the pointer's choices ---------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the chair may point at: an article ("art_3") or one of its paragraphs
    ("art_3#art_3__para_2")."""

    value: str
    label: str


def target_of(pointer: Mapping[str, Any] | None) -> str:
    if not pointer:
        return ""
    key = pointer.get("provision")
    return f"{pointer['article']}#{key}" if key else str(pointer["article"])


async def targets(
    session: AsyncSession, instrument: Instrument, meeting: Meeting
) -> list[tuple[str, list[Target]]]:
    """The agenda, item by item: each article and each of its paragraphs (every article when
    the agenda names none)."""
    articles = {a.key: a for a in await instruments.articles(session, instrument)}
    agenda = meeting.agenda or [{"title": None, "articles": list(articles)}]
    groups = []
    for index, item in enumerate(agenda, start=1):
        found: list[Target] = []
        for key in item.get("articles", []):
            article = articles.get(key)
            if article is None:
                continue
            found.append(Target(key, _("Article {number}").format(number=article.number)))
            try:
                source = await negotiation.source_version(session, instrument, article)
            except NotFound:
                continue
            for p in source.provisions:
                found.append(
                    Target(
                        f"{key}#{p['id']}",
                        _("Article {number}, paragraph {paragraph}").format(
                            number=article.number, paragraph=display_number(p["number"]) or p["id"]
                        ),
                    )
                )
        title = item.get("title") or _("Agenda item {number}").format(number=index)
        groups.append((str(title), found))
    return groups


def next_target(groups: list[tuple[str, list[Target]]], current: str) -> Target | None:
    """The next paragraph on the agenda after the one shown (the first when none is)."""
    flat = [t for _title, found in groups for t in found if "#" in t.value]
    values = [t.value for t in flat]
    if current in values:
        index = values.index(current) + 1
    else:
        article = current.partition("#")[0]
        index = next((i for i, v in enumerate(values) if v.startswith(article + "#")), 0)
    return flat[index] if index < len(flat) else None


async def proposals(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, principal: Principal
) -> list[tuple[int, str]]:
    """The proposals on the table on the agenda's articles: (id, "Proposal 12 (France),
    article 3")."""
    names = await rolling.delegation_names(session)
    keys = [k for item in meeting.agenda for k in item.get("articles", [])] or [None]
    found: dict[int, str] = {}
    for key in dict.fromkeys(keys):
        rows, _total = await amendments.search(
            session, instrument, principal, amendments.Filters(key, None, SHOWN_PROPOSALS), 200, 0
        )
        for a in rows:
            found[a.id] = _("Proposal {number} ({delegation})").format(
                number=a.number, delegation=names.get(a.delegation_id, "")
            )
    return list(found.items())


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
        },
    )


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

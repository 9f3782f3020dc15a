"""The instruments, and an instrument's contents with its milestones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.amendments import service as amendments
from draftroom.comments import service as comments
from draftroom.exports.present import download_formats
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.instruments import policy, service
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.instruments.present import status_name, text_language
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import current_locale
from draftroom.kit.templates import render
from draftroom.meetings import service as meetings
from draftroom.models import Instrument, MeetingStatus, Milestone
from draftroom.negotiation import consistency, rolling
from draftroom.negotiation import policy as negotiation_policy
from draftroom.negotiation import present as negotiation_present
from draftroom.wordfiles import policy as word_policy

router = APIRouter(include_in_schema=False)
MILESTONE_FORM = "milestone"


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep, principal: CurrentPrincipal) -> HTMLResponse:
    rows, _total = await service.list_instruments(session, limit=200, offset=0)
    return render(
        request,
        "instruments/list.html",
        {
            "instruments": rows,
            "principal": principal,
            "can_import": policy.can_publish(principal),
            "can_remove": policy.can_remove(principal),
        },
    )


async def reading_milestone(
    session: SessionDep, instrument: Instrument, ref: str | None, principal: Principal
) -> Milestone | None:
    """The milestone being read; observers read the latest published one by default."""
    if ref:
        return await service.get_milestone(session, instrument, ref)
    if policy.can_read_drafts(principal):
        return None
    _first, total = await service.list_milestones(session, instrument, 1, 0)
    if total == 0:
        policy.require_drafts(principal)
    latest, _ = await service.list_milestones(session, instrument, 1, total - 1)
    return latest[0]


@router.get("/instruments/{slug}", response_class=HTMLResponse)
async def contents(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    milestone: str | None = None,
) -> HTMLResponse:
    live_seq = await journal.head(session)  # first: the live connection replays what follows
    instrument = await service.get_instrument(session, slug)
    reading = await reading_milestone(session, instrument, milestone, principal)
    rows = await service.outline(session, instrument)
    statuses = await service.translation_status(session, instrument, settings.languages)
    # Translations whose brackets or alternatives differ from the source's are outdated too,
    # with what differs (as the text read: now, or as the milestone froze it).
    differences = (
        await consistency.instrument_consistency(session, instrument, principal, reading)
        if reading is not None or negotiation_policy.can_read_working(principal)
        else {}
    )
    statuses = consistency.flag_outdated(statuses, differences)
    if reading is None:
        headings = {row.article.id: row.headings for row in rows}
    else:
        headings = {}
        for code in settings.languages:
            for article, version in await service.milestone_text(session, reading, code):
                headings.setdefault(article.id, {})[code] = version.heading
    lang = current_locale()
    return render(
        request,
        "instruments/contents.html",
        {
            "principal": principal,
            "instrument": instrument,
            "title_lang": text_language(instrument, lang, instrument.title),
            "rows": rows,
            "statuses": statuses,
            "differences": differences,
            "milestones": (await service.list_milestones(session, instrument, 200, 0))[0],
            "reading": reading,
            # Computed from the text now: a text edited behind the application shows here.
            "fingerprints": (
                (await service.milestone_fingerprints(session, [reading])).get(reading.id)
                if reading is not None
                else None
            ),
            "drafts": policy.can_read_drafts(principal),
            "can_import_word": word_policy.can_import(principal),
            "headings": headings,
            "formats": download_formats(changes=False),
            "live_seq": live_seq,
            "proposals": await amendments.counts_by_article(session, instrument),
            "comment_counts": await comments.counts_by_article(session, instrument, principal),
            "agreement": await agreement_progress(session, instrument, reading, principal),
            "agreement_statuses": list(negotiation_present.ORDER),
            # The meetings in session, highlighted with the way to follow the chair.
            "in_session": [
                m
                for m in await meetings.list_meetings(session, instrument)
                if m.status is MeetingStatus.open
            ],
        },
    )


async def agreement_progress(
    session: SessionDep, instrument: Instrument, reading: Milestone | None, principal: Principal
) -> tuple[rolling.Progress, dict[int, rolling.Progress]]:
    """Progress towards agreement, in all and per article: now, or as the milestone being
    read froze it (observers always read a milestone)."""
    if reading is not None:
        return await rolling.milestone_progress(session, instrument, reading)
    progress = await rolling.instrument_progress(session, instrument, principal)
    by_article = {article.id: counted for article, counted in progress.articles}
    if progress.now is None:
        total = rolling.Progress()
        for counted in by_article.values():
            total.add(counted)
        return total, by_article
    return progress.now, by_article


@router.post("/instruments/{slug}/milestones")
async def publish_milestone(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    name: Annotated[str, Form(max_length=200)],
    note: Annotated[str, Form()] = "",
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    """Publish the current versions of all articles as a named milestone; when translations
    are outdated or missing, list them first and publish on confirmation. A refused name
    comes back on the instrument's page, as typed, the message beside it."""
    policy.require_publish(principal)
    typed = {"name": name, "note": note}
    try:
        await service.check_milestone(session, instrument, name, note or None)
    except DraftroomError as error:
        await refuse(request, session, MILESTONE_FORM, error, typed, typed)
        return await contents(request, slug, session, settings, principal)
    if not confirmed:
        gaps = await service.translation_gaps(session, instrument, settings.languages)
        if gaps:
            return render(
                request,
                "consolidation/milestone_confirm.html",
                {
                    "instrument": instrument,
                    "name": name,
                    "note": note,
                    "gaps": gaps,
                    "status_name": status_name,
                },
            )
    try:
        milestone = await service.create_milestone(
            session, instrument, name, note or None, principal
        )
    except DraftroomError as error:
        await refuse(request, session, MILESTONE_FORM, error, typed, typed)
        return await contents(request, slug, session, settings, principal)
    return RedirectResponse(f"/instruments/{slug}?milestone={milestone.id}", status_code=303)

"""Pages: propose and edit, an amendment with its diff and actions, lists, review queue,
rounds. Thin: every decision is the service's and the policy's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy, present, service
from draftroom.amendments.dependencies import AmendmentDep
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.identity.service import list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, InvalidInput
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.kit.templates import render
from draftroom.models import (
    Amendment,
    AmendmentKind,
    AmendmentRound,
    AmendmentStatus,
    Article,
    Instrument,
)
from draftroom.text.provisions import ProvisionText

router = APIRouter(include_in_schema=False)
NEW_ROWS = 2
# The editor's rows as a refused request typed them (per request, in the ASGI scope).
TYPED_ROWS_KEY = "draftroom.typed_rows"
# The editor's inputs a message can stand beside; any other (the provisions) goes above.
EDITOR_FIELDS = ("heading", "justification", "note")


def proposal_from_form(
    ids: list[str],
    numbers: list[str],
    texts: list[str],
    positions: list[str],
    removed: list[str],
) -> list[ProvisionIn]:
    """Rows of the editor in the order of their position field; deleted and empty new rows
    are left out."""
    if not (len(ids) == len(numbers) == len(texts) == len(positions)):
        raise InvalidInput(_l("The form was incomplete. Reload the page and try again."))
    rows = []
    for index, (pid, number, text, position) in enumerate(
        zip(ids, numbers, texts, positions, strict=True)
    ):
        if pid and pid in removed:
            continue
        if not pid and not text.strip():
            continue
        try:
            order = float(position) if position.strip() else float(index + 1)
        except ValueError as exc:
            raise InvalidInput(_l("A position must be a number.")) from exc
        rows.append((order, index, ProvisionIn(id=pid or None, number=number, text=text)))
    return [row for _o, _i, row in sorted(rows, key=lambda r: (r[0], r[1]))]


async def amendment_context(session: AsyncSession, amendment: Amendment) -> dict[str, Any]:
    """What every page of one amendment shows around it."""
    instrument, article, delegation = await service.surroundings(session, amendment)
    return {
        "instrument": instrument,
        "article": article,
        "delegation": delegation,
        "orphan": await service.orphaned(session, amendment),
    }


@router.get("/instruments/{slug}/amendments", response_class=HTMLResponse)
async def amendments_list(
    request: Request,
    slug: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    article: str | None = None,
    delegation: str | None = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> HTMLResponse:
    live_seq = await journal.head(session)  # first: the live connection replays what follows
    instrument = await instruments.get_instrument(session, slug)
    delegations = await list_delegations(session)
    chosen = next((d for d in delegations if d.code == (delegation or "").upper()), None)
    if delegation == "mine" and principal.delegation_id is not None:
        chosen = next((d for d in delegations if d.id == principal.delegation_id), None)
    filters = service.Filters(article or None, chosen.id if chosen else None, tuple(status or ()))
    rows, total = await service.search(session, instrument, principal, filters, 500, 0)
    return render(
        request,
        "amendments/list.html",
        {
            "instrument": instrument,
            "rows": [(a, await amendment_context(session, a)) for a in rows],
            "total": total,
            "articles": await instruments.articles(session, instrument),
            "delegations": delegations,
            "statuses": list(AmendmentStatus),
            "chosen": {
                "article": article or "",
                "delegation": chosen.code if chosen else "",
                "status": [s.value for s in status or ()],
            },
            "title": _("Amendments"),
            "live_seq": live_seq,
        },
    )


@router.get("/instruments/{slug}/review", response_class=HTMLResponse)
async def review_queue(
    request: Request, slug: str, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    """The secretariat's queue: tabled amendments to screen, those under review to decide."""
    policy.require_decider(principal)
    instrument = await instruments.get_instrument(session, slug)
    filters = service.Filters(statuses=(AmendmentStatus.tabled, AmendmentStatus.under_review))
    rows, total = await service.search(session, instrument, principal, filters, 500, 0)
    return render(
        request,
        "amendments/list.html",
        {
            "instrument": instrument,
            "rows": [(a, await amendment_context(session, a)) for a in rows],
            "total": total,
            "queue": True,
            "title": _("Review queue"),
        },
    )


async def _editor(
    request: Request,
    session: AsyncSession,
    instrument: Instrument,
    article: Article | None,
    base_heading: str,
    base: list[ProvisionText],
    amendment: Amendment | None,
    language: str,
    base_version_id: int | None,
    parent_id: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    proposed = amendment.proposed if amendment else base
    typed = request.scope.get(TYPED_ROWS_KEY)
    return render(
        request,
        "amendments/edit.html",
        {
            "instrument": instrument,
            "article": article,
            "amendment": amendment,
            "base_heading": base_heading,
            "base": base,
            # A refused form: the provisions as typed (its message is above the form).
            "proposed": typed if isinstance(typed, list) else proposed,
            "heading": (amendment.proposed_heading if amendment else None) or base_heading,
            "new_rows": NEW_ROWS,
            "text_lang": language,
            "base_version_id": base_version_id,
            "parent_id": parent_id,
            "diff": present.diff_rows(base, proposed),
        },
        status_code=status_code,
    )


@router.get("/instruments/{slug}/articles/{key}/propose", response_class=HTMLResponse)
async def propose_form(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    text: str | None = None,
    parent: DbId | None = None,
) -> HTMLResponse:
    policy.require_propose(principal)
    instrument = await instruments.get_instrument(session, slug)
    article = await instruments.get_article(session, instrument, key)
    if parent is not None:
        target = await service.get(session, parent, principal)
        heading, provisions = target.proposed_heading or "", target.proposed
        version_id = target.base_version_id
        language = target.language
    else:
        language = instruments.check_language(text or current_locale(), settings)
        version = await instruments.latest_version(session, article.id, language)
        if version is None:
            language = instrument.source_language
            version = await instruments.read_version(session, article, language)
        heading, provisions, version_id = version.heading, version.provisions, version.id
    return await _editor(
        request,
        session,
        instrument,
        article,
        heading,
        provisions,
        None,
        language,
        version_id,
        parent,
    )


async def editor_rows(request: Request) -> list[ProvisionIn]:
    """The provision editor's rows, from the submitted form."""
    form = await request.form()

    def values(name: str) -> list[str]:
        return [v for v in form.getlist(name) if isinstance(v, str)]

    return proposal_from_form(
        values("provision_id"),
        values("number"),
        values("text"),
        values("position"),
        values("remove"),
    )


EditorRows = Annotated[list[ProvisionIn], Depends(editor_rows)]


async def _typed_rows(request: Request) -> list[ProvisionText]:
    """The editor's filled rows as submitted (for a refused form), in their order."""
    form = await request.form()

    def values(name: str) -> list[str]:
        return [v for v in form.getlist(name) if isinstance(v, str)]

    removed = set(values("remove"))
    return [
        {"id": pid, "number": number, "text": text}
        for pid, number, text in zip(
            values("provision_id"), values("number"), values("text"), strict=False
        )
        if (pid and pid not in removed) or (not pid and text.strip())
    ]


async def _refuse_editor(
    request: Request, session: AsyncSession, error: DraftroomError, values: dict[str, str]
) -> None:
    """Keep the refusal and the typed rows for the editor shown again."""
    await refuse(request, session, "amendment", error, values, EDITOR_FIELDS)
    request.scope[TYPED_ROWS_KEY] = await _typed_rows(request)


Rows = Annotated[list[str], Form()]


@router.post("/instruments/{slug}/articles/{key}/propose")
async def propose(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    language: Annotated[str, Form()],
    heading: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    base_version: Annotated[DbId | None, Form()] = None,
    parent: Annotated[DbId | None, Form()] = None,
) -> Response:
    try:
        amendment = await service.create(
            session,
            settings,
            instrument,
            service.Proposal(
                kind=AmendmentKind.provisions,
                language=language,
                provisions=await editor_rows(request),
                heading=heading,
                justification=justification,
                note=note or None,
                article_key=key,
                base_version_id=base_version,
                parent_id=parent,
            ),
            principal,
        )
    except DraftroomError as error:
        values = {"heading": heading, "justification": justification, "note": note}
        await _refuse_editor(request, session, error, values)
        text = language if parent is None else None
        return await propose_form(
            request, slug, key, session, settings, principal, text=text, parent=parent
        )
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.get("/instruments/{slug}/propose-article", response_class=HTMLResponse)
async def propose_article_form(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    text: str | None = None,
) -> HTMLResponse:
    """A new article: heading, number and provisions, with a justification."""
    policy.require_propose(principal)
    instrument = await instruments.get_instrument(session, slug)
    language = instruments.check_language(text or instrument.source_language, settings)
    return render(
        request,
        "amendments/new_article.html",
        {
            "instrument": instrument,
            "text_lang": language,
            "new_rows": 4,
        },
    )


@router.post("/instruments/{slug}/propose-article")
async def propose_article(
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    rows: EditorRows,
    language: Annotated[str, Form()],
    heading: Annotated[str, Form()],
    article_number: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    amendment = await service.create(
        session,
        settings,
        instrument,
        service.Proposal(
            kind=AmendmentKind.new_article,
            language=language,
            provisions=rows,
            heading=heading,
            justification=justification,
            note=note or None,
            new_article_number=article_number or None,
        ),
        principal,
    )
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.post("/instruments/{slug}/articles/{key}/propose-deletion")
async def propose_deletion(
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    language: Annotated[str, Form()],
    justification: Annotated[str, Form()] = "",
) -> Response:
    """A draft proposing to delete the whole article."""
    amendment = await service.create(
        session,
        settings,
        instrument,
        service.Proposal(
            kind=AmendmentKind.delete_article,
            language=language,
            provisions=[],
            heading=None,
            justification=justification,
            note=None,
            article_key=key,
        ),
        principal,
    )
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.get("/amendments/{amendment_id}/edit", response_class=HTMLResponse)
async def edit_form(
    request: Request,
    amendment_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    base: DbId | None = None,
) -> HTMLResponse:
    amendment = await service.get(session, amendment_id, principal)
    policy.require_proposer(principal, amendment)
    context = await amendment_context(session, amendment)
    heading, provisions = await service.base_provisions(session, amendment)
    version_id = amendment.base_version_id
    newer = await service.newer_base(session, amendment)
    if base is not None and newer is not None and base == newer.id:
        # Resolving a rebase by hand: show the changes against the newer version.
        heading, provisions, version_id = newer.heading, newer.provisions, newer.id
    return await _editor(
        request,
        session,
        context["instrument"],
        context["article"],
        heading,
        provisions,
        amendment,
        amendment.language,
        version_id,
    )


@router.post("/amendments/{amendment_id}/edit")
async def edit(
    request: Request,
    amendment_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    etag: Annotated[str, Form()],
    heading: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    base_version: Annotated[DbId | None, Form()] = None,
) -> Response:
    try:
        await service.edit(
            session,
            settings,
            amendment,
            service.Proposal(
                kind=amendment.kind,
                language=amendment.language,
                provisions=await editor_rows(request),
                heading=heading,
                justification=justification,
                note=note or None,
                base_version_id=base_version,
            ),
            principal,
            etag,
        )
    except DraftroomError as error:
        values = {"heading": heading, "justification": justification, "note": note}
        await _refuse_editor(request, session, error, values)
        return await edit_form(request, amendment_id, session, principal, base=base_version)
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.get("/amendments/{amendment_id}/rebase", response_class=HTMLResponse)
async def rebase_page(
    request: Request, amendment_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    """The collisions of carrying the amendment over, side by side, each with its own text
    to write."""
    amendment = await service.get(session, amendment_id, principal)
    plan = await service.rebase_plan(session, amendment, principal)
    return render(
        request,
        "amendments/rebase.html",
        {
            **await amendment_context(session, amendment),
            "amendment": amendment,
            "etag": service.etag(amendment),
            "plan": plan,
            "text_lang": amendment.language,
        },
    )


@router.post("/amendments/{amendment_id}/rebase")
async def rebase(
    request: Request,
    amendment_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    etag: Annotated[str, Form()],
    resolve: Rows = [],  # noqa: B006
) -> Response:
    """Carry the amendment over; a collision without a resolution leads to the collision
    page (nothing changed)."""
    form = await request.form()
    resolutions = {pid: str(form.get(f"resolution:{pid}") or "") for pid in resolve if pid}
    try:
        await service.rebase(
            session, amendment, principal, etag, resolutions=resolutions, settings=settings
        )
    except service.RebaseConflict:
        return RedirectResponse(f"/amendments/{amendment.id}/rebase", status_code=303)
    except DraftroomError as error:
        # The collision page again, each text as written, the message beside the one at fault.
        typed = {f"resolution:{pid}": text for pid, text in resolutions.items()}
        await refuse(request, session, "rebase", error, typed, typed)
        return await rebase_page(request, amendment_id, session, principal)
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.get("/instruments/{slug}/rounds", response_class=HTMLResponse)
async def rounds_page(
    request: Request, slug: str, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    instrument = await instruments.get_instrument(session, slug)
    found = await service.rounds(session, instrument)
    return render(
        request,
        "amendments/rounds.html",
        {
            "instrument": instrument,
            "rounds": [
                {
                    "round": r,
                    "deadline": service.format_deadline(r),
                    "open": service.is_open(r),
                    "closed_early": service.format_closed(r) if service.closed_early(r) else None,
                    "countdown": present.countdown(r.deadline),
                    "local_deadline": r.deadline.astimezone(service.check_timezone(r.timezone))
                    .replace(tzinfo=None)
                    .isoformat(timespec="minutes"),
                }
                for r in found
            ],
            "countdown_words": present.countdown_words(),
            "articles": await instruments.articles(session, instrument),
            "can_manage": policy.can_manage_rounds(principal),
            "zones": COMMON_ZONES,
        },
    )


COMMON_ZONES = (
    "UTC",
    "Europe/Vienna",
    "America/New_York",
    "Africa/Cairo",
    "Asia/Shanghai",
    "Europe/Moscow",
    "America/Mexico_City",
    "Asia/Riyadh",
    "Europe/Paris",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Kolkata",
)


@router.post("/instruments/{slug}/rounds")
async def open_round(
    request: Request,
    slug: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    name: Annotated[str, Form()],
    deadline: Annotated[str, Form()],
    timezone: Annotated[str, Form()],
    articles: Rows = [],  # noqa: B006
) -> Response:
    try:
        zone = service.check_timezone(timezone)
        try:
            local = datetime.fromisoformat(deadline)
        except ValueError as exc:
            raise InvalidInput(_l("Give the deadline as a date and a time.")).at(
                "deadline"
            ) from exc
        await service.open_round(
            session,
            instrument,
            name=name,
            deadline=local.replace(tzinfo=zone),
            timezone=timezone,
            article_keys=articles or None,
            actor=principal,
        )
    except DraftroomError as error:
        values = {"name": name, "deadline": deadline, "timezone": timezone, "articles": articles}
        await refuse(request, session, "round", error, values, values)
        return await rounds_page(request, slug, session, principal)
    return RedirectResponse(f"/instruments/{slug}/rounds", status_code=303)


@router.get("/rounds/{round_id}/close", response_class=HTMLResponse)
async def close_round_confirm(
    request: Request, round_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    """Closing a round stops every delegation from tabling: the secretariat confirms it."""
    policy.require_manage_rounds(principal)
    found = await service.get_round(session, round_id)
    instrument = await service.round_instrument(session, found)
    return render(
        request,
        "amendments/round_close.html",
        {
            "instrument": instrument,
            "round": found,
            "deadline": service.format_deadline(found),
            "open": service.is_open(found),
            "countdown": present.countdown(found.deadline),
            "countdown_words": present.countdown_words(),
        },
    )


@router.post("/rounds/{round_id}/close")
async def close_round(
    round_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Without the confirmation, the confirmation page."""
    if confirm != "yes":
        policy.require_manage_rounds(principal)
        return RedirectResponse(f"/rounds/{round_id}/close", status_code=303)
    found = await service.close_round(session, round_id, principal)
    instrument = await service.round_instrument(session, found)
    return RedirectResponse(f"/instruments/{instrument.slug}/rounds", status_code=303)


def _local_deadline(value: str, timezone: str) -> datetime:
    zone = service.check_timezone(timezone)
    try:
        local = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(_l("Give the deadline as a date and a time.")) from exc
    return local.replace(tzinfo=zone)


async def _new_deadline(
    session: AsyncSession,
    principal: Principal,
    round_id: int,
    deadline: str,
    change: Callable[..., Awaitable[AmendmentRound]],
) -> Response:
    """Extend or reopen: the deadline read in the round's own time zone, back to the rounds."""
    policy.require_manage_rounds(principal)
    found = await service.get_round(session, round_id)
    found = await change(session, round_id, _local_deadline(deadline, found.timezone), principal)
    instrument = await service.round_instrument(session, found)
    return RedirectResponse(f"/instruments/{instrument.slug}/rounds", status_code=303)


@router.post("/rounds/{round_id}/extend")
async def extend_round(
    round_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    deadline: Annotated[str, Form()],
) -> Response:
    """A later deadline, in the round's own time zone."""
    return await _new_deadline(session, principal, round_id, deadline, service.extend_round)


@router.post("/rounds/{round_id}/reopen")
async def reopen_round(
    round_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    deadline: Annotated[str, Form()],
) -> Response:
    """A closed round opens again until a new deadline, in the round's own time zone."""
    return await _new_deadline(session, principal, round_id, deadline, service.reopen_round)

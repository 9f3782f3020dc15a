"""API: amendments, their lifecycle and co-sponsors; amendment rounds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from babel.dates import format_datetime
from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy, present, service
from draftroom.amendments.dependencies import AmendmentDep
from draftroom.amendments.schemas import (
    ERRORS,
    AmendmentIn,
    AmendmentOut,
    CosponsorOut,
    PreviewIn,
    PreviewRow,
    RebaseIn,
    RoundDeadlineIn,
    RoundIn,
    RoundOut,
    TimelineEntryOut,
    TransitionIn,
)
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.service import delegation_name
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.instruments.schemas import ProvisionOut
from draftroom.kit.actor import Actor
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.etag import IfMatch
from draftroom.kit.fields import DbId
from draftroom.kit.i18n import current_locale
from draftroom.kit.pagination import Page, PageParams, page_params
from draftroom.models import (
    Amendment,
    AmendmentRound,
    AmendmentStatus,
)
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText

router = APIRouter(prefix="/api/v1", tags=["amendments"])
Pages = Annotated[PageParams, Depends(page_params)]


def amendment_out(view: service.AmendmentView, reader: Actor) -> AmendmentOut:
    lang = current_locale()
    amendment = view.amendment
    return AmendmentOut(
        id=amendment.id,
        number=amendment.number,
        instrument=view.instrument,
        kind=amendment.kind,
        article=view.article,
        language=amendment.language,
        base_version_id=amendment.base_version_id,
        parent_id=amendment.parent_id,
        delegation_id=view.delegation.id,
        delegation=delegation_name(view.delegation, lang),
        status=amendment.status,
        version=amendment.version,
        heading=amendment.proposed_heading,
        provisions=[ProvisionOut(**p) for p in amendment.proposed],
        new_article_number=amendment.new_article_number,
        justification=amendment.justification,
        note_to_secretariat=amendment.note_to_secretariat
        if policy.can_see_note(reader, amendment)
        else None,
        secretariat_heading=amendment.secretariat_heading,
        secretariat_text=[ProvisionOut(**p) for p in amendment.secretariat_text]
        if amendment.secretariat_text is not None
        else None,
        proposer_response=amendment.proposer_response,
        cosponsors=[
            CosponsorOut(
                delegation_id=sponsor.id,
                delegation=delegation_name(sponsor, lang),
                since=row.created_at,
            )
            for row, sponsor in view.cosponsors
        ],
        stale=view.stale,
        tabled_at=amendment.tabled_at,
        decided_at=amendment.decided_at,
        created_at=amendment.created_at,
        updated_at=amendment.updated_at,
    )


async def respond(
    session: AsyncSession, amendment: Amendment, reader: Actor, response: Response
) -> AmendmentOut:
    """The amendment as the reader sees it; its ETag guards the next write."""
    response.headers["ETag"] = service.etag(amendment)
    (view,) = await service.views(session, [amendment])
    return amendment_out(view, reader)


def proposal(body: AmendmentIn) -> service.Proposal:
    return service.Proposal(
        kind=body.kind,
        language=body.language,
        provisions=body.provisions,
        heading=body.heading,
        justification=body.justification,
        note=body.note_to_secretariat,
        article_key=body.article,
        base_version_id=body.base_version,
        parent_id=body.parent,
        new_article_number=body.new_article_number,
    )


@router.get("/instruments/{slug}/amendments", response_model=Page[AmendmentOut], responses=ERRORS)
async def list_amendments(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    session: SessionDep,
    pages: Pages,
    article: str | None = None,
    delegation: DbId | None = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> Page[AmendmentOut]:
    """Amendments you may see (all tabled ones, and your delegation's drafts), by number."""
    filters = service.Filters(article, delegation, tuple(status or ()))
    rows, total = await service.search(
        session, instrument, principal, filters, pages.limit, pages.offset
    )
    return Page(
        items=[amendment_out(view, principal) for view in await service.views(session, rows)],
        total=total,
        **pages.model_dump(),
    )


@router.post(
    "/instruments/{slug}/amendments", status_code=201, response_model=AmendmentOut, responses=ERRORS
)
async def create_amendment(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    body: AmendmentIn,
    session: SessionDep,
    response: Response,
    settings: SettingsDep,
) -> AmendmentOut:
    """Start a draft for your delegation: the whole article as you propose it."""
    amendment = await service.create(session, settings, instrument, proposal(body), principal)
    return await respond(session, amendment, principal, response)


@router.get("/amendments/{amendment_id}", response_model=AmendmentOut, responses=ERRORS)
async def read_amendment(
    principal: CurrentPrincipal, amendment: AmendmentDep, session: SessionDep, response: Response
) -> AmendmentOut:
    """One amendment with its co-sponsors; the ETag guards edits and transitions."""
    return await respond(session, amendment, principal, response)


@router.get(
    "/amendments/{amendment_id}/timeline",
    response_model=list[TimelineEntryOut],
    responses=ERRORS,
)
async def read_timeline(
    principal: CurrentPrincipal, amendment: AmendmentDep, session: SessionDep
) -> list[TimelineEntryOut]:
    """Who did what to the amendment, when and why (the reason given), oldest first; steps
    taken while it was a draft are shown to the proposing delegation only."""
    lang = current_locale()
    return [
        TimelineEntryOut(
            seq=step.seq,
            at=step.at,
            at_text=format_datetime(step.at, format="medium", locale=lang),
            step=step.step,
            step_name=service.step_name(step.step),
            by=step.by,
            delegation=delegation_name(step.delegation, lang) if step.delegation else None,
            reason=step.reason,
        )
        for step in await service.timeline(session, amendment, principal)
    ]


@router.put("/amendments/{amendment_id}", response_model=AmendmentOut, responses=ERRORS)
async def edit_amendment(
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    body: AmendmentIn,
    session: SessionDep,
    response: Response,
    settings: SettingsDep,
    if_match: IfMatch = None,
) -> AmendmentOut:
    """Change your delegation's draft (send `base_version` to rebase it by hand)."""
    await service.edit(session, settings, amendment, proposal(body), principal, if_match)
    return await respond(session, amendment, principal, response)


@router.post(
    "/amendments/{amendment_id}/transitions", response_model=AmendmentOut, responses=ERRORS
)
async def transition(
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    body: TransitionIn,
    session: SessionDep,
    response: Response,
    settings: SettingsDep,
    if_match: IfMatch = None,
) -> AmendmentOut:
    """Table, withdraw (proposer); review, accept, accept with changes, reject (secretariat);
    agree or object to the secretariat's changes (proposer)."""
    await service.transition(
        session,
        settings,
        amendment,
        body.action,
        principal,
        if_match,
        reason=body.reason,
        heading=body.heading,
        provisions=body.provisions,
    )
    return await respond(session, amendment, principal, response)


@router.post("/amendments/{amendment_id}/rebase", response_model=AmendmentOut, responses=ERRORS)
async def rebase(
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    session: SessionDep,
    response: Response,
    settings: SettingsDep,
    body: RebaseIn | None = None,
    if_match: IfMatch = None,
) -> AmendmentOut:
    """Carry your changes onto the article's newer version (drafts and tabled amendments);
    409 names the collisions, which `resolutions` settle provision by provision."""
    await service.rebase(
        session,
        amendment,
        principal,
        if_match,
        resolutions=body.resolutions if body else None,
        settings=settings,
    )
    return await respond(session, amendment, principal, response)


@router.post("/amendments/{amendment_id}/cosponsors", response_model=AmendmentOut, responses=ERRORS)
async def join(
    principal: CurrentPrincipal, amendment: AmendmentDep, session: SessionDep, response: Response
) -> AmendmentOut:
    """Your delegation co-sponsors this tabled amendment."""
    await service.join(session, amendment, principal)
    return await respond(session, amendment, principal, response)


@router.delete(
    "/amendments/{amendment_id}/cosponsors", response_model=AmendmentOut, responses=ERRORS
)
async def leave(
    principal: CurrentPrincipal, amendment: AmendmentDep, session: SessionDep, response: Response
) -> AmendmentOut:
    """Your delegation stops co-sponsoring this amendment."""
    await service.leave(session, amendment, principal)
    return await respond(session, amendment, principal, response)


@router.post("/amendments/preview", responses=ERRORS)
async def preview(
    body: PreviewIn, session: SessionDep, principal: CurrentPrincipal
) -> list[PreviewRow]:
    """The diff of a proposal against its base, as the editor shows it while you type."""
    if body.parent is not None:
        base = (await service.get(session, body.parent, principal)).proposed
    elif body.base_version is not None:
        # The same rule as reading the article: observers never see a working draft.
        version = await instruments.readable_version(session, body.base_version, principal)
        base = version.provisions
    else:
        base = []
    proposed: list[ProvisionText] = [
        {"id": p.id or f"new-{i}", "number": p.number, "text": normalise(p.text)}
        for i, p in enumerate(body.provisions)
    ]
    return [PreviewRow(**row) for row in present.diff_rows(base, proposed)]


def round_out(found: AmendmentRound) -> RoundOut:
    return RoundOut(
        id=found.id,
        name=found.name,
        deadline=found.deadline,
        timezone=found.timezone,
        deadline_text=service.format_deadline(found),
        articles=found.article_keys,
        open=service.is_open(found),
        closed_at=found.closed_at,
        closed_early=service.closed_early(found),
        closed_text=service.format_closed(found) if found.closed_at is not None else None,
        countdown=present.countdown(found.deadline) if service.is_open(found) else None,
    )


@router.get("/instruments/{slug}/rounds", responses=ERRORS)
async def list_rounds(
    principal: CurrentPrincipal, instrument: InstrumentDep, session: SessionDep
) -> list[RoundOut]:
    """Amendment rounds in the order they were opened, oldest first."""
    return [round_out(r) for r in await service.rounds(session, instrument)]


@router.post("/instruments/{slug}/rounds", status_code=201, responses=ERRORS)
async def open_round(
    principal: CurrentPrincipal, instrument: InstrumentDep, body: RoundIn, session: SessionDep
) -> RoundOut:
    """Open a round (secretariat): tabling is allowed until the deadline."""
    zone = service.check_timezone(body.timezone)
    deadline = body.deadline if body.deadline.tzinfo else body.deadline.replace(tzinfo=zone)
    found = await service.open_round(
        session,
        instrument,
        name=body.name,
        deadline=deadline,
        timezone=body.timezone,
        article_keys=body.articles,
        actor=principal,
    )
    return round_out(found)


@router.post("/rounds/{round_id}/close", responses=ERRORS)
async def close_round(round_id: DbId, session: SessionDep, principal: CurrentPrincipal) -> RoundOut:
    """Close a round before its deadline (secretariat); journaled. Closing a closed round
    changes nothing."""
    return round_out(await service.close_round(session, round_id, principal))


async def _deadline(session: AsyncSession, round_id: int, body: RoundDeadlineIn) -> datetime:
    found = await service.get_round(session, round_id)
    zone = service.check_timezone(found.timezone)
    return body.deadline if body.deadline.tzinfo else body.deadline.replace(tzinfo=zone)


@router.post("/rounds/{round_id}/extend", responses=ERRORS)
async def extend_round(
    round_id: DbId, body: RoundDeadlineIn, session: SessionDep, principal: CurrentPrincipal
) -> RoundOut:
    """Move an open round's deadline (secretariat); the new one must be later than now;
    journaled. A closed round is reopened instead (409)."""
    policy.require_manage_rounds(principal)
    deadline = await _deadline(session, round_id, body)
    return round_out(await service.extend_round(session, round_id, deadline, principal))


@router.post("/rounds/{round_id}/reopen", responses=ERRORS)
async def reopen_round(
    round_id: DbId, body: RoundDeadlineIn, session: SessionDep, principal: CurrentPrincipal
) -> RoundOut:
    """Open a closed round again until a new deadline, later than now (secretariat);
    journaled. An open round is extended instead (409)."""
    policy.require_manage_rounds(principal)
    deadline = await _deadline(session, round_id, body)
    return round_out(await service.reopen_round(session, round_id, deadline, principal))

"""An amendment with its diff, history, translations and discussion; the action and
co-sponsor forms on it, shown again beside their field when refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import lifecycle, policy, present, service, translation_pages
from draftroom.amendments import pages as amendment_pages
from draftroom.amendments.dependencies import AmendmentDep
from draftroom.comments import policy as comment_policy
from draftroom.comments import service as comments
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.journal import service as journal
from draftroom.kit.actor import Actor
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import current_locale
from draftroom.kit.templates import render
from draftroom.models import Amendment

router = APIRouter(include_in_schema=False)


async def discussion(
    request: Request, session: AsyncSession, amendment: Amendment, actor: Actor
) -> dict[str, Any]:
    """What an amendment page shows of its discussion: the comments on the amendment in
    every language (``?comment_lang=`` filters, and says so), their authors, and whether
    the reader may write."""
    if amendment.article_id is None:  # a proposed new article has no thread yet
        return {"thread": None, "authors": {}, "can_comment": False}
    only = request.query_params.get("comment_lang") or None
    if only is not None:
        instruments.check_language(only, request.state.settings)
    thread = await comments.amendment_thread(session, amendment, actor, only)
    return {
        "thread": thread,
        "authors": await comments.authors(session, [e.comment for e in thread.entries])
        if thread is not None
        else {},
        "can_comment": comment_policy.can_write(actor),
    }


@router.get("/amendments/{amendment_id}", response_class=HTMLResponse)
async def amendment_page(
    request: Request, amendment_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    live_seq = await journal.head(session)  # first: the live connection replays what follows
    amendment = await service.get(session, amendment_id, principal)
    context = await amendment_pages.amendment_context(session, amendment)
    # Observers: against the published text it was drafted on, never a working draft;
    # with none to compare with, the proposal is shown as it stands.
    shown_base = await service.reader_base(session, amendment, principal)
    base_heading, base = shown_base or (amendment.proposed_heading or "", amendment.proposed)
    lang = current_locale()
    sponsors = await service.sponsor_names(session, amendment, lang)
    actor: lifecycle.Actor = (
        "proposer"
        if policy.is_proposer(principal, amendment)
        else ("decider" if policy.is_decider(principal) else "other")
    )
    state = lifecycle.State(amendment.status, amendment.proposer_response)
    article_key = context["article"].key if context["article"] else None
    found_round = await service.round_for(session, amendment.instrument_id, article_key)
    is_cosponsor = principal.delegation_id in {
        row.delegation_id for row in await service.cosponsors(session, amendment)
    }
    return render(
        request,
        "amendments/detail.html",
        {
            **context,
            "live_seq": live_seq,
            "amendment": amendment,
            "etag": service.etag(amendment),
            "diff": present.diff_rows(base, amendment.proposed),
            "heading_diff": present.heading_diff(base_heading, amendment.proposed_heading),
            "undiffed": shown_base is None,
            "timeline": await service.timeline(session, amendment, principal),
            "step_name": service.step_name,
            "secretariat_diff": present.diff_rows(amendment.proposed, amendment.secretariat_text)
            if amendment.secretariat_text is not None
            else None,
            "sponsors": sponsors,
            "actions": lifecycle.available(state, actor),
            "can_cosponsor": policy.can_cosponsor(principal, amendment) and not is_cosponsor,
            "is_cosponsor": is_cosponsor,
            "newer": await service.newer_base(session, amendment),
            "is_proposer": actor == "proposer",
            "sees_note": policy.can_see_note(principal, amendment),
            "reason_required": service.REASON_REQUIRED,
            "round": found_round,
            "round_open": found_round is not None
            and found_round.closed_at is None
            and found_round.deadline > datetime.now(UTC),
            "deadline_text": service.format_deadline(found_round) if found_round else None,
            "closed_text": service.format_closed(found_round)
            if found_round is not None and service.closed_early(found_round)
            else None,
            "countdown_text": present.countdown(found_round.deadline) if found_round else "",
            "countdown_words": present.countdown_words(),
            "parent": await service.parent(session, amendment),
            "translation_panel": await translation_pages.panel(session, amendment, principal),
            **await discussion(request, session, amendment, principal),
        },
    )


@router.post("/amendments/{amendment_id}/transition", response_class=HTMLResponse)
async def transition(
    request: Request,
    amendment_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    rows: amendment_pages.EditorRows,
    action: Annotated[str, Form()],
    etag: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    heading: Annotated[str, Form()] = "",
) -> Response:
    provisions = rows or None
    try:
        await service.transition(
            session,
            settings,
            amendment,
            action,
            principal,
            etag,
            reason=reason or None,
            heading=heading or None,
            provisions=provisions,
        )
    except DraftroomError as error:
        # Shown again beside the action's own form, the reason as typed.
        await refuse(request, session, f"action-{action}", error, {"reason": reason}, ["reason"])
        return await amendment_page(request, amendment_id, session, principal)
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)


@router.post("/amendments/{amendment_id}/cosponsors", response_class=HTMLResponse)
async def cosponsor(
    request: Request,
    amendment_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    leave: Annotated[bool, Form()] = False,
) -> Response:
    try:
        if leave:
            await service.leave(session, amendment, principal)
        else:
            await service.join(session, amendment, principal)
    except DraftroomError as error:
        # Already joined meanwhile, or no longer a draft: said above the button.
        await refuse(request, session, "cosponsor", error, {}, [])
        return await amendment_page(request, amendment_id, session, principal)
    return RedirectResponse(f"/amendments/{amendment.id}", status_code=303)

"""The account's own settings beside language and tokens: the time zone its times are shown
in and its password; an administrator's password reset."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.identity import policy, service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep
from draftroom.kit.errors import InvalidInput
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.templates import render
from draftroom.models.base import utcnow

router = APIRouter(include_in_schema=False)
PASSWORD_FIELDS = ("current_password", "new_password", "new_password_again")


@router.post("/account/time-zone")
async def account_time_zone(
    session: SessionDep,
    principal: CurrentPrincipal,
    time_zone: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """An empty choice: the browser's zone (else UTC)."""
    await service.set_time_zone(session, principal.id, time_zone or None)
    return RedirectResponse("/account#time-zone", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
async def account_password(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    new_password: Annotated[str, Form(max_length=1024)] = "",
    new_password_again: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        ended = await service.change_password(
            session, principal, current_password, new_password, new_password_again, utcnow()
        )
    except InvalidInput as error:
        # Passwords are never sent back into the page.
        await refuse(request, session, "password", error, {}, PASSWORD_FIELDS)
        tokens = await service.list_tokens(session, principal.id)
        return render(request, "identity/account.html", {"principal": principal, "tokens": tokens})
    tokens = await service.list_tokens(session, principal.id)
    return render(
        request,
        "identity/account.html",
        {"principal": principal, "tokens": tokens, "password_changed": ended},
    )


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
async def admin_reset_password(
    request: Request, user_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    policy.require_administer(principal)
    user, temporary = await service.reset_password(session, user_id, principal, utcnow())
    return render(
        request,
        "identity/password_reset.html",
        {"principal": principal, "user": user, "temporary": temporary},
    )

"""Sign-in and sign-out, the account page (tokens, language), the admin area."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.config import Settings
from draftroom.identity import policy, service, sessions
from draftroom.identity.dependencies import (
    SIGN_IN_COOKIE,
    CurrentPrincipal,
    OptionalPrincipal,
    check_sign_in_form,
    sign_in_form_token,
)
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, InvalidInput
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _, _l
from draftroom.kit.templates import render
from draftroom.models import DelegationKind, Role
from draftroom.models.base import utcnow

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        sessions.COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def sign_in_page(
    request: Request,
    settings: Settings,
    context: dict[str, Any],
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The sign-in form, with a CSRF token tied to this browser's pre-session cookie."""
    nonce = request.cookies.get(SIGN_IN_COOKIE) or ""
    fresh = not 20 <= len(nonce) <= 100
    if fresh:
        nonce = secrets.token_urlsafe(32)
    response = render(
        request,
        "identity/sign_in.html",
        {
            "sso": bool(settings.oidc_issuer),
            "email": "",
            **context,
            "csrf_token": sign_in_form_token(settings, nonce),
        },
        status_code=status_code,
    )
    response.headers.update(headers or {})
    if fresh:
        response.set_cookie(
            SIGN_IN_COOKIE,
            nonce,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/sign-in",
        )
    return response


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_form(
    request: Request, settings: SettingsDep, principal: OptionalPrincipal, next: str = "/"
) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return sign_in_page(request, settings, {"next": safe_next(next)})


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    now = utcnow()
    address = request.client.host if request.client else "unknown"
    try:
        # Login CSRF first: a forged form never reaches the password or the throttle.
        await check_sign_in_form(request, settings)
        user = await sessions.authenticate(session, settings, email, password, address, now)
    except DraftroomError as error:
        # The failure row must be kept for the throttle even though the request fails.
        await session.commit()
        return sign_in_page(
            request,
            settings,
            {"next": safe_next(next), "email": email, "error": error},
            status_code=error.status_code,
            headers=error.headers if isinstance(error, sessions.TooManyAttempts) else None,
        )
    token = await sessions.start(session, settings, user, now, "password")
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, token, settings.session_absolute_hours * 3600)
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(session: SessionDep, principal: CurrentPrincipal) -> Response:
    await sessions.end(session, principal, utcnow())
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
async def account(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    tokens = await service.list_tokens(session, principal.id)
    return render(request, "identity/account.html", {"principal": principal, "tokens": tokens})


@router.post("/account/tokens", response_class=HTMLResponse)
async def account_create_token(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    name: Annotated[str, Form(min_length=1, max_length=100)],
) -> Response:
    _row, secret = await service.create_token(session, principal, name)
    tokens = await service.list_tokens(session, principal.id)
    return render(
        request,
        "identity/account.html",
        {"principal": principal, "tokens": tokens, "new_token": secret},
        status_code=201,
    )


@router.post("/account/tokens/{token_id}/revoke")
async def account_revoke_token(
    token_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await service.revoke_token(session, token_id, principal, utcnow())
    return RedirectResponse("/account", status_code=303)


@router.post("/account/language")
async def account_language(
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Annotated[str, Form()],
) -> Response:
    if language not in settings.languages:
        raise InvalidInput(
            _l("Unknown language “{code}”. Use one of: {languages}."),
            code=language,
            languages=", ".join(settings.languages),
        )
    await service.set_locale(session, principal.id, language)
    return RedirectResponse(f"/account?lang={language}", status_code=303)


@router.get("/admin", response_class=HTMLResponse)
async def admin(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> Response:
    policy.require_administer(principal)
    return render(
        request,
        "identity/admin.html",
        {
            "principal": principal,
            "delegations": await service.list_delegations(session),
            "users": await service.list_users(session),
            "failures": await service.failed_sign_ins(session, settings, utcnow()),
            "tokens": await service.all_tokens(session),
            "roles": list(Role),
            "kinds": list(DelegationKind),
        },
    )


@router.post("/admin/delegations", response_class=HTMLResponse)
async def admin_create_delegation(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    code: Annotated[str, Form(max_length=20)],
    kind: Annotated[DelegationKind, Form()],
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    policy.require_administer(principal)
    try:
        await service.create_delegation(session, kind, code, name or None, principal)
    except DraftroomError as error:
        values = {"code": code, "kind": kind.value, "name": name}
        await refuse(request, session, "delegation", error, values, values)
        return await admin(request, session, settings, principal)
    return RedirectResponse("/admin#delegations", status_code=303)


@router.post("/admin/users", response_class=HTMLResponse)
async def admin_create_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    email: Annotated[str, Form(max_length=254)],
    name: Annotated[str, Form(min_length=1, max_length=200)],
    role: Annotated[Role, Form()],
    delegation: Annotated[str, Form(max_length=20)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    policy.require_administer(principal)
    try:
        await service.create_user(
            session, email, name, role, delegation or None, principal, password=password or None
        )
    except DraftroomError as error:
        # The password is never sent back into the page.
        values = {"email": email, "name": name, "role": role.value, "delegation": delegation}
        await refuse(request, session, "user", error, values, [*values, "password"])
        return await admin(request, session, settings, principal)
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/users/{user_id}")
async def admin_update_user(
    user_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    role: Annotated[Role, Form()],
    delegation: Annotated[str, Form(max_length=20)] = "",
    active: Annotated[bool, Form()] = False,
) -> Response:
    await service.update_user(
        session,
        user_id,
        role=role,
        delegation_code=delegation or None,
        is_active=active,
        actor=principal,
    )
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/users/{user_id}/unlock")
async def admin_unlock_user(
    user_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await service.clear_sign_in_failures(session, user_id, principal)
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/tokens/{token_id}/revoke")
async def admin_revoke_token(
    token_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    policy.require_administer(principal)
    await service.revoke_token(session, token_id, principal, utcnow())
    return RedirectResponse("/admin#tokens", status_code=303)


__all__ = ["_", "router"]

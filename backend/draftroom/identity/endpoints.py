"""API: who am I, my API tokens, my time zone and password; an administrator's reset."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from draftroom.identity import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.schemas import (
    Me,
    NewToken,
    PasswordChanged,
    PasswordIn,
    TemporaryPassword,
    TimeZoneIn,
    TokenIn,
    TokenOut,
)
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models.base import utcnow

router = APIRouter(prefix="/api/v1", tags=["identity"])
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in and no valid API token"}
}


@router.get("/me", responses=AUTH)
async def me(principal: CurrentPrincipal) -> Me:
    """The signed-in user (or the token's owner)."""
    return Me(
        id=principal.id,
        name=principal.name,
        email=principal.email,
        role=principal.role,
        delegation_id=principal.delegation_id,
        locale=principal.locale,
        time_zone=principal.time_zone,
    )


@router.get("/tokens", responses=AUTH)
async def list_tokens(session: SessionDep, principal: CurrentPrincipal) -> list[TokenOut]:
    """My API tokens, newest first (the secrets themselves are never shown again)."""
    return [TokenOut.model_validate(t) for t in await service.list_tokens(session, principal.id)]


@router.post("/tokens", status_code=201, responses=AUTH)
async def create_token(body: TokenIn, session: SessionDep, principal: CurrentPrincipal) -> NewToken:
    """Make a bearer token for scripts; keep the secret, it is shown only now."""
    token, secret = await service.create_token(session, principal, body.name)
    return NewToken(**TokenOut.model_validate(token).model_dump(), token=secret)


@router.delete(
    "/tokens/{token_id}",
    status_code=204,
    responses={**AUTH, 404: {"description": "No such token of yours"}},
)
async def revoke_token(
    token_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Revoke one of my tokens; it stops working at once."""
    await service.revoke_token(session, token_id, principal, utcnow())
    return Response(status_code=204)


@router.delete(
    "/users/{user_id}/sign-in-failures",
    status_code=204,
    responses={
        **AUTH,
        403: {"description": "Not an administrator"},
        404: {"description": "No such user"},
    },
)
async def clear_sign_in_failures(
    user_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Unlock an account: forget its failed sign-ins from every address (journaled)."""
    await service.clear_sign_in_failures(session, user_id, principal)
    return Response(status_code=204)


@router.put("/me/time-zone", status_code=204, responses={**AUTH, 422: {"description": "Unknown"}})
async def set_time_zone(
    body: TimeZoneIn, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """The time zone my times are shown in on the pages."""
    await service.set_time_zone(session, principal.id, body.time_zone)
    return Response(status_code=204)


@router.post(
    "/me/password",
    responses={**AUTH, 422: {"description": "Wrong current password, or a weak new one"}},
)
async def change_password(
    body: PasswordIn, session: SessionDep, principal: CurrentPrincipal
) -> PasswordChanged:
    """Change my password (journaled); my other sessions end, this one stays."""
    ended = await service.change_password(
        session,
        principal,
        body.current_password,
        body.new_password,
        body.new_password_again,
        utcnow(),
    )
    return PasswordChanged(sessions_ended=ended)


@router.post(
    "/users/{user_id}/password-reset",
    status_code=201,
    responses={
        **AUTH,
        403: {"description": "Not an administrator"},
        404: {"description": "No such user"},
    },
)
async def reset_password(
    user_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> TemporaryPassword:
    """Give an account a temporary password (journaled); its sessions end."""
    user, temporary = await service.reset_password(session, user_id, principal, utcnow())
    return TemporaryPassword(user_id=user.id, temporary_password=temporary)

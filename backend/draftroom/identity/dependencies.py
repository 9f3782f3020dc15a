"""Who is asking: a bearer API token for now (sign-in pages come with the web reader)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from draftroom.identity import service
from draftroom.kit.deps import SessionDep
from draftroom.kit.errors import Unauthenticated
from draftroom.models import User

bearer = HTTPBearer(auto_error=False, description="An API token made by `draftroom tokens create`")


async def current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise Unauthenticated()
    return await service.user_for_token(session, credentials.credentials)


CurrentUser = Annotated[User, Depends(current_user)]

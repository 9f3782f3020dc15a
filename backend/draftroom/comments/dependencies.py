"""The comment a route names in its path, loaded once and checked against the reader
(absent or not visible: 404, by the comments policy through the service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from draftroom.comments import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models import Comment


async def get_comment(
    principal: CurrentPrincipal, comment_id: DbId, session: SessionDep
) -> Comment:
    return await service.get(session, comment_id, principal)


CommentDep = Annotated[Comment, Depends(get_comment)]

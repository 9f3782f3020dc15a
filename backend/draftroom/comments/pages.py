"""The discussion under an article: post, reply, resolve; shown on the article page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from draftroom.comments import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.models import CommentVisibility

router = APIRouter(include_in_schema=False)


@router.post("/instruments/{slug}/articles/{key}/comments")
async def post_comment(
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    body: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
    visibility: Annotated[CommentVisibility, Form()] = CommentVisibility.everyone,
    provision: Annotated[str, Form()] = "",
    parent: Annotated[int | None, Form()] = None,
) -> Response:
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    comment = await service.create(
        session,
        instrument,
        article,
        language=language,
        body=body,
        actor=principal,
        visibility_=visibility,
        provision=provision or None,
        parent_id=parent,
    )
    return RedirectResponse(
        f"/instruments/{slug}/articles/{key}?text={language}#comment-{comment.id}", status_code=303
    )

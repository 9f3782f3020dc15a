"""The discussion under an article: post, reply, resolve; shown on the article page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from draftroom.comments import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.models import Article, Comment, CommentVisibility, Instrument

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


async def _back(session: SessionDep, comment: Comment) -> RedirectResponse:
    """To the comment on its article page (or its amendment's page)."""
    if comment.article_id is None:
        return RedirectResponse(
            f"/amendments/{comment.amendment_id}#comment-{comment.id}", status_code=303
        )
    article = await session.get_one(Article, comment.article_id)
    instrument = await session.get_one(Instrument, comment.instrument_id)
    return RedirectResponse(
        f"/instruments/{instrument.slug}/articles/{article.key}?text={comment.language}"
        f"#comment-{comment.id}",
        status_code=303,
    )


@router.post("/comments/{comment_id}/edit")
async def edit_comment(
    comment_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    body: Annotated[str, Form()],
    etag: Annotated[str, Form()],
) -> Response:
    comment = await service.get(session, comment_id, principal)
    await service.edit(session, comment, body, principal, etag)
    return await _back(session, comment)


@router.post("/comments/{comment_id}/delete")
async def delete_comment(
    comment_id: int, session: SessionDep, principal: CurrentPrincipal, etag: Annotated[str, Form()]
) -> Response:
    comment = await service.get(session, comment_id, principal)
    await service.delete(session, comment, principal, etag)
    return await _back(session, comment)


@router.post("/comments/{comment_id}/{action}")
async def resolve_comment(
    comment_id: int,
    action: Literal["resolve", "reopen"],
    session: SessionDep,
    principal: CurrentPrincipal,
    etag: Annotated[str, Form()],
) -> Response:
    comment = await service.get(session, comment_id, principal)
    await service.resolve(session, comment, principal, action == "resolve", etag)
    return await _back(session, comment)

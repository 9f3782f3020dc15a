"""The discussion under an article: post, reply, resolve; shown on the article page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.comments import policy, service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.kit.actor import Actor
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.templates import render
from draftroom.models import Amendment, Article, Comment, CommentVisibility, Instrument

router = APIRouter(include_in_schema=False)
# The new-comment form's name for a refusal (kit.forms).
NEW_COMMENT = "new-comment"


async def amendment_discussion(
    request: Request, session: AsyncSession, amendment: Amendment, actor: Actor
) -> dict[str, Any]:
    """What an amendment page shows of its discussion: the comments on the amendment in
    every language (``?comment_lang=`` filters, and says so), their authors, and whether
    the reader may write."""
    if amendment.article_id is None:  # a proposed new article has no thread yet
        return {"thread": None, "authors": {}, "can_comment": False}
    article = await session.get_one(Article, amendment.article_id)
    only = request.query_params.get("comment_lang") or None
    if only is not None:
        instruments.check_language(only, request.state.settings)
    thread = await service.thread(session, article, actor, only=only, amendment_id=amendment.id)
    return {
        "thread": thread,
        "authors": await service.authors(session, [e.comment for e in thread.entries]),
        "can_comment": policy.can_write(actor),
    }


@router.post("/instruments/{slug}/articles/{key}/comments", response_class=HTMLResponse)
async def post_comment(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    body: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
    visibility: Annotated[CommentVisibility, Form()] = CommentVisibility.everyone,
    provision: Annotated[str, Form()] = "",
    quote: Annotated[str, Form()] = "",
    parent: Annotated[DbId | None, Form()] = None,
    amendment: Annotated[DbId | None, Form()] = None,
) -> Response:
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    try:
        comment = await service.create(
            session,
            instrument,
            article,
            language=language,
            body=body,
            actor=principal,
            visibility_=visibility,
            provision=provision or None,
            quote=quote or None,
            amendment_id=amendment,
            parent_id=parent,
        )
    except DraftroomError as error:
        # The page again with the comment as typed; a refused quote is said above the form.
        values = {
            "body": body,
            "language": language,
            "visibility": visibility.value,
            "provision": provision,
            "quote": quote,
        }
        await refuse(request, session, NEW_COMMENT, error, values, ["body"])
        # Imported here: both pages show this form and import this module.
        from draftroom.amendments.pages import amendment_page
        from draftroom.instruments.pages import article_page

        if amendment is not None:
            return await amendment_page(request, amendment, session, principal)
        return await article_page(
            request,
            slug,
            key,
            session,
            settings,
            principal,
            text=[language],
            comment_on=provision or None,
        )
    return await _back(session, comment)


async def _back(session: SessionDep, comment: Comment) -> RedirectResponse:
    """To the comment on its amendment's page, or on its article page."""
    if comment.amendment_id is not None or comment.article_id is None:
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
    request: Request,
    comment_id: DbId,
    session: SessionDep,
    principal: CurrentPrincipal,
    body: Annotated[str, Form()],
    etag: Annotated[str, Form()],
) -> Response:
    comment = await service.get(session, comment_id, principal)
    try:
        await service.edit(session, comment, body, principal, etag)
    except DraftroomError as error:
        # Stale or refused: the new wording stays in the form, beside the comment as it now
        # reads, with its current ETag, so saving again is a choice made knowingly.
        await refuse(request, session, "comment", error, {"body": body}, ["body"])
        comment = await service.get(session, comment_id, principal)
        back = await _back(session, comment)
        return render(
            request,
            "comments/edit.html",
            {"comment": comment, "etag": service.etag(comment), "back": back.headers["location"]},
        )
    return await _back(session, comment)


@router.post("/comments/{comment_id}/delete")
async def delete_comment(
    comment_id: DbId, session: SessionDep, principal: CurrentPrincipal, etag: Annotated[str, Form()]
) -> Response:
    comment = await service.get(session, comment_id, principal)
    await service.delete(session, comment, principal, etag)
    return await _back(session, comment)


@router.post("/comments/{comment_id}/{action}")
async def resolve_comment(
    comment_id: DbId,
    action: Literal["resolve", "reopen"],
    session: SessionDep,
    principal: CurrentPrincipal,
    etag: Annotated[str, Form()],
) -> Response:
    comment = await service.get(session, comment_id, principal)
    await service.resolve(session, comment, principal, action == "resolve", etag)
    return await _back(session, comment)

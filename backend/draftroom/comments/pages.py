"""The discussion under an article: edit, delete, resolve a comment. The new-comment form
is on the article and amendment pages (reader/), which show it again when refused."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from draftroom.comments import service
from draftroom.comments.dependencies import CommentDep
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.templates import render
from draftroom.models import Comment

router = APIRouter(include_in_schema=False)
# The new-comment form's name for a refusal (kit.forms), on the reader's pages.
NEW_COMMENT = "new-comment"


async def back(session: SessionDep, comment: Comment) -> RedirectResponse:
    """To the comment on its amendment's page, or on its article page."""
    if comment.amendment_id is not None or comment.article_id is None:
        return RedirectResponse(
            f"/amendments/{comment.amendment_id}#comment-{comment.id}", status_code=303
        )
    instrument, article = await service.place(session, comment)
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
    comment: CommentDep,
) -> Response:
    try:
        await service.edit(session, comment, body, principal, etag)
    except DraftroomError as error:
        # Stale or refused: the new wording stays in the form, beside the comment as it now
        # reads, with its current ETag, so saving again is a choice made knowingly.
        await refuse(request, session, "comment", error, {"body": body}, ["body"])
        comment = await service.get(session, comment_id, principal)
        to = await back(session, comment)
        return render(
            request,
            "comments/edit.html",
            {"comment": comment, "etag": service.etag(comment), "back": to.headers["location"]},
        )
    return await back(session, comment)


@router.post("/comments/{comment_id}/delete")
async def delete_comment(
    comment: CommentDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    etag: Annotated[str, Form()],
) -> Response:
    await service.delete(session, comment, principal, etag)
    return await back(session, comment)


@router.post("/comments/{comment_id}/{action}")
async def resolve_comment(
    comment: CommentDep,
    action: Literal["resolve", "reopen"],
    session: SessionDep,
    principal: CurrentPrincipal,
    etag: Annotated[str, Form()],
) -> Response:
    await service.resolve(session, comment, principal, action == "resolve", etag)
    return await back(session, comment)

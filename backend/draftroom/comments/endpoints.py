"""API: comments on articles, provisions and amendments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from draftroom.comments import service
from draftroom.comments.dependencies import CommentDep
from draftroom.comments.schemas import AnchorOut, CommentEdit, CommentIn, CommentOut
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.etag import IfMatch
from draftroom.kit.i18n import current_locale
from draftroom.models import Article, Comment

router = APIRouter(prefix="/api/v1", tags=["comments"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Observers do not comment; only the author edits"},
    404: {"description": "Unknown, or not visible to you"},
    412: {"description": "Stale If-Match"},
    422: {
        "description": "Empty or oversized text, a quote not in the provision, a language "
        "not among the instrument's"
    },
    428: {"description": "If-Match missing"},
}


def comment_out(
    comment: Comment, article: Article | None, entry: service.Entry | None = None
) -> CommentOut:
    anchor = entry.anchor if entry else None
    return CommentOut(
        id=comment.id,
        article=article.key if article else None,
        provision=comment.provision_key,
        amendment_id=comment.amendment_id,
        parent_id=comment.parent_id,
        language=comment.language,
        quote=entry.quote if entry else comment.quote,
        quote_withheld=entry.quote_withheld if entry else False,
        anchor=AnchorOut(found=anchor.found, start=anchor.start, end=anchor.end)
        if anchor
        else None,
        author_id=comment.author_id,
        delegation_id=comment.delegation_id,
        visibility=comment.visibility,
        body=comment.body,
        deleted=comment.deleted_at is not None,
        resolved=comment.resolved_at is not None,
        version=comment.version,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
    )


def respond(comment: Comment, article: Article | None, response: Response) -> CommentOut:
    """The comment; its ETag guards the next write."""
    response.headers["ETag"] = service.etag(comment)
    return comment_out(comment, article)


@router.get("/instruments/{slug}/articles/{key}/comments", responses=ERRORS)
async def list_comments(
    principal: CurrentPrincipal,
    article: ArticleDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    comment_lang: str | None = None,
) -> list[CommentOut]:
    """The comments on an article you may see, in every language (each says the language
    it was written in), threaded oldest first, quotes re-found in the text of their own
    language. ``comment_lang`` keeps only those written in one language; the headers
    ``X-Comments-Total`` (all languages) and ``X-Comments-Hidden`` (left out by the
    filter) say what it left out. Observers are not shown words quoted from a working
    draft (``quote_withheld``)."""
    if comment_lang is not None:
        instruments.check_language(comment_lang, settings)
    found = await service.thread(session, article, principal, only=comment_lang)
    response.headers["X-Comments-Total"] = str(found.total)
    response.headers["X-Comments-Hidden"] = str(found.hidden)
    return [comment_out(e.comment, article, e) for e in found.entries]


@router.post(
    "/instruments/{slug}/articles/{key}/comments",
    status_code=201,
    response_model=CommentOut,
    responses=ERRORS,
)
async def create_comment(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    body: CommentIn,
    session: SessionDep,
    response: Response,
    settings: SettingsDep,
) -> CommentOut:
    """Comment on the article, a provision (optionally quoting its words, in the text of the
    comment's language) or an amendment. Everyone reading the article sees it, whatever
    language they read, marked with the language it is written in."""
    language = instruments.check_language(body.language or current_locale(), settings)
    comment = await service.create(
        session,
        instrument,
        article,
        language=language,
        body=body.body,
        actor=principal,
        visibility_=body.visibility,
        provision=body.provision,
        quote=body.quote,
        amendment_id=body.amendment,
        parent_id=body.parent,
    )
    return respond(comment, article, response)


@router.patch("/comments/{comment_id}", response_model=CommentOut, responses=ERRORS)
async def edit_comment(
    principal: CurrentPrincipal,
    comment: CommentDep,
    body: CommentEdit,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> CommentOut:
    """Change your comment's words; the earlier wording stays in its history."""
    await service.edit(session, comment, body.body, principal, if_match)
    return respond(comment, await service.article_of(session, comment), response)


@router.delete("/comments/{comment_id}", response_model=CommentOut, responses=ERRORS)
async def delete_comment(
    principal: CurrentPrincipal,
    comment: CommentDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> CommentOut:
    """Delete your comment: a tombstone keeps the thread together."""
    await service.delete(session, comment, principal, if_match)
    return respond(comment, await service.article_of(session, comment), response)


@router.post("/comments/{comment_id}/resolve", response_model=CommentOut, responses=ERRORS)
async def resolve_comment(
    principal: CurrentPrincipal,
    comment: CommentDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> CommentOut:
    """Mark the discussion resolved (the author or the secretariat)."""
    await service.resolve(session, comment, principal, True, if_match)
    return respond(comment, await service.article_of(session, comment), response)


@router.post("/comments/{comment_id}/reopen", response_model=CommentOut, responses=ERRORS)
async def reopen_comment(
    principal: CurrentPrincipal,
    comment: CommentDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> CommentOut:
    """Reopen a resolved discussion."""
    await service.resolve(session, comment, principal, False, if_match)
    return respond(comment, await service.article_of(session, comment), response)

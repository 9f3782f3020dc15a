"""Comments: threads on an article, a provision (a quoted span) or an amendment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.comments import policy
from draftroom.identity.principal import Actor
from draftroom.instruments import service as instruments
from draftroom.journal import service as journal
from draftroom.kit.errors import InvalidInput, NotFound
from draftroom.kit.etag import make_etag
from draftroom.kit.i18n import _l
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.models import (
    Article,
    Comment,
    CommentRevision,
    CommentVisibility,
    Delegation,
    Instrument,
    User,
)
from draftroom.models.base import utcnow
from draftroom.text.anchor import find
from draftroom.text.normalise import normalise

MAX_BODY = 10_000


def etag(comment: Comment) -> str:
    return make_etag(f"c{comment.id}.{comment.version}")


def visibility(comment: Comment) -> str:
    if comment.visibility is CommentVisibility.everyone:
        return journal.PUBLIC
    if comment.visibility is CommentVisibility.delegation and comment.delegation_id:
        return journal.delegation_visibility(comment.delegation_id)
    return journal.SECRETARIAT


def clean_body(body: str) -> str:
    text = normalise(body)
    if not text:
        raise InvalidInput(_l("A comment needs some text."))
    if len(text) > MAX_BODY:
        raise InvalidInput(_l("A comment may hold at most {limit} characters."), limit=MAX_BODY)
    return text


async def create(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    *,
    language: str,
    body: str,
    actor: Actor,
    visibility_: CommentVisibility,
    provision: str | None = None,
    quote: str | None = None,
    amendment_id: int | None = None,
    parent_id: int | None = None,
) -> Comment:
    policy.require_write(actor)
    if visibility_ is CommentVisibility.delegation and actor.delegation_id is None:
        raise InvalidInput(_l("Only a delegation's members can comment inside a delegation."))
    anchor_version = None
    if parent_id is not None:
        parent = await get(session, parent_id, actor)
        if parent.article_id != article.id:
            raise InvalidInput(_l("A reply belongs to the same article as its comment."))
        provision, amendment_id = parent.provision_key, parent.amendment_id
    if amendment_id is not None:
        amendment = await amendments.get(session, amendment_id, actor)
        if amendment.article_id != article.id:
            raise InvalidInput(_l("That amendment is not for this article."))
    if provision is not None or quote:
        version = await instruments.read_version(session, article, language)
        texts = {p["id"]: p["text"] for p in version.provisions}
        if provision not in texts:
            raise NotFound(_l("No provision “{key}” in this article."), key=provision or "")
        quote = normalise(quote) if quote else None
        if quote and quote not in texts[provision]:
            raise InvalidInput(_l("The quoted words are not in this provision."))
        anchor_version = version.id
    comment = Comment(
        instrument_id=instrument.id,
        article_id=article.id,
        provision_key=provision,
        amendment_id=amendment_id,
        parent_id=parent_id,
        language=language,
        quote=quote,
        anchor_version_id=anchor_version,
        author_id=actor.id,
        delegation_id=actor.delegation_id,
        visibility=visibility_,
        body=clean_body(body),
    )
    session.add(comment)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind="comment.created",
        object_type="comment",
        object_id=comment.id,
        instrument_id=instrument.id,
        payload={"article": article.key, "article_id": article.id, "provision": provision},
        visibility=visibility(comment),
    )
    return comment


async def get(session: AsyncSession, comment_id: int, actor: Actor) -> Comment:
    comment = await session.get(Comment, comment_id, populate_existing=True)
    if comment is None:
        raise NotFound(_l("No such comment."))
    policy.require_see(actor, comment)
    return comment


@dataclass(frozen=True)
class Anchor:
    """Where a comment's quoted span is in the latest text: found (start, end) or gone."""

    found: bool
    start: int | None = None
    end: int | None = None


def _threaded(comments: Sequence[Comment]) -> list[Comment]:
    """Each reply right after the comment it answers (and that comment's earlier replies)."""
    replies: dict[int | None, list[Comment]] = {}
    ids = {c.id for c in comments}
    for comment in comments:
        # A reply whose parent the reader may not see starts a thread of its own.
        parent = comment.parent_id if comment.parent_id in ids else None
        replies.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []
    stack = list(reversed(replies.get(None, [])))
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(replies.get(comment.id, [])))
    return ordered


async def authors(
    session: AsyncSession, comments: Iterable[Comment]
) -> dict[int, tuple[str, str | None]]:
    """Name and delegation code of each comment's author, by user id."""
    ids = {c.author_id for c in comments}
    rows = await session.execute(
        select(User.id, User.name, Delegation.code)
        .outerjoin(Delegation, Delegation.id == User.delegation_id)
        .where(User.id.in_(ids))
    )
    return {user_id: (name, code) for user_id, name, code in rows}


async def thread(
    session: AsyncSession, article: Article, language: str, actor: Actor
) -> list[tuple[Comment, Anchor | None]]:
    """The comments on an article the reader may see, oldest first, with their anchors
    re-found in the latest version ("no longer found" when the words are gone)."""
    rows = (
        await session.scalars(
            select(Comment)
            .where(Comment.article_id == article.id, Comment.language == language)
            .order_by(Comment.id)
        )
    ).all()
    latest = await instruments.latest_version(session, article.id, language)
    texts = {p["id"]: p["text"] for p in latest.provisions} if latest else {}
    found: list[tuple[Comment, Anchor | None]] = []
    for comment in _threaded([c for c in rows if policy.can_see(actor, c)]):
        anchor = None
        if comment.quote and comment.provision_key:
            span = find(texts.get(comment.provision_key, ""), comment.quote)
            anchor = Anchor(True, span[0], span[1]) if span else Anchor(False)
        found.append((comment, anchor))
    return found


def _check(comment: Comment, if_match: str | None) -> None:
    require_current(if_match, etag(comment), comment.version)


async def _set(session: AsyncSession, comment: Comment, **values: object) -> None:
    await compare_and_set(session, comment, **values)


async def edit(
    session: AsyncSession, comment: Comment, body: str, actor: Actor, if_match: str | None
) -> Comment:
    """A new wording; the old one is kept in the history."""
    policy.require_author(actor, comment)
    _check(comment, if_match)
    if comment.deleted_at is not None:
        raise InvalidInput(_l("A deleted comment cannot be edited."))
    session.add(CommentRevision(comment_id=comment.id, body=comment.body))
    await _set(session, comment, body=clean_body(body))
    await _journal(session, comment, actor, "edited")
    return comment


async def delete(
    session: AsyncSession, comment: Comment, actor: Actor, if_match: str | None
) -> Comment:
    """A tombstone: the thread keeps its place, the words are gone (kept in the history)."""
    policy.require_author(actor, comment)
    _check(comment, if_match)
    if comment.deleted_at is None:
        session.add(CommentRevision(comment_id=comment.id, body=comment.body))
        await _set(session, comment, body="", deleted_at=utcnow())
        await _journal(session, comment, actor, "deleted")
    return comment


async def resolve(
    session: AsyncSession, comment: Comment, actor: Actor, resolved: bool, if_match: str | None
) -> Comment:
    policy.require_resolver(actor, comment)
    _check(comment, if_match)
    await _set(session, comment, resolved_at=utcnow() if resolved else None)
    await _journal(session, comment, actor, "resolved" if resolved else "reopened")
    return comment


async def history(session: AsyncSession, comment: Comment) -> Sequence[CommentRevision]:
    return (
        await session.scalars(
            select(CommentRevision)
            .where(CommentRevision.comment_id == comment.id)
            .order_by(CommentRevision.id)
        )
    ).all()


async def _journal(session: AsyncSession, comment: Comment, actor: Actor, kind: str) -> None:
    await journal.record(
        session,
        actor=actor,
        kind=f"comment.{kind}",
        object_type="comment",
        object_id=comment.id,
        instrument_id=comment.instrument_id,
        payload={"article_id": comment.article_id, "amendment_id": comment.amendment_id},
        visibility=visibility(comment),
    )

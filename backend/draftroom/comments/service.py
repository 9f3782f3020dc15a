"""Comments: threads on an article, a provision (a quoted span) or an amendment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.comments import policy
from draftroom.instruments import service as instruments
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import InvalidInput, NotFound
from draftroom.kit.etag import make_etag
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.models import (
    Amendment,
    Article,
    ArticleVersion,
    Comment,
    CommentRevision,
    CommentVisibility,
    Delegation,
    Instrument,
    MilestoneVersion,
    User,
)
from draftroom.models.base import utcnow
from draftroom.text.anchor import find
from draftroom.text.normalise import normalise

MAX_BODY = 10_000


def etag(comment: Comment) -> str:
    return make_etag(f"c{comment.id}.{comment.version}")


async def attached(session: AsyncSession, comment: Comment) -> Amendment | None:
    """The amendment the comment is about, if any: it decides who may see the comment."""
    if comment.amendment_id is None:
        return None
    return await session.get(Amendment, comment.amendment_id)


def clean_body(body: str) -> str:
    """The body checked and normalised; a refusal names the form's ``body`` input."""
    try:
        text = normalise(check_text(body, _l("the comment")))
    except InvalidInput as error:
        raise error.at("body") from None
    if not text:
        raise InvalidInput(_l("A comment needs some text.")).at("body")
    if len(text) > MAX_BODY:
        raise InvalidInput(_l("A comment may hold at most {limit} characters."), limit=MAX_BODY).at(
            "body"
        )
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
    amendment = None
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
        try:
            quote = normalise(check_text(quote, _l("the quote")) or "") or None
        except InvalidInput as error:
            raise error.at("quote") from None
        if quote and quote not in texts[provision]:
            raise InvalidInput(_l("The quoted words are not in this provision.")).at("quote")
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
        kind=Kind.comment_created,
        object_type="comment",
        object_id=comment.id,
        instrument_id=instrument.id,
        payload={
            "article": article.key,
            "article_id": article.id,
            "provision": provision,
            "amendment_id": amendment_id,
            "language": language,
        },
        visibility=policy.journal_visibility(comment, amendment),
    )
    return comment


async def article_of(session: AsyncSession, comment: Comment) -> Article | None:
    """The article the comment is on (None for a comment on no article)."""
    return await session.get(Article, comment.article_id) if comment.article_id else None


async def get(session: AsyncSession, comment_id: int, actor: Actor) -> Comment:
    comment = await session.get(Comment, comment_id, populate_existing=True)
    if comment is None or await instruments.is_removed(session, comment.instrument_id):
        raise NotFound(_l("No such comment."))
    policy.require_see(actor, comment, await attached(session, comment))
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


@dataclass(frozen=True)
class Entry:
    """A comment as one reader is shown it: its quote (None when withheld from this reader)
    and where the quoted words are now, in the text of the quote's own language."""

    comment: Comment
    anchor: Anchor | None
    quote: str | None
    # The quote was taken from a working draft this reader (an observer) does not read.
    quote_withheld: bool = False
    amendment_number: int | None = None
    # Its words were changed (resolving or reopening is not an edit).
    edited: bool = False


@dataclass(frozen=True)
class Thread:
    """The whole conversation the reader may see, every language, and what a language
    filter leaves out (said on the page and in the API, never silent)."""

    entries: list[Entry]
    total: int
    by_language: dict[str, int] = field(default_factory=dict)
    only: str | None = None
    # Filtered to the comments on one provision (its id), said on the page.
    provision: str | None = None
    # Every comment the reader may see, per provision id, whatever the filters.
    by_provision_all: dict[str, int] = field(default_factory=dict)
    # What names a provision to people: the article's number and each provision's own.
    article_number: str = ""
    numbers: dict[str, str] = field(default_factory=dict)

    @property
    def hidden(self) -> int:
        return self.total - len(self.entries)

    def by_provision(self) -> dict[str | None, int]:
        return dict(Counter(e.comment.provision_key for e in self.entries))


async def _published_versions(session: AsyncSession, version_ids: set[int]) -> set[int]:
    """Which of these versions a milestone holds."""
    if not version_ids:
        return set()
    rows = await session.scalars(
        select(MilestoneVersion.article_version_id)
        .where(MilestoneVersion.article_version_id.in_(version_ids))
        .distinct()
    )
    return set(rows)


async def _reference_version(
    session: AsyncSession, article: Article, language: str, drafts: bool
) -> ArticleVersion | None:
    """The text quotes in ``language`` are re-found in: the latest version for readers of
    the drafts, the latest published (held by a milestone) one for observers."""
    if drafts:
        return await instruments.latest_version(session, article.id, language)
    return await session.scalar(
        select(ArticleVersion)
        .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
        .where(MilestoneVersion.article_id == article.id, MilestoneVersion.language == language)
        .order_by(MilestoneVersion.milestone_id.desc())
        .limit(1)
    )


async def _reference_texts(
    session: AsyncSession, article: Article, language: str, drafts: bool
) -> dict[str, str]:
    version = await _reference_version(session, article, language, drafts)
    return {p["id"]: p["text"] for p in version.provisions} if version else {}


async def _numbers(
    session: AsyncSession, article: Article, drafts: bool, keys: set[str]
) -> dict[str, str]:
    """The number of each provision commented on, from the text in the source language
    (numbers are the same in every language)."""
    if not keys:
        return {}
    instrument = await session.get_one(Instrument, article.instrument_id)
    version = await _reference_version(session, article, instrument.source_language, drafts)
    if version is None:
        version = await instruments.latest_version(session, article.id, instrument.source_language)
    return {p["id"]: p["number"] for p in version.provisions} if version else {}


async def _amendments(session: AsyncSession, comments: Sequence[Comment]) -> dict[int, Amendment]:
    """The amendments these comments are attached to, by id, in one query."""
    ids = {c.amendment_id for c in comments if c.amendment_id is not None}
    if not ids:
        return {}
    return {a.id: a for a in await session.scalars(select(Amendment).where(Amendment.id.in_(ids)))}


def _visible(
    comments: Sequence[Comment], amendments_: dict[int, Amendment], actor: Actor
) -> list[Comment]:
    return [
        c
        for c in comments
        if policy.can_see(actor, c, amendments_.get(c.amendment_id) if c.amendment_id else None)
    ]


async def thread(
    session: AsyncSession,
    article: Article,
    actor: Actor,
    *,
    only: str | None = None,
    amendment_id: int | None = None,
    provision: str | None = None,
) -> Thread:
    """The comments on an article (or on one of its amendments) the reader may see, in
    every language, threaded oldest first; ``only``: just those written in that language;
    ``provision``: just those on that provision.
    Each quote is re-found in the text of its own language ("no longer found" when the
    words are gone); observers are not shown words quoted from a working draft."""
    query = select(Comment).where(Comment.article_id == article.id).order_by(Comment.id)
    if amendment_id is not None:
        query = query.where(Comment.amendment_id == amendment_id)
    rows = (await session.scalars(query)).all()
    attached_to = await _amendments(session, rows)
    seen = _threaded(_visible(rows, attached_to, actor))
    drafts = policy.reads_drafts(actor)
    published = await _published_versions(
        session, {c.anchor_version_id for c in seen if c.anchor_version_id is not None}
    )
    texts: dict[str, dict[str, str]] = {}
    entries: list[Entry] = []
    edited = await _edited(session, [c.id for c in seen])
    for comment in seen:
        if only is not None and comment.language != only:
            continue
        if provision is not None and comment.provision_key != provision:
            continue
        number = attached_to[comment.amendment_id].number if comment.amendment_id else None
        was_edited = comment.id in edited
        if not comment.quote:
            entries.append(Entry(comment, None, None, amendment_number=number, edited=was_edited))
            continue
        if not policy.can_see_quote(actor, comment, comment.anchor_version_id in published):
            entries.append(
                Entry(
                    comment,
                    None,
                    None,
                    quote_withheld=True,
                    amendment_number=number,
                    edited=was_edited,
                )
            )
            continue
        anchor = None
        if comment.provision_key:
            if comment.language not in texts:
                texts[comment.language] = await _reference_texts(
                    session, article, comment.language, drafts
                )
            span = find(texts[comment.language].get(comment.provision_key, ""), comment.quote)
            anchor = Anchor(True, span[0], span[1]) if span else Anchor(False)
        entries.append(
            Entry(comment, anchor, comment.quote, amendment_number=number, edited=was_edited)
        )
    return Thread(
        entries=entries,
        total=len(seen),
        by_language=dict(Counter(c.language for c in seen)),
        only=only,
        provision=provision,
        by_provision_all=dict(Counter(c.provision_key for c in seen if c.provision_key)),
        article_number=article.number,
        numbers=await _numbers(
            session, article, drafts, {c.provision_key for c in seen if c.provision_key}
        ),
    )


@dataclass(frozen=True)
class Segment:
    """A run of a provision's text: quoted in comments (their ids) or not."""

    text: str
    comment_ids: tuple[int, ...] = ()


def highlights(thread: Thread, language: str, provision: str, text: str) -> list[Segment]:
    """The provision's text cut at the words its comments in ``language`` quote, each quote
    re-found in this text (the one on the page, which may be older or newer than the one the
    comment was written on); overlapping quotes make one run. Quotes no longer found, or
    withheld from the reader, mark nothing."""
    spans: list[tuple[int, int, int]] = []
    for entry in thread.entries:
        comment = entry.comment
        if (
            not entry.quote
            or comment.deleted_at is not None
            or comment.provision_key != provision
            or comment.language != language
        ):
            continue
        span = find(text, entry.quote)
        if span is not None and span[1] > span[0]:
            spans.append((span[0], span[1], comment.id))
    if not spans:
        return [Segment(text)]
    spans.sort()
    merged: list[tuple[int, int, list[int]]] = []
    for start, end, comment_id in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), [*last[2], comment_id])
        else:
            merged.append((start, end, [comment_id]))
    segments: list[Segment] = []
    at = 0
    for start, end, ids in merged:
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], tuple(ids)))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


async def _edited(session: AsyncSession, comment_ids: list[int]) -> set[int]:
    """The comments whose words were changed: a body edit keeps the old wording as a
    revision, while resolving and reopening only bump the row's version."""
    if not comment_ids:
        return set()
    return set(
        await session.scalars(
            select(CommentRevision.comment_id)
            .where(CommentRevision.comment_id.in_(comment_ids))
            .distinct()
        )
    )


async def counts_by_article(
    session: AsyncSession, instrument: Instrument, actor: Actor
) -> dict[int, int]:
    """How many comments the reader may see on each article, every language counted."""
    rows = (
        await session.scalars(select(Comment).where(Comment.instrument_id == instrument.id))
    ).all()
    counted = Counter(c.article_id for c in _visible(rows, await _amendments(session, rows), actor))
    return {article_id: n for article_id, n in counted.items() if article_id is not None}


def _check(comment: Comment, if_match: str | None) -> None:
    require_current(if_match, etag(comment), comment.version)


async def _set(session: AsyncSession, comment: Comment, **values: object) -> None:
    await compare_and_set(session, comment, **values)


async def edit(
    session: AsyncSession, comment: Comment, body: str, actor: Actor, if_match: str | None
) -> Comment:
    """A new wording; the old one is kept in the history."""
    amendment = await attached(session, comment)
    policy.require_author(actor, comment, amendment)
    _check(comment, if_match)
    if comment.deleted_at is not None:
        raise InvalidInput(_l("A deleted comment cannot be edited."))
    session.add(CommentRevision(comment_id=comment.id, body=comment.body))
    await _set(session, comment, body=clean_body(body))
    await _journal(session, comment, amendment, actor, Kind.comment_edited)
    return comment


async def delete(
    session: AsyncSession, comment: Comment, actor: Actor, if_match: str | None
) -> Comment:
    """A tombstone: the thread keeps its place, the words are gone (kept in the history)."""
    amendment = await attached(session, comment)
    policy.require_author(actor, comment, amendment)
    _check(comment, if_match)
    if comment.deleted_at is None:
        session.add(CommentRevision(comment_id=comment.id, body=comment.body))
        await _set(session, comment, body="", deleted_at=utcnow())
        await _journal(session, comment, amendment, actor, Kind.comment_deleted)
    return comment


async def resolve(
    session: AsyncSession, comment: Comment, actor: Actor, resolved: bool, if_match: str | None
) -> Comment:
    amendment = await attached(session, comment)
    policy.require_resolver(actor, comment, amendment)
    _check(comment, if_match)
    await _set(session, comment, resolved_at=utcnow() if resolved else None)
    await _journal(
        session,
        comment,
        amendment,
        actor,
        Kind.comment_resolved if resolved else Kind.comment_reopened,
    )
    return comment


async def history(session: AsyncSession, comment: Comment) -> Sequence[CommentRevision]:
    return (
        await session.scalars(
            select(CommentRevision)
            .where(CommentRevision.comment_id == comment.id)
            .order_by(CommentRevision.id)
        )
    ).all()


async def _journal(
    session: AsyncSession, comment: Comment, amendment: Amendment | None, actor: Actor, kind: Kind
) -> None:
    await journal.record(
        session,
        actor=actor,
        kind=kind,
        object_type="comment",
        object_id=comment.id,
        instrument_id=comment.instrument_id,
        payload={"article_id": comment.article_id, "amendment_id": comment.amendment_id},
        visibility=policy.journal_visibility(comment, amendment),
    )


async def amendment_thread(
    session: AsyncSession, amendment: Amendment, actor: Actor, only: str | None
) -> Thread | None:
    """The comments on an amendment, every language unless ``only``; None for a proposed
    new article (no thread yet)."""
    if amendment.article_id is None:
        return None
    article = await session.get_one(Article, amendment.article_id)
    return await thread(session, article, actor, only=only, amendment_id=amendment.id)


async def place(session: AsyncSession, comment: Comment) -> tuple[Instrument, Article]:
    """The instrument and article a comment on an article's text belongs to."""
    article = await session.get_one(Article, comment.article_id)
    instrument = await session.get_one(Instrument, comment.instrument_id)
    return instrument, article

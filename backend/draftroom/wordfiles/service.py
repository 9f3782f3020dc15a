"""Word files in as proposals: upload → preview (stored) → decisions → confirm.

Uploading reads the file and places every change and comment; it writes only the preview
row. Confirming creates the delegation's draft amendments (one per article) through the
amendments service, against the version the file started from and carried over to the
current text when that can be done without collisions, and the comments through the
comments service; those services journal what they write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.comments import service as comments
from draftroom.config import Settings
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import DraftroomError, InvalidInput, NotFound
from draftroom.kit.i18n import _, _l, current_locale, language_name
from draftroom.kit.wordfile import WordLimits, open_word_file
from draftroom.models import (
    Amendment,
    AmendmentKind,
    Article,
    ArticleVersion,
    CommentVisibility,
    Delegation,
    Instrument,
    Role,
    WordImport,
)
from draftroom.models.base import utcnow
from draftroom.text import wordmarks
from draftroom.text.languages import LANGUAGES
from draftroom.wordfiles import placing, policy
from draftroom.wordfiles.reading import WordDocument, read

PREVIEW = "preview"
CONFIRMED = "confirmed"

REASONS = {
    "outside_articles": _l("It is not inside any article of the file."),
    "unknown_article": _l("Its article heading names no article of this instrument."),
    "no_match": _l("No provision of the article matches this paragraph."),
    "article_label": _l("It changes the article's label (“Article …”), which is not text."),
}
UNSAFE = {
    "move": _l("A moved passage: moves are not applied; make the change again without moving."),
    "formatting": _l("A formatting change: the platform keeps text only, so it is not applied."),
    "table": _l("A change inside a table: tables are not provisions, so it is not applied."),
    "footnote": _l("A change inside a footnote: footnotes are not applied."),
    "endnote": _l("A change inside an endnote: endnotes are not applied."),
}


class WrongInstrument(InvalidInput):
    message = _l(
        "This file was made from another instrument (“{found}”), not this one. "
        "Nothing was imported."
    )


class WrongLanguage(InvalidInput):
    message = _l(
        "This file holds the text in another language ({found}), not {language}. "
        "Nothing was imported."
    )


def _named(code: str) -> str:
    """A language's name in the reader's language; a file's property may name anything."""
    return language_name(code, current_locale()) if code in LANGUAGES else code


class NothingToImport(InvalidInput):
    message = _l(
        "The file has no tracked changes and no comments: turn on Track Changes in Word, "
        "make the changes, and upload it again. Nothing was imported."
    )


class Undecided(DraftroomError):
    status_code = 409
    message = _l(
        "Changes or comments without a place yet: {count}. Place each on a provision or "
        "skip it, then confirm."
    )


class AlreadyConfirmed(DraftroomError):
    status_code = 409
    message = _l("This import was already confirmed: its proposals are drafts of the delegation.")


class NoSuchItem(NotFound):
    message = _l("The import has no change or comment “{item}”.")


class NoSuchProvision(InvalidInput):
    message = _l("Article {article} has no provision “{provision}” in this language.")


@dataclass(frozen=True)
class OnBehalf:
    """The secretariat acting for a delegation: the amendments and comments are that
    delegation's; the journal records who did it."""

    id: int
    delegation_id: int | None
    role: Role = Role.participant
    is_active: bool = True


# --- upload ------------------------------------------------------------------------------


async def _candidates(
    session: AsyncSession, instrument: Instrument, language: str
) -> list[placing.Candidates]:
    rows = await session.execute(
        select(Article, ArticleVersion)
        .join(ArticleVersion, ArticleVersion.article_id == Article.id)
        .where(Article.instrument_id == instrument.id, ArticleVersion.language == language)
        .order_by(Article.position, ArticleVersion.seq)
    )
    found: dict[int, placing.Candidates] = {}
    for article, version in rows:
        entry = found.setdefault(
            article.id, placing.Candidates(key=article.key, number=article.number, versions=[])
        )
        entry.versions.append(
            placing.Version(
                id=version.id,
                seq=version.seq,
                heading=version.heading,
                provisions=list(version.provisions),
            )
        )
    return list(found.values())


async def _check_marks(
    session: AsyncSession, instrument: Instrument, language: str, document: WordDocument
) -> None:
    """The file's version bookmarks must name versions of this instrument in this language."""
    ids = {
        vid
        for p in document.paragraphs
        for b in p.bookmarks
        if (vid := wordmarks.version_id(b)) is not None
    }
    if not ids:
        return
    rows = await session.execute(
        select(ArticleVersion.id, ArticleVersion.language, Article.instrument_id)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.id.in_(ids))
    )
    for _id, version_language, instrument_id in rows:
        if instrument_id != instrument.id:
            other = await session.get(Instrument, instrument_id)
            raise WrongInstrument(found=other.slug if other else str(instrument_id))
        if version_language != language:
            raise WrongLanguage(found=_named(version_language), language=_named(language))


async def upload(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    actor: Actor,
    *,
    data: bytes,
    filename: str,
    language: str | None,
    delegation_id: int | None,
) -> WordImport:
    """Read and place the file; store the preview. Nothing else is written."""
    delegation = policy.require_import(actor, delegation_id)
    if await session.get(Delegation, delegation) is None:
        raise InvalidInput(_l("No delegation {number}."), number=delegation).at("delegation")
    package = open_word_file(data, WordLimits(max_bytes=settings.max_import_bytes))
    document = read(package, max_paragraphs=settings.max_import_paragraphs)
    found_instrument = document.properties.get(wordmarks.PROPERTY_INSTRUMENT)
    if found_instrument and found_instrument != instrument.slug:
        raise WrongInstrument(found=found_instrument)
    found_language = document.properties.get(wordmarks.PROPERTY_LANGUAGE)
    if language and found_language and found_language != language:
        raise WrongLanguage(found=_named(found_language), language=_named(language))
    language = instruments.check_language(
        language or found_language or instrument.source_language, settings
    )
    await _check_marks(session, instrument, language, document)
    placement = placing.place(document, await _candidates(session, instrument, language))
    if not placement.changes and not placement.comments and not document.unsafe:
        raise NothingToImport()
    row = WordImport(
        instrument_id=instrument.id,
        language=language,
        delegation_id=delegation,
        user_id=actor.id,
        filename=(filename or "document.docx")[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        status=PREVIEW,
        document=document.to_json(),
        placement=placement.to_json(),
        version=1,
    )
    session.add(row)
    await session.flush()
    return row


async def get(
    session: AsyncSession, instrument: Instrument, import_id: int, actor: Actor
) -> WordImport:
    row = await session.get(WordImport, import_id)
    if row is None or row.instrument_id != instrument.id or not policy.can_see(actor, row):
        raise NotFound(_l("No Word import {number}."), number=import_id)
    return row


# --- the preview -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticlePreview:
    plan: placing.ArticlePlan
    proposed: placing.Proposed
    # Where carrying the proposal over to the current text collides (empty: it carries over
    # cleanly, or the file started from the current text).
    collisions: list[placing.Collision]

    @property
    def rebased(self) -> bool:
        return self.plan.version_id != self.plan.latest_id


@dataclass(frozen=True)
class Preview:
    row: WordImport
    document: WordDocument
    placement: placing.Placement
    articles: list[ArticlePreview]

    @property
    def undecided(self) -> int:
        return self.placement.undecided


async def _versions(session: AsyncSession, ids: Sequence[int]) -> dict[int, ArticleVersion]:
    rows = await session.scalars(select(ArticleVersion).where(ArticleVersion.id.in_(set(ids))))
    return {v.id: v for v in rows}


def _version(v: ArticleVersion) -> placing.Version:
    return placing.Version(id=v.id, seq=v.seq, heading=v.heading, provisions=list(v.provisions))


async def _latest_ids(session: AsyncSession, row: WordImport) -> dict[str, int]:
    """Each article's latest version in the import's language, now (a new draft may have
    landed since the upload: the preview and confirming carry the proposals over to it)."""
    rows = await session.execute(
        select(Article.key, ArticleVersion.id, ArticleVersion.seq)
        .join(ArticleVersion, ArticleVersion.article_id == Article.id)
        .where(Article.instrument_id == row.instrument_id, ArticleVersion.language == row.language)
    )
    latest: dict[str, tuple[int, int]] = {}
    for key, version_id, seq in rows:
        if key not in latest or seq > latest[key][0]:
            latest[key] = (seq, version_id)
    return {key: version_id for key, (_seq, version_id) in latest.items()}


async def preview(session: AsyncSession, row: WordImport) -> Preview:
    placement = placing.Placement.from_json(row.placement)
    if row.status == PREVIEW:
        current = await _latest_ids(session, row)
        for plan in placement.articles:
            plan.latest_id = current.get(plan.key, plan.latest_id)
    versions = await _versions(
        session,
        [a.version_id for a in placement.articles] + [a.latest_id for a in placement.articles],
    )
    articles = []
    for plan in placement.articles:
        mine = [c for c in placement.changes if c.article == plan.key and c.placed]
        if not mine:
            continue
        base = versions[plan.version_id]
        proposed = placing.propose(_version(base), mine)
        found: list[placing.Collision] = []
        if plan.latest_id != plan.version_id:
            found = placing.collisions(
                base.provisions, proposed.provisions, versions[plan.latest_id].provisions
            )
        articles.append(ArticlePreview(plan, proposed, found))
    return Preview(row, WordDocument.from_json(row.document), placement, articles)


@dataclass(frozen=True)
class Target:
    """A provision a change or comment may be placed on, as the page offers it."""

    article: str
    article_number: str
    provision: str
    number: str
    text: str


async def targets(session: AsyncSession, row: WordImport) -> list[Target]:
    """Every provision of the instrument's latest text in the import's language."""
    instrument = await session.get_one(Instrument, row.instrument_id)
    found = []
    for candidates in await _candidates(session, instrument, row.language):
        for p in candidates.latest.provisions:
            found.append(Target(candidates.key, candidates.number, p["id"], p["number"], p["text"]))
    return found


def reason_text(reason: str | None) -> str | None:
    return str(REASONS[reason]) if reason else None


def unsafe_text(kind: str) -> str:
    return str(UNSAFE[kind])


# --- decisions ---------------------------------------------------------------------------


async def decide(
    session: AsyncSession,
    row: WordImport,
    actor: Actor,
    item: str,
    *,
    skip: bool,
    article_key: str | None = None,
    provision: str | None = None,
) -> WordImport:
    """Place an unplaced change or comment on a provision, or skip it (explicitly)."""
    policy.require_change(actor, row)
    if row.status != PREVIEW:
        raise AlreadyConfirmed()
    placement = placing.Placement.from_json(row.placement)
    target: placing.Change | placing.CommentPlace | None = next(
        (c for c in placement.changes if c.id == item), None
    ) or next((c for c in placement.comments if f"m{c.id}" == item), None)
    if target is None or target.reason is None:
        raise NoSuchItem(item=item)
    if skip:
        target.decision = "skipped"
        target.article = target.provision = None
    else:
        instrument = await session.get_one(Instrument, row.instrument_id)
        if not article_key:
            raise InvalidInput(_l("Say which article the change belongs to.")).at("article")
        article = await instruments.get_article(session, instrument, article_key)
        plan = placement.article(article.key)
        if plan is None:
            latest = await instruments.latest_version(session, article.id, row.language)
            if latest is None:
                raise NoSuchProvision(article=article.number, provision=provision or "")
            plan = placing.ArticlePlan(
                key=article.key,
                number=article.number,
                version_id=latest.id,
                latest_id=latest.id,
                how="chosen",
                exact=0,
                paragraphs=0,
            )
            placement.articles.append(plan)
        base = await session.get_one(ArticleVersion, plan.version_id)
        if provision not in {p["id"] for p in base.provisions}:
            raise NoSuchProvision(article=article.number, provision=provision or "").at("provision")
        target.decision = "placed"
        target.article, target.provision = article.key, provision
    row.placement = placement.to_json()
    row.version += 1
    await session.flush()
    return row


# --- confirming --------------------------------------------------------------------------


def _acting(actor: Actor, row: WordImport) -> Actor:
    if actor.role is Role.participant:
        return actor
    return OnBehalf(id=actor.id, delegation_id=row.delegation_id)


async def confirm(
    session: AsyncSession, settings: Settings, instrument: Instrument, row: WordImport, actor: Actor
) -> WordImport:
    """The drafts and comments the preview shows; refused while anything is undecided."""
    policy.require_change(actor, row)
    if row.status != PREVIEW:
        raise AlreadyConfirmed()
    shown = await preview(session, row)
    if shown.undecided:
        raise Undecided(count=shown.undecided)
    acting = _acting(actor, row)
    authors = sorted({a for c in shown.placement.changes if c.placed for a in c.authors})
    created: list[dict[str, Any]] = []
    by_article: dict[str, Amendment] = {}
    for article_preview in shown.articles:
        plan = article_preview.plan
        justification = _("Proposed in the Word file “{file}” ({authors}).").format(
            file=row.filename, authors=", ".join(authors) or "—"
        )
        amendment = await amendments.create(
            session,
            settings,
            instrument,
            amendments.Proposal(
                kind=AmendmentKind.provisions,
                language=row.language,
                provisions=[
                    ProvisionIn(id=p["id"] or None, number=p["number"], text=p["text"])
                    for p in article_preview.proposed.provisions
                ],
                heading=article_preview.proposed.heading,
                justification=justification,
                note=None,
                article_key=plan.key,
                base_version_id=plan.version_id,
            ),
            acting,
        )
        collisions: list[dict[str, Any]] = []
        if article_preview.rebased:
            rebase = await amendments.rebase_plan(session, amendment, acting)
            if rebase.collisions:
                collisions = [
                    {
                        "provision": c.id,
                        "number": c.number,
                        "proposed": c.proposed,
                        "current": c.current,
                    }
                    for c in rebase.collisions
                ]
            else:
                amendment = await amendments.rebase(
                    session,
                    amendment,
                    acting,
                    amendments.etag(amendment),
                    settings=settings,
                )
        by_article[plan.key] = amendment
        created.append(
            {
                "article": plan.key,
                "number": amendment.number,
                "amendment_id": amendment.id,
                "base_version_id": amendment.base_version_id,
                "rebased": article_preview.rebased and not collisions,
                "collisions": collisions,
            }
        )
    made_comments = []
    for place in shown.placement.comments:
        if place.article is None or place.decision == "skipped":
            continue
        article = await instruments.get_article(session, instrument, place.article)
        current = await instruments.read_version(session, article, row.language)
        texts = {p["id"]: p["text"] for p in current.provisions}
        provision = place.provision if place.provision in texts else None
        quote: str | None = place.quote or None
        body = place.body or "…"
        if quote and (provision is None or quote not in texts[provision]):
            # The words are not in the current text (new, or reworded since): quoted in
            # the body instead, so that nothing of the comment is lost.
            body = f"“{quote}”\n\n{body}"
            quote = None
        if place.author:
            body = _("Word comment by {author}:").format(author=place.author) + "\n" + body
        on = by_article.get(article.key)
        comment = await comments.create(
            session,
            instrument,
            article,
            language=row.language,
            body=body,
            actor=acting,
            visibility_=CommentVisibility.delegation,
            provision=provision,
            quote=quote,
            amendment_id=on.id if on is not None else None,
        )
        made_comments.append({"id": comment.id, "article": article.key, "provision": provision})
    row.status = CONFIRMED
    row.confirmed_at = utcnow()
    row.result = {"amendments": created, "comments": made_comments}
    row.version += 1
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.word_import_confirmed,
        object_type="word_import",
        object_id=row.id,
        instrument_id=instrument.id,
        payload={
            "file": row.filename,
            "sha256": row.sha256,
            "delegation_id": row.delegation_id,
            "amendments": [a["number"] for a in created],
            "comments": len(made_comments),
        },
        visibility=journal.delegation_visibility(row.delegation_id),
    )
    return row

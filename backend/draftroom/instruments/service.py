"""Instruments, articles, immutable article versions and milestones."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import Database
from draftroom.instruments import policy
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import (
    Conflict,
    DuplicateProvisionId,
    InvalidInput,
    NotFound,
    TextTooLong,
    UnknownLanguage,
)
from draftroom.kit.etag import make_etag, require_match
from draftroom.kit.fields import as_id, check_text
from draftroom.kit.i18n import _, _l
from draftroom.models import (
    Amendment,
    Article,
    ArticleVersion,
    Comment,
    Instrument,
    Milestone,
    MilestoneVersion,
    Provision,
)
from draftroom.models.base import utcnow
from draftroom.text.languages import CODES
from draftroom.text.normalise import content_hash, fingerprint, normalise
from draftroom.text.provisions import ProvisionText


def check_language(code: str, settings: Settings) -> str:
    if code not in settings.languages:
        raise UnknownLanguage(code=code, languages=", ".join(settings.languages))
    return code


def version_etag(version: ArticleVersion) -> str:
    return make_etag(version.id)


async def list_instruments(
    session: AsyncSession, limit: int, offset: int
) -> tuple[Sequence[Instrument], int]:
    shown = Instrument.removed_at.is_(None)
    total = await session.scalar(select(func.count()).select_from(Instrument).where(shown)) or 0
    rows = await session.scalars(
        select(Instrument).where(shown).order_by(Instrument.id).limit(limit).offset(offset)
    )
    return rows.all(), total


# One rule for every door (CLI, API, pages): what a slug may be. It appears in URLs and
# file names, so nothing that could climb out of a folder or need escaping.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


class InvalidSlug(InvalidInput):
    message = _l(
        "“{slug}” is not a valid instrument slug: use 1 to 64 lower-case letters, digits "
        "and hyphens, beginning and ending with a letter or a digit."
    )


def check_slug(slug: str) -> str:
    """The slug if it follows the rule, else 422 naming it."""
    if not SLUG.fullmatch(slug):
        raise InvalidSlug(slug=slug)
    return slug


async def get_instrument(session: AsyncSession, slug: str) -> Instrument:
    if not SLUG.fullmatch(slug):
        # No instrument can have it: the same 404 as an unknown one, without a query.
        raise NotFound(_l("No instrument “{slug}”."), slug=slug)
    instrument = await session.scalar(
        select(Instrument).where(Instrument.slug == slug, Instrument.removed_at.is_(None))
    )
    if instrument is None:
        raise NotFound(_l("No instrument “{slug}”."), slug=slug)
    return instrument


async def instrument_with_article(
    session: AsyncSession, slug: str, key: str
) -> tuple[Instrument, Article | None]:
    """The instrument (as `get_instrument`) and its article ``key`` if it has one, in one
    query: a route naming both loads them at once."""
    if not SLUG.fullmatch(slug):
        raise NotFound(_l("No instrument “{slug}”."), slug=slug)
    row = (
        await session.execute(
            select(Instrument, Article)
            .outerjoin(Article, (Article.instrument_id == Instrument.id) & (Article.key == key))
            .where(Instrument.slug == slug, Instrument.removed_at.is_(None))
        )
    ).first()
    if row is None:
        raise NotFound(_l("No instrument “{slug}”."), slug=slug)
    return row[0], row[1]


async def is_removed(session: AsyncSession, instrument_id: int) -> bool:
    """Whether an administrator removed the instrument: everything of it reads as absent."""
    removed = await session.scalar(
        select(Instrument.removed_at).where(Instrument.id == instrument_id)
    )
    return removed is not None


async def text_in_language(
    session: AsyncSession, settings: Settings, slug: str, language: str | None
) -> tuple[Instrument, str]:
    """The instrument, and the language of its text to read (default: its source language)."""
    instrument = await get_instrument(session, slug)
    return instrument, check_language(language or instrument.source_language, settings)


async def article_in_language(
    session: AsyncSession, settings: Settings, slug: str, key: str, language: str | None
) -> tuple[Instrument, Article, str]:
    """The instrument, one of its articles, and the language to read it in."""
    instrument, language = await text_in_language(session, settings, slug, language)
    return instrument, await get_article(session, instrument, key), language


async def get_article(session: AsyncSession, instrument: Instrument, key: str) -> Article:
    article = await session.scalar(
        select(Article).where(Article.instrument_id == instrument.id, Article.key == key)
    )
    if article is None:
        raise NotFound(_l("No article “{key}” in this instrument."), key=key)
    return article


async def articles(session: AsyncSession, instrument: Instrument) -> Sequence[Article]:
    return (
        await session.scalars(
            select(Article).where(Article.instrument_id == instrument.id).order_by(Article.position)
        )
    ).all()


@dataclass(frozen=True)
class OutlineRow:
    article: Article
    headings: dict[str, str]


def latest_versions(instrument_id: int, *columns: Any) -> Select[Any]:
    """``columns`` of the latest version of every article of an instrument, per language."""
    latest = (
        select(ArticleVersion.article_id, ArticleVersion.language, func.max(ArticleVersion.seq))
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(Article.instrument_id == instrument_id)
        .group_by(ArticleVersion.article_id, ArticleVersion.language)
        .subquery()
    )
    return select(*columns).join(
        latest,
        (ArticleVersion.article_id == latest.c.article_id)
        & (ArticleVersion.language == latest.c.language)
        & (ArticleVersion.seq == latest.c[2]),
    )


async def outline(session: AsyncSession, instrument: Instrument) -> list[OutlineRow]:
    """Articles in order with the latest heading in each language they exist in."""
    rows = await session.execute(
        latest_versions(
            instrument.id,
            ArticleVersion.article_id,
            ArticleVersion.language,
            ArticleVersion.heading,
        )
    )
    headings: dict[int, dict[str, str]] = {}
    for article_id, language, heading in rows:
        headings.setdefault(article_id, {})[language] = heading
    order = {lang: i for i, lang in enumerate(CODES)}
    return [
        OutlineRow(
            article,
            dict(sorted(headings.get(article.id, {}).items(), key=lambda kv: order[kv[0]])),
        )
        for article in await articles(session, instrument)
    ]


class Status(StrEnum):
    """How a language version of an article stands against the source language."""

    source = "source"
    current = "current"
    outdated = "outdated"
    missing = "missing"


async def translation_status(
    session: AsyncSession, instrument: Instrument, languages: Sequence[str]
) -> dict[int, dict[str, Status]]:
    """Per article and language, derived from the data, never stored: a translation is
    outdated when the source language has a newer version than the one it was made from."""
    rows = await session.execute(
        latest_versions(
            instrument.id,
            ArticleVersion.article_id,
            ArticleVersion.language,
            ArticleVersion.id,
            ArticleVersion.translated_from_id,
        )
    )
    latest: dict[int, dict[str, tuple[int, int | None]]] = {}
    for article_id, language, version_id, source_id in rows:
        latest.setdefault(article_id, {})[language] = (version_id, source_id)
    source = instrument.source_language
    result: dict[int, dict[str, Status]] = {}
    for article in await articles(session, instrument):
        found = latest.get(article.id, {})
        source_id = found.get(source, (None, None))[0]
        statuses: dict[str, Status] = {}
        for language in languages:
            if language == source:
                statuses[language] = Status.source if source_id else Status.missing
            elif language not in found:
                statuses[language] = Status.missing
            elif found[language][1] == source_id:
                statuses[language] = Status.current
            else:
                statuses[language] = Status.outdated
        result[article.id] = statuses
    return result


@dataclass(frozen=True)
class TranslationGap:
    """A language version a milestone would publish behind its source, or without."""

    article: Article
    language: str
    status: Status  # outdated or missing


async def translation_gaps(
    session: AsyncSession, instrument: Instrument, languages: Sequence[str]
) -> list[TranslationGap]:
    """What publishing a milestone now would freeze outdated or missing, article by article:
    a warning to show, never a reason to refuse."""
    statuses = await translation_status(session, instrument, languages)
    return [
        TranslationGap(article, language, status)
        for article in await articles(session, instrument)
        for language, status in statuses.get(article.id, {}).items()
        if status in (Status.outdated, Status.missing)
    ]


async def latest_version(
    session: AsyncSession, article_id: int, language: str
) -> ArticleVersion | None:
    return await session.scalar(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id, ArticleVersion.language == language)
        .order_by(ArticleVersion.seq.desc())
        .limit(1)
    )


async def get_milestone(session: AsyncSession, instrument: Instrument, ref: str) -> Milestone:
    """A milestone by id or by name."""
    query = select(Milestone).where(Milestone.instrument_id == instrument.id)
    by_id = as_id(ref)
    query = query.where(Milestone.id == by_id if by_id is not None else Milestone.name == ref)
    milestone = await session.scalar(query)
    if milestone is None:
        raise NotFound(_l("No milestone “{ref}” for this instrument."), ref=ref)
    return milestone


def _version_id_statements() -> dict[str, Select[Any]]:
    base = (
        select(ArticleVersion.id)
        .join(Article, Article.id == ArticleVersion.article_id)
        .join(Instrument, Instrument.id == Article.instrument_id)
        .where(
            Instrument.slug == bindparam("slug"),
            Instrument.removed_at.is_(None),
            Article.key == bindparam("key"),
            ArticleVersion.language == bindparam("language"),
        )
        .order_by(ArticleVersion.seq.desc())
        .limit(1)
    )
    in_milestone = base.join(
        MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id
    ).join(Milestone, Milestone.id == MilestoneVersion.milestone_id)
    return {
        "latest": base,
        "seq": base.where(ArticleVersion.seq == bindparam("seq")),
        "milestone_id": in_milestone.where(Milestone.id == bindparam("milestone")),
        "milestone_name": in_milestone.where(Milestone.name == bindparam("milestone")),
    }


# Built once: the hot read path only binds values (building a statement costs more than
# running it on SQLite).
VERSION_ID = _version_id_statements()


def version_id_query(
    slug: str, key: str, language: str, seq: int | None, milestone: str | None
) -> tuple[Select[Any], dict[str, object]]:
    """One statement from (instrument, article, language[, version | milestone]) to the id
    of the version to show: with the body cached, the read path needs nothing else."""
    params: dict[str, object] = {"slug": slug, "key": key, "language": language}
    if milestone is not None:
        milestone_id = as_id(milestone)
        params["milestone"] = milestone if milestone_id is None else milestone_id
        return VERSION_ID["milestone_name" if milestone_id is None else "milestone_id"], params
    if seq is not None:
        params["seq"] = seq
        return VERSION_ID["seq"], params
    return VERSION_ID["latest"], params


async def version_id_to_show(
    db: Database, slug: str, key: str, language: str, seq: int | None, milestone: str | None
) -> int:
    """The id of the version an article read shows, in one statement on the hot path; when
    there is none, the 404 says precisely what is missing (instrument, article, version)."""
    statement, params = version_id_query(slug, key, language, seq, milestone)
    version_id: int | None = await db.scalar(statement, params)
    if version_id is not None:
        return version_id
    async with db.read_sessions() as session:
        instrument = await get_instrument(session, slug)
        article = await get_article(session, instrument, key)
        found = await get_milestone(session, instrument, milestone) if milestone else None
        await read_version(session, article, language, seq, found)
    raise AssertionError("read_version raises when the version is missing")


async def version_in_context(
    db: Database, version_id: int
) -> tuple[Instrument, Article, ArticleVersion]:
    """A version with its article and instrument, in one statement."""
    async with db.read_sessions() as session:
        row = (
            await session.execute(
                select(Instrument, Article, ArticleVersion)
                .join(Article, Article.instrument_id == Instrument.id)
                .join(ArticleVersion, ArticleVersion.article_id == Article.id)
                .where(ArticleVersion.id == version_id)
            )
        ).one()
    return row.Instrument, row.Article, row.ArticleVersion


async def read_version(
    session: AsyncSession,
    article: Article,
    language: str,
    seq: int | None = None,
    milestone: Milestone | None = None,
) -> ArticleVersion:
    """The latest version, or version ``seq``, or the one a milestone holds."""
    if milestone is not None:
        version = await session.scalar(
            select(ArticleVersion)
            .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
            .where(
                MilestoneVersion.milestone_id == milestone.id,
                MilestoneVersion.article_id == article.id,
                MilestoneVersion.language == language,
            )
        )
    elif seq is not None:
        version = await session.scalar(
            select(ArticleVersion).where(
                ArticleVersion.article_id == article.id,
                ArticleVersion.language == language,
                ArticleVersion.seq == seq,
            )
        )
    else:
        version = await latest_version(session, article.id, language)
    if version is None:
        raise NotFound(
            _l("Article {number} has no such version in this language ({language})."),
            number=article.number,
            language=language,
        )
    return version


async def list_versions(
    session: AsyncSession, article: Article, language: str | None, limit: int, offset: int
) -> tuple[Sequence[ArticleVersion], int]:
    where = [ArticleVersion.article_id == article.id]
    if language:
        where.append(ArticleVersion.language == language)
    total = await session.scalar(select(func.count()).select_from(ArticleVersion).where(*where))
    rows = await session.scalars(
        select(ArticleVersion)
        .where(*where)
        .order_by(ArticleVersion.language, ArticleVersion.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    return rows.all(), total or 0


def clean_provisions(
    article: Article, provisions: Sequence[ProvisionIn], settings: Settings
) -> list[ProvisionText]:
    """Normalise and check provisions; new ones get a fresh stable id."""
    if not provisions:
        raise InvalidInput(_l("An article version needs at least one provision."))
    if len(provisions) > settings.max_provisions_per_article:
        raise InvalidInput(
            _l("An article may hold at most {limit} provisions."),
            limit=settings.max_provisions_per_article,
        )
    cleaned: list[ProvisionText] = []
    seen: set[str] = set()
    for index, provision in enumerate(provisions, start=1):
        where = _("provision {number}").format(number=provision.number or index)
        text = normalise(check_text(provision.text, where))
        check_text(provision.number, where)
        if not text:
            raise InvalidInput(_l("The text of {where} is empty."), where=where)
        if len(text) > settings.max_provision_chars:
            raise TextTooLong(limit=settings.max_provision_chars, where=where, length=len(text))
        key = provision.id or f"{article.key}__p_{secrets.token_hex(4)}"
        if key in seen:
            raise DuplicateProvisionId(key=key)
        seen.add(key)
        cleaned.append({"id": key, "number": normalise(provision.number), "text": text})
    return cleaned


async def ensure_provisions(session: AsyncSession, article: Article, keys: list[str]) -> None:
    known = set(
        await session.scalars(select(Provision.key).where(Provision.article_id == article.id))
    )
    for key in keys:
        if key not in known:
            session.add(Provision(article_id=article.id, key=key))


async def publish_version(
    session: AsyncSession,
    settings: Settings,
    *,
    instrument: Instrument,
    article: Article,
    language: str,
    heading: str,
    provisions: Sequence[ProvisionIn],
    label: str | None,
    actor: Actor | None,
    if_match: str | None,
    translated_from: int | None = None,
    check_precondition: bool = True,
    sources: dict[str, Any] | None = None,
    origin: dict[str, Any] | None = None,
) -> ArticleVersion:
    """Add a new immutable version; the previous one stays as it was.

    ``if_match`` must name the current latest version in this language (412 if stale,
    428 if missing); ``*`` or the absence of a version is how a first translation starts.
    """
    check_language(language, settings)
    if actor is not None:
        policy.require_publish(actor)
    heading = normalise(check_text(heading, _("the heading")))
    if not heading:
        raise InvalidInput(_l("The article heading is empty."))
    if len(heading) > 1000:
        raise TextTooLong(limit=1000, where=_("the heading"), length=len(heading))
    cleaned = clean_provisions(article, provisions, settings)
    # Lock the article row (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers)
    # so two publishers racing on the same If-Match cannot both see the same "current".
    await session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
    current = await latest_version(session, article.id, language)
    if check_precondition:
        if current is None:
            # Nothing to be stale against; accept "*" or no header for a first version.
            if if_match not in (None, "*"):
                require_match(if_match, None, "—")
        else:
            require_match(if_match, version_etag(current), str(current.seq))
    source_id = None
    if language != instrument.source_language:
        if translated_from is not None:
            source = await session.get(ArticleVersion, translated_from)
            if (
                source is None
                or source.article_id != article.id
                or source.language != instrument.source_language
            ):
                raise InvalidInput(
                    _l("Version {id} is not a source-language version of this article."),
                    id=translated_from,
                )
            source_id = source.id
        else:
            source = await latest_version(session, article.id, instrument.source_language)
            source_id = source.id if source else None
    await ensure_provisions(session, article, [p["id"] for p in cleaned])
    version = ArticleVersion(
        article_id=article.id,
        language=language,
        seq=(current.seq + 1) if current else 1,
        heading=heading,
        provisions=cleaned,
        label=normalise(check_text(label, _("the label")) or "") or None,
        parent_id=current.id if current else None,
        translated_from_id=source_id,
        author_id=actor.id if actor else None,
        content_hash=content_hash(heading, cleaned),
        sources=sources,
        origin=origin,
    )
    session.add(version)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.version_published,
        object_type="article_version",
        object_id=version.id,
        instrument_id=instrument.id,
        payload={
            "article": article.key,
            "article_id": article.id,
            "language": language,
            "seq": version.seq,
            # What `draftroom journal verify` checks the stored text against.
            "content_hash": version.content_hash,
        },
    )
    return version


async def create_article(
    session: AsyncSession, instrument: Instrument, key: str, number: str, position: int
) -> Article:
    if await session.scalar(
        select(Article.id).where(Article.instrument_id == instrument.id, Article.key == key)
    ):
        raise Conflict(_l("Article {number} exists already."), number=number)
    article = Article(instrument_id=instrument.id, key=key, number=number, position=position)
    session.add(article)
    await session.flush()
    return article


async def list_milestones(
    session: AsyncSession, instrument: Instrument, limit: int, offset: int
) -> tuple[Sequence[Milestone], int]:
    where = Milestone.instrument_id == instrument.id
    total = await session.scalar(select(func.count()).select_from(Milestone).where(where))
    rows = await session.scalars(
        select(Milestone).where(where).order_by(Milestone.id).limit(limit).offset(offset)
    )
    return rows.all(), total or 0


async def check_milestone(
    session: AsyncSession, instrument: Instrument, name: str, note: str | None
) -> str:
    """The milestone's name, normalised, once it and the note are fit to publish: each error
    names the input at fault."""
    try:
        name = normalise(check_text(name, _("the name")))
    except InvalidInput as error:
        raise error.at("name") from None
    try:
        check_text(note, _("the note"))
    except InvalidInput as error:
        raise error.at("note") from None
    if not name:
        raise InvalidInput(_l("A milestone needs a name.")).at("name")
    if await session.scalar(
        select(Milestone.id).where(Milestone.instrument_id == instrument.id, Milestone.name == name)
    ):
        raise Conflict(_l("A milestone named “{name}” exists already."), name=name).at("name")
    return name


async def create_milestone(
    session: AsyncSession, instrument: Instrument, name: str, note: str | None, actor: Actor | None
) -> Milestone:
    """Snapshot the latest version of every article in every language."""
    if actor is not None:
        policy.require_publish(actor)
    name = await check_milestone(session, instrument, name, note)
    milestone = Milestone(
        instrument_id=instrument.id,
        name=name,
        note=normalise(note) if note else None,
        author_id=actor.id if actor else None,
    )
    session.add(milestone)
    await session.flush()
    rows = await session.execute(
        latest_versions(
            instrument.id,
            ArticleVersion.id,
            ArticleVersion.article_id,
            ArticleVersion.language,
            ArticleVersion.heading,
            ArticleVersion.provisions,
        )
    )
    count = 0
    hashes: dict[str, list[tuple[int, str]]] = {}
    positions = {a.id: a.position for a in await articles(session, instrument)}
    for version_id, article_id, language, heading, provisions in rows:
        hashes.setdefault(language, []).append(
            (positions[article_id], content_hash(heading, provisions))
        )
        session.add(
            MilestoneVersion(
                milestone_id=milestone.id,
                article_id=article_id,
                language=language,
                article_version_id=version_id,
            )
        )
        count += 1
    if count == 0:
        raise InvalidInput(_l("The instrument has no text yet to make a milestone of."))
    fingerprints = {
        language: fingerprint(h for _p, h in sorted(pairs)) for language, pairs in hashes.items()
    }
    milestone.content_hashes = fingerprints
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.milestone_created,
        object_type="milestone",
        object_id=milestone.id,
        instrument_id=instrument.id,
        # The fingerprints are what `draftroom journal verify` checks the versions against.
        payload={"name": name, "versions": count, "fingerprints": fingerprints},
    )
    return milestone


async def milestone_fingerprints(
    session: AsyncSession, milestones: Sequence[Milestone]
) -> dict[int, dict[str, str]]:
    """Per milestone, per language: its fingerprint computed from the text of its versions
    now (never a stored copy, so a text edited behind the application shows)."""
    rows = await session.execute(
        select(
            MilestoneVersion.milestone_id,
            MilestoneVersion.language,
            ArticleVersion.heading,
            ArticleVersion.provisions,
        )
        .join(ArticleVersion, ArticleVersion.id == MilestoneVersion.article_version_id)
        .join(Article, Article.id == MilestoneVersion.article_id)
        .where(MilestoneVersion.milestone_id.in_([m.id for m in milestones]))
        .order_by(MilestoneVersion.milestone_id, MilestoneVersion.language, Article.position)
    )
    hashes: dict[int, dict[str, list[str]]] = {}
    for milestone_id, language, heading, provisions in rows:
        hashes.setdefault(milestone_id, {}).setdefault(language, []).append(
            content_hash(heading, provisions)
        )
    order = {code: i for i, code in enumerate(CODES)}
    return {
        milestone_id: {
            language: fingerprint(by_language[language])
            for language in sorted(by_language, key=lambda code: order.get(code, len(order)))
        }
        for milestone_id, by_language in hashes.items()
    }


async def milestone_text(
    session: AsyncSession, milestone: Milestone, language: str
) -> list[tuple[Article, ArticleVersion]]:
    rows = await session.execute(
        select(Article, ArticleVersion)
        .join(MilestoneVersion, MilestoneVersion.article_id == Article.id)
        .join(ArticleVersion, ArticleVersion.id == MilestoneVersion.article_version_id)
        .where(MilestoneVersion.milestone_id == milestone.id, MilestoneVersion.language == language)
        .order_by(Article.position)
    )
    return [(article, version) for article, version in rows]


# --- what observers read: the published milestones ---------------------------------------


async def latest_milestone(session: AsyncSession, instrument: Instrument) -> Milestone | None:
    return await session.scalar(
        select(Milestone)
        .where(Milestone.instrument_id == instrument.id)
        .order_by(Milestone.id.desc())
        .limit(1)
    )


async def reader_outline(
    session: AsyncSession, instrument: Instrument, actor: Actor
) -> list[OutlineRow]:
    """The outline as the reader may read it: the working drafts' headings, or for observers
    those of the latest published milestone (none before the first milestone)."""
    if policy.can_read_drafts(actor):
        return await outline(session, instrument)
    milestone = await latest_milestone(session, instrument)
    headings: dict[int, dict[str, str]] = {}
    if milestone is not None:
        rows = await session.execute(
            select(MilestoneVersion.article_id, MilestoneVersion.language, ArticleVersion.heading)
            .join(ArticleVersion, ArticleVersion.id == MilestoneVersion.article_version_id)
            .where(MilestoneVersion.milestone_id == milestone.id)
        )
        for article_id, language, heading in rows:
            headings.setdefault(article_id, {})[language] = heading
    order = {lang: i for i, lang in enumerate(CODES)}
    return [
        OutlineRow(
            article,
            dict(sorted(headings.get(article.id, {}).items(), key=lambda kv: order[kv[0]])),
        )
        for article in await articles(session, instrument)
    ]


async def is_published(session: AsyncSession, version: ArticleVersion) -> bool:
    """Whether a milestone holds this version."""
    found = await session.scalar(
        select(MilestoneVersion.article_version_id)
        .where(MilestoneVersion.article_version_id == version.id)
        .limit(1)
    )
    return found is not None


async def readable_version(session: AsyncSession, version_id: int, actor: Actor) -> ArticleVersion:
    """A version by id, if the reader may read it: observers read the versions a published
    milestone holds, never a working draft."""
    version = await session.get(ArticleVersion, version_id)
    if version is None or await is_removed(
        session, (await session.get_one(Article, version.article_id)).instrument_id
    ):
        raise NotFound(_l("No article version {id}."), id=version_id)
    if not policy.can_read_drafts(actor) and not await is_published(session, version):
        policy.require_drafts(actor)
    return version


async def published_text_for(
    session: AsyncSession, version: ArticleVersion, actor: Actor
) -> ArticleVersion | None:
    """The text a reader may see in place of ``version``: the version itself, or for an
    observer the latest published version (held by a milestone) not newer than it."""
    if policy.can_read_drafts(actor):
        return version
    return await session.scalar(
        select(ArticleVersion)
        .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
        .where(
            ArticleVersion.article_id == version.article_id,
            ArticleVersion.language == version.language,
            ArticleVersion.seq <= version.seq,
        )
        .order_by(ArticleVersion.seq.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Removal:
    """What removing an instrument takes away from every page, counted for the confirmation."""

    articles: int
    versions: int
    milestones: int
    amendments: int
    comments: int


async def removal_summary(session: AsyncSession, instrument: Instrument) -> Removal:
    async def count(query: Select[Any]) -> int:
        return await session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return Removal(
        articles=await count(select(Article.id).where(Article.instrument_id == instrument.id)),
        versions=await count(
            select(ArticleVersion.id)
            .join(Article, Article.id == ArticleVersion.article_id)
            .where(Article.instrument_id == instrument.id)
        ),
        milestones=await count(
            select(Milestone.id).where(Milestone.instrument_id == instrument.id)
        ),
        amendments=await count(
            select(Amendment.id).where(Amendment.instrument_id == instrument.id)
        ),
        comments=await count(select(Comment.id).where(Comment.instrument_id == instrument.id)),
    )


class SlugNotTyped(InvalidInput):
    message = _l("Type the slug “{slug}” exactly to confirm the removal. Nothing was removed.")


async def remove_instrument(
    session: AsyncSession, instrument: Instrument, typed: str, actor: Actor
) -> Removal:
    """Hide the instrument and everything of it; nothing is deleted, nothing else touched.

    Its rows stay: the append-only, hash-chained journal names them and ``journal verify``
    recomputes their hashes, so deleting them would read as tampering. The slug stays taken.
    """
    policy.require_remove(actor)
    if typed.strip() != instrument.slug:
        raise SlugNotTyped(slug=instrument.slug)
    removal = await removal_summary(session, instrument)
    # Compare-and-set: of two administrators removing at once, one journals it.
    done = await session.execute(
        update(Instrument)
        .where(Instrument.id == instrument.id, Instrument.removed_at.is_(None))
        .values(removed_at=utcnow())
    )
    if getattr(done, "rowcount", 1) != 1:
        raise NotFound(_l("No instrument “{slug}”."), slug=instrument.slug)
    await journal.record(
        session,
        actor=actor,
        kind=Kind.instrument_removed,
        object_type="instrument",
        object_id=instrument.id,
        instrument_id=instrument.id,
        payload={"slug": instrument.slug, **asdict(removal)},
        visibility=journal.SECRETARIAT,
    )
    return removal

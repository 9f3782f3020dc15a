"""The journal: every change appends one hash-chained row in the same transaction.

The row that publishes an article version records the content hash of its text, the row
that creates a milestone its fingerprints; ``verify`` walks the chain and recomputes both
from the stored text, so a text edited behind the application is named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.db import JOURNAL_ROWS, JOURNAL_SEQ
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.i18n import _l
from draftroom.models import (
    Article,
    ArticleVersion,
    JournalEntry,
    JournalHead,
    Milestone,
    MilestoneVersion,
)
from draftroom.models.base import utcnow
from draftroom.text.normalise import content_hash, fingerprint

GENESIS = "0" * 64
EXPECTED = _l("entry {expected} was expected here: entries were deleted or reordered")
NOT_CHAINED = _l("it does not follow the entry before it")
ALTERED = _l("its content no longer matches its hash: it was edited")
MISSING = _l("the entries after {count} are missing")
TEXT_ALTERED = _l(
    "Article {article} ({language}), version {seq}: its text no longer matches the hash "
    "recorded when it was published."
)
TEXT_ALTERED_IN_MILESTONES = _l(
    "Article {article} ({language}), version {seq}: its text no longer matches the hash "
    "recorded when it was published; it breaks the milestones {milestones}."
)
NOT_PUBLISHED = _l(
    "Article {article} ({language}), version {seq}: no journal entry records its publication."
)
MILESTONE_BROKEN = _l(
    "Milestone “{name}”: the text of its versions no longer matches its fingerprint ({languages})."
)
PUBLIC = "public"
SECRETARIAT = "secretariat"


def _l_format(message: Any, **params: Any) -> Any:
    return LazyProxy(lambda: str(message).format(**params), enable_cache=False)


def delegation_visibility(delegation_id: int) -> str:
    return f"delegation:{delegation_id}"


def entry_hash(prev_hash: str, entry: JournalEntry) -> str:
    """SHA-256 over the previous hash and a canonical form of every field of the row."""
    canonical = json.dumps(
        {
            "seq": entry.seq,
            "created_at": entry.created_at.isoformat(),
            "actor_id": entry.actor_id,
            "delegation_id": entry.delegation_id,
            "kind": entry.kind,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "instrument_id": entry.instrument_id,
            "payload": entry.payload,
            "visibility": entry.visibility,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


_LOCK_HEAD = select(JournalHead.seq, JournalHead.hash).where(JournalHead.id == 1).with_for_update()
_ADVANCE_HEAD = (
    update(JournalHead)
    .where(JournalHead.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)
_APPEND = insert(JournalEntry)
_STORED = (
    "seq",
    "created_at",
    "actor_id",
    "delegation_id",
    "kind",
    "object_type",
    "object_id",
    "instrument_id",
    "payload",
    "visibility",
    "prev_hash",
    "hash",
)


async def record(
    session: AsyncSession,
    *,
    actor: Actor | None,
    kind: Kind,
    object_type: str,
    object_id: int | None,
    instrument_id: int | None,
    payload: dict[str, Any] | None = None,
    visibility: str = PUBLIC,
) -> JournalEntry:
    """Append a row. Locks the head row, so appends are serialised until commit.

    The change being journaled is flushed first; the row and the head then go by three
    plain statements on the transaction's connection (the ORM's unit of work for two
    objects cost more than the statements). The entry returned is not in the session.
    """
    await session.flush()
    connection = await session.connection()
    head_seq, head_hash = (await connection.execute(_LOCK_HEAD)).one()
    stored = json.loads(json.dumps(payload or {}))  # as read back, whatever the caller does
    entry = JournalEntry(
        seq=head_seq + 1,
        created_at=utcnow(),
        actor_id=actor.id if actor else None,
        delegation_id=actor.delegation_id if actor else None,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        instrument_id=instrument_id,
        payload=stored,
        visibility=visibility,
        prev_hash=head_hash,
    )
    entry.hash = entry_hash(head_hash, entry)
    await connection.execute(_APPEND, {name: getattr(entry, name) for name in _STORED})
    await connection.execute(_ADVANCE_HEAD, {"new_seq": entry.seq, "new_hash": entry.hash})
    # Published to live readers once the transaction commits (kit.deps, live.hub), and
    # handed to this worker's hub as written, so that it need not read them back.
    session.info[JOURNAL_SEQ] = entry.seq
    session.info.setdefault(JOURNAL_ROWS, []).append(
        (
            entry.seq,
            str(kind),
            object_type,
            object_id,
            instrument_id,
            stored,
            visibility,
            entry.actor_id,
            entry.created_at,
        )
    )
    return entry


async def head(session: AsyncSession) -> int:
    """The seq of the last row: a page rendered now shows everything up to it."""
    seq = await session.scalar(select(JournalHead.seq).where(JournalHead.id == 1))
    return int(seq or 0)


@dataclass(frozen=True)
class Tampering:
    """Where the chain breaks; ``reason`` is translated when turned into a string."""

    seq: int
    reason: Any


@dataclass(frozen=True)
class AlteredVersion:
    """An article version whose text is not the text the journal says was published, or
    which no journal entry published; ``milestones`` names the milestones holding it."""

    version_id: int
    article: str
    language: str
    seq: int
    published: bool
    milestones: tuple[str, ...]

    def __str__(self) -> str:
        params = {"article": self.article, "language": self.language, "seq": self.seq}
        if not self.published:
            return str(NOT_PUBLISHED).format(**params)
        if self.milestones:
            names = ", ".join(f"“{name}”" for name in self.milestones)
            return str(TEXT_ALTERED_IN_MILESTONES).format(**params, milestones=names)
        return str(TEXT_ALTERED).format(**params)


@dataclass(frozen=True)
class BrokenMilestone:
    """A milestone whose fingerprint, recomputed from its versions' text, is not the one
    recorded when it was created, in the languages named."""

    milestone_id: int
    name: str
    languages: tuple[str, ...]

    def __str__(self) -> str:
        return str(MILESTONE_BROKEN).format(name=self.name, languages=", ".join(self.languages))


@dataclass(frozen=True)
class Verification:
    """The chain (``count`` rows checked, the first break) and the texts it vouches for."""

    count: int
    chain: Tampering | None
    versions: tuple[AlteredVersion, ...] = ()
    milestones: tuple[BrokenMilestone, ...] = ()
    checked_versions: int = 0
    checked_milestones: int = 0

    @property
    def ok(self) -> bool:
        return self.chain is None and not self.versions and not self.milestones


async def _rows(session: AsyncSession) -> AsyncIterator[JournalEntry]:
    result = await session.stream_scalars(select(JournalEntry).order_by(JournalEntry.id))
    async for entry in result:
        yield entry


@dataclass
class _Recorded:
    """What the journal recorded: per version id its content hash (``None`` for rows
    written before the hash was recorded), per milestone id its fingerprints."""

    versions: dict[int, str | None]
    milestones: dict[int, dict[str, str] | None]


async def _verify_chain(session: AsyncSession) -> tuple[int, Tampering | None, _Recorded]:
    """Walk the chain in insertion order: rows checked, the first tampering found, and what
    the rows record of published texts (read from every row, even past a break)."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    problem: Tampering | None = None
    recorded = _Recorded({}, {})
    async for entry in _rows(session):
        if entry.object_id is not None and entry.kind == Kind.version_published:
            recorded.versions[entry.object_id] = entry.payload.get("content_hash")
        elif entry.object_id is not None and entry.kind == Kind.milestone_created:
            recorded.milestones[entry.object_id] = entry.payload.get("fingerprints")
        if problem is not None:
            continue
        if entry.seq != expected_seq:
            problem = Tampering(entry.seq, _l_format(EXPECTED, expected=expected_seq))
        elif entry.prev_hash != prev_hash:
            problem = Tampering(entry.seq, NOT_CHAINED)
        elif entry_hash(prev_hash, entry) != entry.hash:
            problem = Tampering(entry.seq, ALTERED)
        else:
            prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    if problem is None:
        head_seq, head_hash = (
            await session.execute(
                select(JournalHead.seq, JournalHead.hash).where(JournalHead.id == 1)
            )
        ).one()
        if head_seq != count or head_hash != prev_hash:
            problem = Tampering(count + 1, _l_format(MISSING, count=count))
    return count, problem, recorded


async def verify(session: AsyncSession) -> Verification:
    """Check the chain, then every article version's text against the content hash its
    publishing row recorded, and every milestone's fingerprint, recomputed from the text of
    its versions, against the one its creating row recorded. Rows written before hashes
    were recorded are checked against the hashes stored beside the text then."""
    count, chain, recorded = await _verify_chain(session)
    actual: dict[int, str] = {}
    suspects: list[tuple[int, str, str, int, bool]] = []
    versions = await session.stream(
        select(
            ArticleVersion.id,
            Article.number,
            ArticleVersion.language,
            ArticleVersion.seq,
            ArticleVersion.heading,
            ArticleVersion.provisions,
            ArticleVersion.content_hash,
        )
        .join(Article, Article.id == ArticleVersion.article_id)
        .order_by(ArticleVersion.id)
    )
    async for version_id, number, language, seq, heading, provisions, stored in versions:
        actual[version_id] = digest = content_hash(heading, provisions)
        published = version_id in recorded.versions
        expected = recorded.versions.get(version_id) or stored
        if not published or digest != expected:
            suspects.append((version_id, number, language, seq, published))

    holding: dict[int, list[str]] = {}
    hashes: dict[int, dict[str, list[str]]] = {}
    names: dict[int, tuple[str, dict[str, str] | None]] = {}
    rows = await session.execute(
        select(
            Milestone.id,
            Milestone.name,
            Milestone.content_hashes,
            MilestoneVersion.language,
            MilestoneVersion.article_version_id,
        )
        .join(MilestoneVersion, MilestoneVersion.milestone_id == Milestone.id)
        .join(Article, Article.id == MilestoneVersion.article_id)
        .order_by(Milestone.id, MilestoneVersion.language, Article.position)
    )
    for milestone_id, name, stored_hashes, language, version_id in rows:
        names[milestone_id] = (name, stored_hashes)
        holding.setdefault(version_id, []).append(name)
        hashes.setdefault(milestone_id, {}).setdefault(language, []).append(
            actual.get(version_id, "")
        )
    broken: list[BrokenMilestone] = []
    checked_milestones = 0
    for milestone_id, by_language in hashes.items():
        name, stored_hashes = names[milestone_id]
        expected_hashes = recorded.milestones.get(milestone_id) or stored_hashes
        if not expected_hashes:
            continue  # made before milestones had fingerprints: nothing to check against
        checked_milestones += 1
        now = {language: fingerprint(h) for language, h in by_language.items()}
        differing = sorted(
            language
            for language in now.keys() | expected_hashes.keys()
            if now.get(language) != expected_hashes.get(language)
        )
        if differing:
            broken.append(BrokenMilestone(milestone_id, name, tuple(differing)))
    return Verification(
        count=count,
        chain=chain,
        versions=tuple(
            AlteredVersion(
                version_id,
                number,
                language,
                seq,
                published,
                tuple(dict.fromkeys(holding.get(version_id, []))),
            )
            for version_id, number, language, seq, published in suspects
        ),
        milestones=tuple(broken),
        checked_versions=len(actual),
        checked_milestones=checked_milestones,
    )

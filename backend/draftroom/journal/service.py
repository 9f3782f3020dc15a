"""The journal: every change appends one hash-chained row in the same transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.db import JOURNAL_SEQ
from draftroom.identity.principal import Actor
from draftroom.kit.i18n import _l
from draftroom.models import JournalEntry, JournalHead
from draftroom.models.base import utcnow

GENESIS = "0" * 64
EXPECTED = _l("entry {expected} was expected here: entries were deleted or reordered")
NOT_CHAINED = _l("it does not follow the entry before it")
ALTERED = _l("its content no longer matches its hash: it was edited")
MISSING = _l("the entries after {count} are missing")
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


async def record(
    session: AsyncSession,
    *,
    actor: Actor | None,
    kind: str,
    object_type: str,
    object_id: int | None,
    instrument_id: int | None,
    payload: dict[str, Any] | None = None,
    visibility: str = PUBLIC,
) -> JournalEntry:
    """Append a row. Locks the head row, so appends are serialised until commit."""
    head = (
        await session.execute(select(JournalHead).where(JournalHead.id == 1).with_for_update())
    ).scalar_one()
    entry = JournalEntry(
        seq=head.seq + 1,
        created_at=utcnow(),
        actor_id=actor.id if actor else None,
        delegation_id=actor.delegation_id if actor else None,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        instrument_id=instrument_id,
        payload=payload or {},
        visibility=visibility,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(head.hash, entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.add(entry)
    await session.flush()
    # Published to live readers once the transaction commits (kit.deps, live.hub).
    session.info[JOURNAL_SEQ] = entry.seq
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


async def _rows(session: AsyncSession) -> AsyncIterator[JournalEntry]:
    result = await session.stream_scalars(select(JournalEntry).order_by(JournalEntry.id))
    async for entry in result:
        yield entry


async def verify(session: AsyncSession) -> tuple[int, Tampering | None]:
    """Walk the chain in insertion order; return rows checked and the first tampering found."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    async for entry in _rows(session):
        if entry.seq != expected_seq:
            return count, Tampering(entry.seq, _l_format(EXPECTED, expected=expected_seq))
        if entry.prev_hash != prev_hash:
            return count, Tampering(entry.seq, NOT_CHAINED)
        if entry_hash(prev_hash, entry) != entry.hash:
            return count, Tampering(entry.seq, ALTERED)
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    head = (await session.execute(select(JournalHead).where(JournalHead.id == 1))).scalar_one()
    if head.seq != count or head.hash != prev_hash:
        return count, Tampering(count + 1, _l_format(MISSING, count=count))
    return count, None

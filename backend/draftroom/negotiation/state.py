"""The state of the negotiation on an instrument as plain values: read from the tables (now)
or folded from the journal (as it stood at any entry: what a milestone froze).

Every change to a status, bracket or alternative journals the object's whole state after
the change (``payload["state"]``), so the two readings are the same by construction; a
property test checks it after random sequences of changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal.kinds import Kind
from draftroom.models import (
    AgreementStatus,
    Alternative,
    AlternativeStatus,
    Bracket,
    BracketStatus,
    JournalEntry,
    ProvisionStatus,
)

STATUS = "provision_status"
BRACKET = "bracket"
ALTERNATIVE = "alternative"
OBJECT_TYPES = (STATUS, BRACKET, ALTERNATIVE)


@dataclass(frozen=True)
class StatusState:
    id: int
    article_id: int
    provision: str
    status: AgreementStatus
    reason: str
    version_seq: int
    text_hash: str | None
    confirm: tuple[int, ...] = ()
    confirmed: tuple[int, ...] = ()
    version: int = 1


@dataclass(frozen=True)
class BracketState:
    id: int
    article_id: int
    provision: str
    status: BracketStatus
    # {language: {"quote": words, "seq": version seq anchored in, "start": offset then}}
    spans: dict[str, dict[str, Any]]
    # [{"delegation_id", "reason"}]: who asked for the brackets and why
    requests: tuple[dict[str, Any], ...] = ()
    reason: str = ""
    version: int = 1

    @property
    def active(self) -> bool:
        return self.status is BracketStatus.placed

    @property
    def delegation_ids(self) -> list[int]:
        return [int(r["delegation_id"]) for r in self.requests]


@dataclass(frozen=True)
class AlternativeState:
    id: int
    article_id: int
    provision: str
    bracket_id: int | None
    texts: dict[str, str]
    base_seq: int
    amendment_id: int | None
    supporters: tuple[int, ...]
    status: AlternativeStatus
    version: int = 1

    @property
    def active(self) -> bool:
        return self.status is AlternativeStatus.open


@dataclass
class State:
    """Everything decided or asked on an instrument's provisions, by article."""

    statuses: dict[tuple[int, str], StatusState] = field(default_factory=dict)
    brackets: dict[int, BracketState] = field(default_factory=dict)
    alternatives: dict[int, AlternativeState] = field(default_factory=dict)

    def for_article(self, article_id: int) -> State:
        return State(
            {k: v for k, v in self.statuses.items() if k[0] == article_id},
            {k: v for k, v in self.brackets.items() if v.article_id == article_id},
            {k: v for k, v in self.alternatives.items() if v.article_id == article_id},
        )

    def status_of(self, article_id: int, provision: str) -> StatusState | None:
        return self.statuses.get((article_id, provision))

    def brackets_of(self, article_id: int, provision: str) -> list[BracketState]:
        return sorted(
            (
                b
                for b in self.brackets.values()
                if (b.article_id, b.provision) == (article_id, provision)
            ),
            key=lambda b: b.id,
        )

    def alternatives_of(
        self, article_id: int, provision: str, bracket_id: int | None = None
    ) -> list[AlternativeState]:
        return sorted(
            (
                a
                for a in self.alternatives.values()
                if (a.article_id, a.provision, a.bracket_id) == (article_id, provision, bracket_id)
            ),
            key=lambda a: a.id,
        )


# --- to and from the journal -----------------------------------------------------------


def status_payload(row: ProvisionStatus) -> dict[str, Any]:
    return {
        "id": row.id,
        "article_id": row.article_id,
        "provision": row.provision_key,
        "status": row.status.value,
        "reason": row.reason,
        "version_seq": row.version_seq,
        "text_hash": row.text_hash,
        "confirm": list(row.confirm),
        "confirmed": list(row.confirmed),
        "version": row.version,
    }


def bracket_payload(row: Bracket) -> dict[str, Any]:
    return {
        "id": row.id,
        "article_id": row.article_id,
        "provision": row.provision_key,
        "status": row.status.value,
        "spans": row.spans,
        "requests": list(row.requests),
        "reason": row.reason,
        "version": row.version,
    }


def alternative_payload(row: Alternative) -> dict[str, Any]:
    return {
        "id": row.id,
        "article_id": row.article_id,
        "provision": row.provision_key,
        "bracket_id": row.bracket_id,
        "texts": row.texts,
        "base_seq": row.base_seq,
        "amendment_id": row.amendment_id,
        "supporters": list(row.supporters),
        "status": row.status.value,
        "version": row.version,
    }


def status_state(d: dict[str, Any]) -> StatusState:
    return StatusState(
        id=d["id"],
        article_id=d["article_id"],
        provision=d["provision"],
        status=AgreementStatus(d["status"]),
        reason=d["reason"],
        version_seq=d["version_seq"],
        text_hash=d["text_hash"],
        confirm=tuple(d["confirm"]),
        confirmed=tuple(d["confirmed"]),
        version=d["version"],
    )


def bracket_state(d: dict[str, Any]) -> BracketState:
    return BracketState(
        id=d["id"],
        article_id=d["article_id"],
        provision=d["provision"],
        status=BracketStatus(d["status"]),
        spans=d["spans"],
        requests=tuple(d["requests"]),
        reason=d["reason"],
        version=d["version"],
    )


def alternative_state(d: dict[str, Any]) -> AlternativeState:
    return AlternativeState(
        id=d["id"],
        article_id=d["article_id"],
        provision=d["provision"],
        bracket_id=d["bracket_id"],
        texts=d["texts"],
        base_seq=d["base_seq"],
        amendment_id=d["amendment_id"],
        supporters=tuple(d["supporters"]),
        status=AlternativeStatus(d["status"]),
        version=d["version"],
    )


def apply(state: State, object_type: str, payload: dict[str, Any]) -> None:
    """One journal entry (object type, payload) applied to ``state``."""
    d = payload.get("state")
    if not isinstance(d, dict):
        return
    if object_type == STATUS:
        s = status_state(d)
        state.statuses[(s.article_id, s.provision)] = s
    elif object_type == BRACKET:
        b = bracket_state(d)
        state.brackets[b.id] = b
    elif object_type == ALTERNATIVE:
        a = alternative_state(d)
        state.alternatives[a.id] = a


def fold(entries: Iterable[tuple[str, dict[str, Any]]]) -> State:
    """The state after the journal entries (object type, payload), in journal order."""
    state = State()
    for object_type, payload in entries:
        apply(state, object_type, payload)
    return state


async def current(
    session: AsyncSession, instrument_id: int, article_id: int | None = None
) -> State:
    """The state now, from the tables."""
    state = State()
    where_s = [ProvisionStatus.instrument_id == instrument_id]
    where_b = [Bracket.instrument_id == instrument_id]
    where_a = [Alternative.instrument_id == instrument_id]
    if article_id is not None:
        where_s.append(ProvisionStatus.article_id == article_id)
        where_b.append(Bracket.article_id == article_id)
        where_a.append(Alternative.article_id == article_id)
    for s in await session.scalars(select(ProvisionStatus).where(*where_s)):
        state.statuses[(s.article_id, s.provision_key)] = status_state(status_payload(s))
    for b in await session.scalars(select(Bracket).where(*where_b)):
        state.brackets[b.id] = bracket_state(bracket_payload(b))
    for a in await session.scalars(select(Alternative).where(*where_a)):
        state.alternatives[a.id] = alternative_state(alternative_payload(a))
    return state


def entries(instrument_id: int, seq: int | None = None) -> Select[tuple[int, str, Any]]:
    """The instrument's negotiation entries (seq, object type, payload) in journal order, up
    to entry ``seq`` if given."""
    query = (
        select(JournalEntry.seq, JournalEntry.object_type, JournalEntry.payload)
        .where(
            JournalEntry.instrument_id == instrument_id,
            JournalEntry.object_type.in_(OBJECT_TYPES),
        )
        .order_by(JournalEntry.seq)
    )
    return query if seq is None else query.where(JournalEntry.seq <= seq)


async def as_of(session: AsyncSession, instrument_id: int, seq: int | None) -> State:
    """The state as it stood after journal entry ``seq`` (a milestone's, to read what it
    froze): a fold of the instrument's negotiation entries up to it; ``None``: up to now."""
    rows = await session.execute(entries(instrument_id, seq))
    return fold((t, p) for _seq, t, p in rows)


async def recount(session: AsyncSession, instrument_id: int) -> State:
    """The state now, recounted from the journal alone (tests and ``journal verify`` compare
    it with the tables)."""
    return await as_of(session, instrument_id, None)


async def milestone_seq(session: AsyncSession, milestone_id: int) -> int | None:
    """The journal entry that created a milestone: what it froze is the state up to it."""
    seq = await session.scalar(
        select(JournalEntry.seq).where(
            JournalEntry.kind == Kind.milestone_created,
            JournalEntry.object_type == "milestone",
            JournalEntry.object_id == milestone_id,
        )
    )
    return int(seq) if seq is not None else None


async def milestone_seqs(session: AsyncSession, milestone_ids: Iterable[int]) -> dict[int, int]:
    """Milestone id → the seq of the journal entry that created it, in one query."""
    wanted = list(milestone_ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(JournalEntry.object_id, JournalEntry.seq).where(
            JournalEntry.kind == Kind.milestone_created,
            JournalEntry.object_type == "milestone",
            JournalEntry.object_id.in_(wanted),
        )
    )
    return {int(milestone_id): int(seq) for milestone_id, seq in rows if milestone_id is not None}

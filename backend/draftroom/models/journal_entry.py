from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, JSONType, UTCDateTime, utcnow


class JournalEntry(Base):
    """Append-only, hash-chained record of every change: audit trail and live replay log."""

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Gapless 1, 2, 3... assigned under the head lock (sequences leave gaps on rollback).
    seq: Mapped[int] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    kind: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instruments.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # "public", "secretariat" or "delegation:<id>".
    visibility: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class JournalHead(Base):
    """One row: the last seq and hash. Locking it serialises appends to the chain."""

    __tablename__ = "journal_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))

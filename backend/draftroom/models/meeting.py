from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime, utcnow


class MeetingStatus(enum.StrEnum):
    planned = "planned"
    open = "open"  # in session: the chair leads, screens follow
    closed = "closed"


class Meeting(CreatedAt, Base):
    """A meeting of the group on an instrument: its dates in its time zone, its agenda (items
    of one or more articles), its participating delegations, and while open the chair's
    pointer (what every following screen shows)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64))
    # [{"title": str | None, "articles": [article keys]}], in the order of the day.
    agenda: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # Delegation ids taking part; empty: every delegation.
    delegations: Mapped[list[int]] = mapped_column(JSONType, default=list)
    status: Mapped[MeetingStatus] = mapped_column(
        Enum(MeetingStatus, native_enum=False, length=20), default=MeetingStatus.planned
    )
    # What the chair shows: {"article": key, "provision": id | None, "view": "text" |
    # "rolling" | "proposal" | "comparison", "amendment": number | None, "quote": words |
    # None}; None before the chair picks anything.
    pointer: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    # Speaking time per turn, in seconds; None: no limit.
    speaking_seconds: Mapped[int | None] = mapped_column(default=None)
    # The chair closed the list of speakers: no new requests for the floor (points of order
    # and rights of reply still come).
    list_closed: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

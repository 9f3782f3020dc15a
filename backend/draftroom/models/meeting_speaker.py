from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, UTCDateTime, utcnow


class SpeakerKind(enum.StrEnum):
    floor = "floor"  # asks for the floor, in turn
    point_of_order = "point_of_order"  # ahead of the queue
    reply = "reply"  # right of reply, after the speaker it answers


class SpeakerStatus(enum.StrEnum):
    waiting = "waiting"
    speaking = "speaking"
    done = "done"
    withdrawn = "withdrawn"


class MeetingSpeaker(CreatedAt, Base):
    """A request for the floor on a meeting's list of speakers. Order: points of order first,
    then by ``position`` — the journal entry's seq of the request (commit order), or where the
    chair moved it. ``open_key`` is set while the request waits or speaks, so that a
    delegation holds at most one open request of each kind (a unique constraint, whatever
    the concurrency)."""

    __tablename__ = "meeting_speakers"
    __table_args__ = (UniqueConstraint("meeting_id", "open_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[SpeakerKind] = mapped_column(Enum(SpeakerKind, native_enum=False, length=20))
    # Speaking for a group of States ("the African Group"), as the delegation typed it.
    on_behalf_of: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[SpeakerStatus] = mapped_column(
        Enum(SpeakerStatus, native_enum=False, length=20), default=SpeakerStatus.waiting
    )
    position: Mapped[float] = mapped_column(default=0.0)
    open_key: Mapped[str | None] = mapped_column(String(40), default=None)
    given_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

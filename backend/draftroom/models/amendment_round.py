from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime


class AmendmentRound(CreatedAt, Base):
    """A period in which delegations may table amendments, until a deadline."""

    __tablename__ = "amendment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    # The IANA time zone the deadline was set in ("Europe/Vienna"): shown alongside it.
    timezone: Mapped[str] = mapped_column(String(64))
    # Keys of the articles open for amendment; None means the whole instrument.
    article_keys: Mapped[list[str] | None] = mapped_column(JSONType)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

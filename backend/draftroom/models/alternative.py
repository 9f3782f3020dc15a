from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime, utcnow


class AlternativeStatus(enum.StrEnum):
    open = "open"
    chosen = "chosen"  # consolidated into the text
    retired = "retired"  # another wording was chosen


class Alternative(CreatedAt, Base):
    """Another wording for a whole provision (Alt. 2, Alt. 3; the text as it stands is Alt. 1)
    or for a bracketed span ("[shall][should]"), with the delegations that support it.
    ``texts`` = {language: wording}; the source language's always there."""

    __tablename__ = "alternatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    provision_key: Mapped[str] = mapped_column(String(120))
    # Set: a wording for this bracketed span; None: for the whole provision.
    bracket_id: Mapped[int | None] = mapped_column(ForeignKey("brackets.id"))
    texts: Mapped[dict[str, str]] = mapped_column(JSONType)
    # The source-language version it was written against (the base of its three-way merge).
    base_seq: Mapped[int]
    # The tabled proposal it came from, if any: choosing it accepts and consolidates it.
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id"))
    supporters: Mapped[list[int]] = mapped_column(JSONType, default=list)
    status: Mapped[AlternativeStatus] = mapped_column(
        Enum(AlternativeStatus, native_enum=False, length=20)
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

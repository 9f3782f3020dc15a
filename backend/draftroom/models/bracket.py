from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime, utcnow


class BracketStatus(enum.StrEnum):
    requested = "requested"  # asked for by delegations, not yet in the text
    placed = "placed"  # square brackets around the span in the rolling text
    lifted = "lifted"  # the words were agreed (or chosen): the brackets are gone
    declined = "declined"  # the secretariat did not place the brackets asked for


class Bracket(CreatedAt, Base):
    """Square brackets around words of a provision: words not yet agreed. Anchored like a
    comment's quote, per language: ``spans`` = {language: {"quote", "seq", "start"}}, the
    source language's always there, the others as the translators align them."""

    __tablename__ = "brackets"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    provision_key: Mapped[str] = mapped_column(String(120))
    spans: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSONType)
    status: Mapped[BracketStatus] = mapped_column(Enum(BracketStatus, native_enum=False, length=20))
    # The delegations that asked for the brackets and why: [{"delegation_id", "reason"}].
    requests: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # The secretariat's reason for its last decision (placing, lifting, declining).
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

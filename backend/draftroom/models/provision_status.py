from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, JSONType, UTCDateTime, utcnow


class AgreementStatus(enum.StrEnum):
    """How far the group is from agreeing a provision (the rolling text's vocabulary)."""

    open = "open"
    bracketed = "bracketed"
    ad_referendum = "ad_referendum"  # agreed, pending confirmation by the capitals named
    agreed = "agreed"
    deleted = "deleted"  # deleted by agreement; the number is kept ("[Reserved]")


class ProvisionStatus(Base):
    """The agreement status of one provision, set by the secretariat against one version of
    the source text. No row: open. The row is the current state; every change is journaled
    with the whole state, so the state at any milestone is a fold of the journal."""

    __tablename__ = "provision_statuses"
    __table_args__ = (UniqueConstraint("article_id", "provision_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    provision_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[AgreementStatus] = mapped_column(
        Enum(AgreementStatus, native_enum=False, length=20)
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    # The source-language version it was decided on, and the provision's text hash then: an
    # agreement on words that have since changed is shown as no longer holding.
    version_seq: Mapped[int]
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # Agreed ad referendum: delegation ids that must confirm, and those that have.
    confirm: Mapped[list[int]] = mapped_column(JSONType, default=list)
    confirmed: Mapped[list[int]] = mapped_column(JSONType, default=list)
    # Anything else the decision carries (a meeting's decision id, later).
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

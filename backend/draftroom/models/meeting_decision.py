from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType


class DecisionKind(enum.StrEnum):
    agreed = "agreed"
    ad_referendum = "ad_referendum"
    bracketed = "bracketed"
    deferred = "deferred"
    accepted = "accepted"  # a proposal accepted
    rejected = "rejected"  # a proposal rejected


class MeetingDecision(CreatedAt, Base):
    """What the meeting decided on a provision (or a proposal), tied to the exact text: the
    article version in the source language and, for words decided, those words and their
    hash. Never updated: a later decision supersedes an earlier one."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    provision_key: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[DecisionKind] = mapped_column(Enum(DecisionKind, native_enum=False, length=20))
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))
    words: Mapped[str | None] = mapped_column(Text)
    words_hash: Mapped[str | None] = mapped_column(String(64))
    # Delegations that reserved their position; for ad referendum, those that must confirm.
    reserved: Mapped[list[int]] = mapped_column(JSONType, default=list)
    confirm: Mapped[list[int]] = mapped_column(JSONType, default=list)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, UTCDateTime, utcnow


class CommentVisibility(enum.StrEnum):
    everyone = "everyone"
    delegation = "delegation"  # the author's delegation only
    secretariat = "secretariat"  # the secretariat and the author


class Comment(CreatedAt, Base):
    """A remark on an article, one of its provisions (optionally a quoted span) or an
    amendment; replies point to their parent. Deleting leaves a tombstone in the thread."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    provision_key: Mapped[str | None] = mapped_column(String(120))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    language: Mapped[str] = mapped_column(String(2))
    # The quoted span, as it read in the version commented on.
    quote: Mapped[str | None] = mapped_column(Text)
    anchor_version_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    visibility: Mapped[CommentVisibility] = mapped_column(
        Enum(CommentVisibility, native_enum=False, length=20)
    )
    body: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

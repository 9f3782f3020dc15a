from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime, utcnow
from draftroom.text.provisions import TranslatedText


class AmendmentTranslation(CreatedAt, Base):
    """A proposal's text and justification in another language, made by the secretariat or
    the proposing delegation; the synoptic table in that language shows it, labelled."""

    __tablename__ = "amendment_translations"
    __table_args__ = (UniqueConstraint("amendment_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    # [{"id": provision id, "text": "..."}]: only provisions the proposal changes or inserts.
    provisions: Mapped[list[TranslatedText]] = mapped_column(JSONType)
    justification: Mapped[str | None] = mapped_column(Text)
    # The article version in this language the translation is read against (the latest
    # when it was written).
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    translator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # None: the secretariat; else the proposing delegation.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    # Bumped by every change: the ETag.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

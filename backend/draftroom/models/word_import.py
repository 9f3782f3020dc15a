from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime


class WordImport(CreatedAt, Base):
    """A .docx of tracked changes and comments uploaded as a delegation's proposals: the
    file read and placed on provisions (the preview), the user's decisions on what could not
    be placed, and once confirmed what it created. Nothing else is written before confirming."""

    __tablename__ = "word_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    # The delegation whose proposals these are; the uploader may be the secretariat.
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    # "preview" until confirmed, then "confirmed".
    status: Mapped[str] = mapped_column(String(20), default="preview")
    # wordfiles.reading.WordDocument and wordfiles.placing.Placement, as JSON.
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)
    placement: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # What confirming created: amendment numbers, comment ids, collisions.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    version: Mapped[int] = mapped_column(default=1)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime

if TYPE_CHECKING:
    from draftroom.models.article import Article


class Instrument(CreatedAt, Base):
    """A legal text made of ordered articles, e.g. the Model Law."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Title per language: {"en": "...", "fr": "..."}; article texts live in versions.
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    source_language: Mapped[str] = mapped_column(String(2), default="en")
    illustrative: Mapped[bool] = mapped_column(default=False)
    # Removed by an administrator: kept, not deleted, because the append-only journal names
    # its rows (verify recomputes their hashes), and hidden from every page and the API.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    articles: Mapped[list[Article]] = relationship(
        back_populates="instrument", lazy="raise", order_by="Article.position"
    )

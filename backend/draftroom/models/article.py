from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from draftroom.models.base import Base, CreatedAt

if TYPE_CHECKING:
    from draftroom.models.instrument import Instrument


class Article(CreatedAt, Base):
    """An article of an instrument; its text lives in immutable versions per language."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("instrument_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    # Stable id (Akoma Ntoso eId style, "art_12"); never changes when renumbered.
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(20))

    instrument: Mapped[Instrument] = relationship(back_populates="articles", lazy="raise")

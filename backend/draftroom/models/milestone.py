from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType


class Milestone(CreatedAt, Base):
    """A named snapshot of the whole instrument in all its languages ("2007 text")."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("instrument_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Per language, SHA-256 over the content hashes of its article versions in order: the
    # text agreed in the room can be proven later.
    content_hashes: Mapped[dict[str, str] | None] = mapped_column(JSONType)

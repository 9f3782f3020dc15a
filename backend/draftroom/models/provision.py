from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt


class Provision(CreatedAt, Base):
    """A paragraph or subparagraph's stable identity: the spine that aligns everything."""

    __tablename__ = "provisions"
    __table_args__ = (UniqueConstraint("article_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    key: Mapped[str] = mapped_column(String(120))

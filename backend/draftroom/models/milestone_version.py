from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base


class MilestoneVersion(Base):
    """Which version of each article, per language, a milestone holds."""

    __tablename__ = "milestone_versions"

    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))

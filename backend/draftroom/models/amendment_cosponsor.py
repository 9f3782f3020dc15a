from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt


class AmendmentCosponsor(CreatedAt, Base):
    """A delegation that has joined a tabled amendment (``created_at`` is when it joined)."""

    __tablename__ = "amendment_cosponsors"

    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), primary_key=True)

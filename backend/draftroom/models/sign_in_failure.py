from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt


class SignInFailure(CreatedAt, Base):
    """A failed password sign-in, counted to throttle guessing (per account and per address)."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)

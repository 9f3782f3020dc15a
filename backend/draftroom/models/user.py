from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt


class Role(enum.StrEnum):
    participant = "participant"
    secretariat = "secretariat"
    observer = "observer"
    admin = "admin"


class User(CreatedAt, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(2))
    # An IANA name ("Europe/Paris"); None: the browser's zone, else UTC.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Local accounts: an argon2 hash. Single sign-on accounts: the issuer and subject.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))

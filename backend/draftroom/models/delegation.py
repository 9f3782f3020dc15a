from __future__ import annotations

import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType


class DelegationKind(enum.StrEnum):
    state = "state"
    organisation = "organisation"


class Delegation(CreatedAt, Base):
    """A member State (ISO 3166 alpha-2 code) or an organisation (acronym)."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DelegationKind] = mapped_column(Enum(DelegationKind, native_enum=False, length=20))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # Organisations only: States are named by Babel in the reader's language.
    name: Mapped[str | None] = mapped_column(String(200))
    # Organisations only: their name per language ({"fr": "..."}), where it has one.
    names: Mapped[dict[str, str] | None] = mapped_column(JSONType)

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType, UTCDateTime, utcnow
from draftroom.text.provisions import ProvisionText


class AmendmentStatus(enum.StrEnum):
    draft = "draft"
    tabled = "tabled"
    under_review = "under_review"
    accepted = "accepted"
    accepted_with_changes = "accepted_with_changes"
    rejected = "rejected"
    withdrawn = "withdrawn"
    consolidated = "consolidated"


class AmendmentKind(enum.StrEnum):
    provisions = "provisions"
    new_article = "new_article"
    delete_article = "delete_article"


class Amendment(CreatedAt, Base):
    """A delegation's proposal against one article version (its base), in one language.

    ``proposed`` is the whole article as the delegation wants it (ordered provisions with
    their stable ids); the changes are derived from it by diffing against the base.
    """

    __tablename__ = "amendments"
    __table_args__ = (UniqueConstraint("instrument_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    # Per instrument, in order of creation: "Amendment 12" on every page and export.
    number: Mapped[int]
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    kind: Mapped[AmendmentKind] = mapped_column(Enum(AmendmentKind, native_enum=False, length=20))
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    # A sub-amendment amends another delegation's tabled amendment.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[AmendmentStatus] = mapped_column(
        Enum(AmendmentStatus, native_enum=False, length=30), index=True
    )
    # Bumped by every change: the ETag, and the compare-and-set guard of every transition.
    version: Mapped[int] = mapped_column(default=1)
    proposed_heading: Mapped[str | None] = mapped_column(Text)
    proposed: Mapped[list[ProvisionText]] = mapped_column(JSONType)
    # For a new article: where it goes (after this article key; None = at the end).
    new_article_number: Mapped[str | None] = mapped_column(String(20))
    justification: Mapped[str] = mapped_column(Text)
    note_to_secretariat: Mapped[str | None] = mapped_column(Text)
    # "Accepted with changes": the secretariat's text, and the proposer's answer to it.
    secretariat_heading: Mapped[str | None] = mapped_column(Text)
    secretariat_text: Mapped[list[ProvisionText] | None] = mapped_column(JSONType)
    proposer_response: Mapped[str | None] = mapped_column(String(20))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("amendment_rounds.id"))
    tabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

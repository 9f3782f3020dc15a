from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from draftroom.models.base import Base, CreatedAt, JSONType
from draftroom.text.provisions import ProvisionText


class ArticleVersion(CreatedAt, Base):
    """An immutable snapshot of one article in one language. Never updated, never deleted."""

    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "language", "seq"),
        Index("ix_article_versions_latest", "article_id", "language", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    language: Mapped[str] = mapped_column(String(2))
    # 1, 2, 3... per article and language; the ETag of "the article in this language".
    seq: Mapped[int]
    heading: Mapped[str] = mapped_column(Text)
    # [{"id": provision key, "number": "1(a)", "text": "..."}], in reading order.
    provisions: Mapped[list[ProvisionText]] = mapped_column(JSONType)
    # A label a person gave ("Draft after EGM 1"), stored as typed.
    label: Mapped[str | None] = mapped_column(String(200))
    # What the system did to make this version, as a fact rendered in each reader's language:
    # {"kind": "consolidated", "amendments": [numbers]} or {"kind": "restored", "from_seq": n}.
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    # For a translation: the source-language version it was made from.
    translated_from_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Where the text came from: {"amendments": [ids], "provisions": {id: [amendment ids]},
    # "compromises": {id: [amendment ids answered]}} for a consolidation, or
    # {"restored_from": version id}. None for a text published directly.
    sources: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    content_hash: Mapped[str] = mapped_column(String(64))

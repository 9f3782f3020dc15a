"""What a live connection needs to know before it is accepted, read in one short session."""

from __future__ import annotations

from sqlalchemy import select

from draftroom.db import Database
from draftroom.models import Article, Delegation, Instrument


async def lookup(
    db: Database, slug: str, delegation_id: int | None
) -> tuple[int, dict[str, int], str | None] | None:
    """The instrument's id, its articles' ids by key and the reader's delegation code; None
    if there is no such instrument."""
    async with db.read_sessions() as session:
        instrument_id = await session.scalar(
            select(Instrument.id).where(Instrument.slug == slug, Instrument.removed_at.is_(None))
        )
        if instrument_id is None:
            return None
        articles = await session.execute(
            select(Article.key, Article.id).where(Article.instrument_id == instrument_id)
        )
        code = (
            await session.scalar(select(Delegation.code).where(Delegation.id == delegation_id))
            if delegation_id is not None
            else None
        )
    return instrument_id, dict(articles.all()), code

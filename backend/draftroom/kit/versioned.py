"""Rows with a ``version`` column: If-Match checks and compare-and-set updates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.kit.errors import PreconditionFailed, PreconditionRequired
from draftroom.kit.etag import write_tags
from draftroom.models.base import utcnow


def require_current(if_match: str | None, etag: str, version: int) -> None:
    """428 without If-Match, 412 unless it names ``etag`` (or is ``*``)."""
    if if_match is None:
        raise PreconditionRequired()
    tags = write_tags(if_match)
    if "*" not in tags and etag not in tags:
        raise PreconditionFailed(current=version)


async def compare_and_set(session: AsyncSession, row: Any, *where: Any, **values: Any) -> None:
    """One UPDATE guarded by the version read (and ``where``): of any number of concurrent
    writers exactly one matches; the others change nothing and get 412."""
    model = type(row)
    result = await session.execute(
        update(model)
        .where(model.id == row.id, model.version == row.version, *where)
        .values(**values, version=model.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise PreconditionFailed(current=row.version)
    await session.refresh(row)

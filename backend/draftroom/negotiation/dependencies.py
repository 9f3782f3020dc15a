"""The bracket or alternative a route names in its path, loaded once within the article the
path names (absent, or on another article: 404), and the look-ups the API's answers need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.instruments.dependencies import ArticleDep
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models import Alternative, Amendment, Bracket
from draftroom.negotiation import service


async def get_bracket(
    article: ArticleDep,
    bracket_id: Annotated[DbId, Path(description="The bracket's id")],
    session: SessionDep,
) -> Bracket:
    return await service.get_bracket(session, article, bracket_id)


BracketDep = Annotated[Bracket, Depends(get_bracket)]


async def get_alternative(
    article: ArticleDep,
    alternative_id: Annotated[DbId, Path(description="The alternative's id")],
    session: SessionDep,
) -> Alternative:
    return await service.get_alternative(session, article, alternative_id)


AlternativeDep = Annotated[Alternative, Depends(get_alternative)]


async def amendment_numbers(session: AsyncSession, ids: Iterable[int]) -> dict[int, int]:
    """The numbers of the proposals alternatives came from (readers know proposals by
    number), in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Amendment.id, Amendment.number).where(Amendment.id.in_(wanted))
    )
    return {int(amendment_id): int(number) for amendment_id, number in rows}

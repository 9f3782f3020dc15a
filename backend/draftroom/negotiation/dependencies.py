"""The bracket or alternative a route names in its path, loaded once within the article the
path names (absent, or on another article: 404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from draftroom.instruments.dependencies import ArticleDep
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models import Alternative, Bracket
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

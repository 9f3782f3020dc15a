"""The instrument and the article a route names in its path, loaded once (404 if absent).

Routes declare them (``instrument: InstrumentDep``) instead of loading by hand; FastAPI
caches them per request, so a route and its other dependencies share one load.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from draftroom.instruments import service
from draftroom.kit.deps import SessionDep
from draftroom.models import Article, Instrument


async def get_instrument(
    slug: Annotated[str, Path(description="The instrument's slug, e.g. model-law")],
    session: SessionDep,
) -> Instrument:
    """The instrument; a removed one reads as absent."""
    return await service.get_instrument(session, slug)


InstrumentDep = Annotated[Instrument, Depends(get_instrument)]


async def get_article(
    instrument: InstrumentDep,
    key: Annotated[str, Path(description="The article's key, stable across renumbering")],
    session: SessionDep,
) -> Article:
    return await service.get_article(session, instrument, key)


ArticleDep = Annotated[Article, Depends(get_article)]

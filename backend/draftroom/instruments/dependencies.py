"""The instrument and the article a route names in its path, loaded once (404 if absent).

Routes declare them (``instrument: InstrumentDep``) instead of loading by hand; FastAPI
caches them per request, so a route and its other dependencies share one load.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.requests import HTTPConnection

from draftroom.instruments import service
from draftroom.kit.deps import SessionDep
from draftroom.models import Article, Instrument

# The article a route names, loaded with its instrument (in the request's scope).
_ARTICLE = "draftroom.article"


async def get_instrument(
    slug: Annotated[str, Path(description="The instrument's slug, e.g. model-law")],
    session: SessionDep,
    connection: HTTPConnection,
) -> Instrument:
    """The instrument; a removed one reads as absent."""
    key = connection.path_params.get("key")
    if key is None:
        return await service.get_instrument(session, slug)
    instrument, article = await service.instrument_with_article(session, slug, key)
    if article is not None:
        connection.scope[_ARTICLE] = article
    return instrument


InstrumentDep = Annotated[Instrument, Depends(get_instrument)]


async def get_article(
    instrument: InstrumentDep,
    key: Annotated[str, Path(description="The article's key, stable across renumbering")],
    session: SessionDep,
    connection: HTTPConnection,
) -> Article:
    article = connection.scope.get(_ARTICLE)
    if (
        isinstance(article, Article)
        and article.instrument_id == instrument.id
        and article.key == key
    ):
        return article
    return await service.get_article(session, instrument, key)


ArticleDep = Annotated[Article, Depends(get_article)]

"""API: the same comparison results the pages and the exports use, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from draftroom.comparisons import service
from draftroom.comparisons.results import ArticleComparison, InstrumentComparison, SynopticTable
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.models import AmendmentStatus

router = APIRouter(prefix="/api/v1", tags=["comparisons"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    404: {"description": "Unknown instrument, article, version, milestone or amendment"},
    422: {"description": "Unknown language or text reference"},
}
REF = (
    "latest, version:N, milestone:<id or name>, or amendment:<id>; "
    "default before: the first milestone (the 2007 text)"
)


@router.get("/instruments/{slug}/articles/{key}/compare", responses=ERRORS)
async def compare_article(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    session: SessionDep,
    settings: SettingsDep,
    language: str | None = None,
    before: Annotated[str | None, Query(description=REF)] = None,
    after: Annotated[str, Query(description=REF)] = "latest",
) -> ArticleComparison:
    """Word-level differences, provision by provision (aligned by provision id)."""
    language = instruments.check_language(language or instrument.source_language, settings)
    # An empty reference (a form's "default" choice) is the default.
    return await service.compare_article(
        session, instrument, article, language, before or None, after or "latest", principal
    )


@router.get("/instruments/{slug}/compare", responses=ERRORS)
async def compare_instrument(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    session: SessionDep,
    settings: SettingsDep,
    language: str | None = None,
    before: Annotated[str | None, Query(description="Milestone id or name")] = None,
    after: Annotated[str | None, Query(description="Milestone id or name; none: latest")] = None,
) -> InstrumentComparison:
    """Every article of the instrument between two milestones."""
    language = instruments.check_language(language or instrument.source_language, settings)
    return await service.compare_instrument(
        session, instrument, language, before or None, after or None, principal
    )


@router.get("/instruments/{slug}/articles/{key}/synoptic", responses=ERRORS)
async def synoptic(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    session: SessionDep,
    settings: SettingsDep,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> SynopticTable:
    """Base text, every tabled proposal as a diff, and the decisions, a row per provision."""
    language = instruments.check_language(language or instrument.source_language, settings)
    return await service.synoptic(
        session, instrument, article, language, principal, delegation or (), status or ()
    )


@router.get("/instruments/{slug}/synoptic", responses=ERRORS)
async def synoptic_instrument(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    session: SessionDep,
    settings: SettingsDep,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> list[SynopticTable]:
    """The synoptic table of every article that has proposals."""
    language = instruments.check_language(language or instrument.source_language, settings)
    return await service.synoptic_instrument(
        session, instrument, language, principal, delegation or (), status or ()
    )

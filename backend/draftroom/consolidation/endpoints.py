"""API: preview and commit a consolidation; restore an earlier version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from draftroom.consolidation import service
from draftroom.consolidation.schemas import ConsolidationIn, PreviewOut, RestoreIn
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.instruments.present import version_out
from draftroom.instruments.schemas import ArticleVersionOut, ProvisionOut
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.etag import IfMatch

router = APIRouter(prefix="/api/v1", tags=["consolidation"])
ARTICLE = "/instruments/{slug}/articles/{key}"
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not the secretariat"},
    404: {"description": "Unknown instrument, article, version or amendment"},
    409: {"description": "Collisions left unresolved, or an amendment not accepted"},
    412: {"description": "The article changed meanwhile (If-Match)"},
    428: {"description": "If-Match missing"},
}


@router.post(f"{ARTICLE}/consolidation/preview", responses=ERRORS)
async def preview(
    principal: CurrentPrincipal,
    article: ArticleDep,
    body: ConsolidationIn,
    session: SessionDep,
    settings: SettingsDep,
) -> PreviewOut:
    """The merged text as a diff against the current version, each change with the
    amendments it came from, and every collision. Nothing is written."""
    instruments.check_language(body.language, settings)
    found = await service.preview(
        session, article, body.language, body.amendments, body.resolutions, principal
    )
    assert found.comparison is not None
    return PreviewOut(
        base_version_id=found.current.id,
        provisions=[ProvisionOut(**p) for p in found.provisions],
        provenance=found.provenance,
        compromises=found.compromises,
        collisions=found.collisions,
        spans=found.spans,
        comparison=found.comparison,
    )


@router.post(
    f"{ARTICLE}/consolidation", status_code=201, response_model=ArticleVersionOut, responses=ERRORS
)
async def consolidate(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    body: ConsolidationIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ArticleVersionOut:
    """Write the consolidated text as the article's next version; the amendments become
    consolidated. `If-Match`: the ETag of the version the preview was made on."""
    instruments.check_language(body.language, settings)
    version = await service.consolidate(
        session,
        settings,
        instrument,
        article,
        body.language,
        body.amendments,
        body.resolutions,
        principal,
        if_match,
    )
    response.headers["ETag"] = instruments.version_etag(version)
    return version_out(instrument, article, version)


@router.post(
    f"{ARTICLE}/restore", status_code=201, response_model=ArticleVersionOut, responses=ERRORS
)
async def restore(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    body: RestoreIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ArticleVersionOut:
    """Make an earlier version current again, as a new version (history is kept)."""
    instruments.check_language(body.language, settings)
    version = await service.restore(
        session, settings, instrument, article, body.language, body.version, principal, if_match
    )
    response.headers["ETag"] = instruments.version_etag(version)
    return version_out(instrument, article, version)

"""API: translations of a proposal's text and justification, per language."""

from __future__ import annotations

from fastapi import APIRouter, Response

from draftroom.amendments import translations
from draftroom.amendments.dependencies import AmendmentDep
from draftroom.amendments.schemas import (
    ERRORS,
    TranslatedProvisionOut,
    TranslationIn,
    TranslationOut,
)
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.etag import IfMatch
from draftroom.kit.i18n import current_locale

router = APIRouter(prefix="/api/v1", tags=["amendments"])


def translation_out(found: translations.Translated) -> TranslationOut:
    row = found.row
    return TranslationOut(
        amendment_id=row.amendment_id,
        language=row.language,
        provisions=[TranslatedProvisionOut(**p) for p in row.provisions],
        justification=row.justification,
        base_version_id=row.base_version_id,
        translator=found.translator,
        by=found.by,
        by_secretariat=found.by_secretariat,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.get("/amendments/{amendment_id}/translations", responses=ERRORS)
async def list_translations(
    principal: CurrentPrincipal, amendment: AmendmentDep, session: SessionDep
) -> list[TranslationOut]:
    """The proposal's translations, by language; each says who made it."""
    found = await translations.listing(session, amendment, principal, current_locale())
    return [translation_out(t) for t in found]


@router.put(
    "/amendments/{amendment_id}/translations/{language}",
    response_model=TranslationOut,
    responses=ERRORS,
)
async def put_translation(
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    language: str,
    body: TranslationIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TranslationOut:
    """Translate the provisions the proposal changes, and its justification (the secretariat
    or the proposing delegation); the synoptic table in that language shows it, labelled."""
    row = await translations.put(
        session,
        settings,
        amendment,
        language,
        [translations.TranslatedProvision(p.id, p.text) for p in body.provisions],
        body.justification,
        principal,
        if_match,
    )
    described = await translations.describe(session, [row], current_locale())
    response.headers["ETag"] = translations.etag(row)
    return translation_out(described[0])

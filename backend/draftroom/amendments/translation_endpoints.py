"""API: translations of a proposal's text and justification, per language."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from draftroom.amendments import service, translations
from draftroom.amendments.endpoints import ERRORS
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.fields import DbId
from draftroom.kit.i18n import current_locale

router = APIRouter(prefix="/api/v1", tags=["amendments"])
IfMatch = Annotated[
    str | None, Header(description="The translation's ETag; none (or *) for a first one")
]


class TranslatedProvisionIn(BaseModel):
    id: str = Field(description="A provision the proposal changes or inserts")
    text: str


class TranslationIn(BaseModel):
    provisions: list[TranslatedProvisionIn] = Field(default_factory=list)
    justification: str | None = None


class TranslatedProvisionOut(BaseModel):
    id: str
    text: str


class TranslationOut(BaseModel):
    amendment_id: int
    language: str
    provisions: list[TranslatedProvisionOut]
    justification: str | None
    base_version_id: int | None = Field(
        description="The article version in this language the translation is read against"
    )
    translator: str
    by: str = Field(description="The secretariat or the proposing delegation, by name")
    by_secretariat: bool
    version: int
    created_at: datetime
    updated_at: datetime


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
    amendment_id: DbId, session: SessionDep, principal: CurrentPrincipal
) -> list[TranslationOut]:
    """The proposal's translations, by language; each says who made it."""
    amendment = await service.get(session, amendment_id, principal)
    found = await translations.listing(session, amendment, principal, current_locale())
    return [translation_out(t) for t in found]


@router.put(
    "/amendments/{amendment_id}/translations/{language}",
    response_model=TranslationOut,
    responses=ERRORS,
)
async def put_translation(
    amendment_id: DbId,
    language: str,
    body: TranslationIn,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Translate the provisions the proposal changes, and its justification (the secretariat
    or the proposing delegation); the synoptic table in that language shows it, labelled."""
    amendment = await service.get(session, amendment_id, principal)
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
    return JSONResponse(
        translation_out(described[0]).model_dump(mode="json"),
        headers={"ETag": translations.etag(row)},
    )

"""API: Word files of tracked changes and comments, in as a delegation's proposals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.fields import DbId
from draftroom.wordfiles import present, service
from draftroom.wordfiles.dependencies import WordImportDep
from draftroom.wordfiles.schemas import DecisionIn, WordImportOut

router = APIRouter(prefix="/api/v1", tags=["word files"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Observers do not import; a delegation imports only for itself"},
    404: {"description": "Unknown, or not visible to you"},
    409: {"description": "Changes or comments still undecided; already confirmed"},
    422: {
        "description": "Not a .docx (not a zip, a .doc, encrypted, a zip bomb), a file for "
        "another instrument or language, no tracked changes, an unknown provision"
    },
}


@router.post(
    "/instruments/{slug}/word-proposals",
    status_code=201,
    response_model=WordImportOut,
    responses=ERRORS,
)
async def upload(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    file: Annotated[UploadFile, File(description="The .docx with tracked changes and comments")],
    language: Annotated[
        str | None,
        Form(
            description="The file's language (default: the "
            "language the file names, else the source)"
        ),
    ] = None,
    delegation: Annotated[
        DbId | None, Form(description="The secretariat: for which delegation")
    ] = None,
) -> WordImportOut:
    """Read a Word file's tracked changes and comments and place each on a provision: the
    preview, stored. Nothing else is written until it is confirmed."""
    data = await file.read(settings.max_import_bytes + 1)
    row = await service.upload(
        session,
        settings,
        instrument,
        principal,
        data=data,
        filename=file.filename or "",
        language=language,
        delegation_id=delegation,
    )
    response.headers["Location"] = f"/api/v1/instruments/{instrument.slug}/word-proposals/{row.id}"
    return present.import_out(await service.preview(session, row))


@router.get(
    "/instruments/{slug}/word-proposals/{import_id}",
    response_model=WordImportOut,
    responses=ERRORS,
)
async def read(row: WordImportDep, session: SessionDep) -> WordImportOut:
    """The preview: every change and comment with where it lands or why it cannot be placed,
    what is not applied (moves, formatting, tables, footnotes), collisions with newer text."""
    return present.import_out(await service.preview(session, row))


@router.post(
    "/instruments/{slug}/word-proposals/{import_id}/decisions",
    response_model=WordImportOut,
    responses=ERRORS,
)
async def decide(
    principal: CurrentPrincipal, row: WordImportDep, session: SessionDep, body: DecisionIn
) -> WordImportOut:
    """Place an unplaced change or comment on a provision, or skip it."""
    await service.decide(
        session,
        row,
        principal,
        body.item,
        skip=body.skip,
        article_key=body.article,
        provision=body.provision,
    )
    return present.import_out(await service.preview(session, row))


@router.post(
    "/instruments/{slug}/word-proposals/{import_id}/confirm",
    response_model=WordImportOut,
    responses=ERRORS,
)
async def confirm(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    row: WordImportDep,
    session: SessionDep,
    settings: SettingsDep,
) -> WordImportOut:
    """Create the delegation's draft amendments (one per article) and the comments; refused
    (409) while a change or comment is undecided."""
    await service.confirm(session, settings, instrument, row, principal)
    return present.import_out(await service.preview(session, row))

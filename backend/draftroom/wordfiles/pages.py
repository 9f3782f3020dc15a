"""Pages: upload a Word file of tracked changes as proposals, its preview, the decisions on
what could not be placed, confirming. The same service as the API."""

from __future__ import annotations

import itertools
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.identity.service import list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.templates import render
from draftroom.models import Instrument, Role, WordImport
from draftroom.wordfiles import policy, service
from draftroom.wordfiles.dependencies import WordImportDep

router = APIRouter(include_in_schema=False)
UPLOAD = "word-upload"
DECIDE = "word-decide"
CONFIRM = "word-confirm"


def _url(instrument: Instrument, row: WordImport | None = None) -> str:
    base = f"/instruments/{instrument.slug}/word-proposals"
    return f"{base}/{row.id}" if row is not None else base


async def _again(request: Request, session: SessionDep) -> Instrument:
    """The instrument read afresh after a refusal rolled the request's work back."""
    return await instruments.get_instrument(session, request.path_params["slug"])


@router.get("/instruments/{slug}/word-proposals", response_class=HTMLResponse)
async def upload_form(
    request: Request,
    instrument: InstrumentDep,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> HTMLResponse:
    policy.require_can_import(principal)
    secretariat = principal.role is not Role.participant
    return render(
        request,
        "wordfiles/upload.html",
        {
            "principal": principal,
            "instrument": instrument,
            "languages": settings.languages,
            "delegations": await list_delegations(session) if secretariat else [],
        },
    )


@router.post("/instruments/{slug}/word-proposals", response_class=HTMLResponse)
async def upload(
    request: Request,
    instrument: InstrumentDep,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile | None, File()] = None,
    language: Annotated[str, Form(max_length=8)] = "",
    delegation: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    try:
        data = await file.read(settings.max_import_bytes + 1) if file is not None else b""
        row = await service.upload(
            session,
            settings,
            instrument,
            principal,
            data=data,
            filename=(file.filename if file is not None else "") or "",
            language=language or None,
            delegation_id=int(delegation) if delegation.isdigit() else None,
        )
    except DraftroomError as error:
        values = {"language": language, "delegation": delegation}
        await refuse(
            request,
            session,
            UPLOAD,
            error.at(error.field or "file"),
            values,
            ["file", "delegation"],
        )
        instrument = await _again(request, session)
        return await upload_form(request, instrument, session, settings, principal)
    return RedirectResponse(_url(instrument, row), status_code=303)


async def _page(
    request: Request,
    session: SessionDep,
    instrument: Instrument,
    row: WordImport,
    principal: Principal,
) -> HTMLResponse:
    shown = await service.preview(session, row)
    articles = {a.key: a for a in await instruments.articles(session, instrument)}
    targets = await service.targets(session, row)
    # Provision ids as the reader knows them: by number (ids of older versions as they are).
    numbers = {t.provision: t.number for t in targets}
    return render(
        request,
        "wordfiles/preview.html",
        {
            "principal": principal,
            "instrument": instrument,
            "shown": shown,
            "articles": articles,
            "groups": [
                (number, list(rows))
                for number, rows in itertools.groupby(targets, key=lambda t: t.article_number)
            ],
            "numbers": numbers,
            "reason": service.reason_text,
            "unsafe_text": service.unsafe_text,
            "result": row.result or {},
        },
    )


@router.get("/instruments/{slug}/word-proposals/{import_id}", response_class=HTMLResponse)
async def preview(
    request: Request,
    instrument: InstrumentDep,
    row: WordImportDep,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> HTMLResponse:
    return await _page(request, session, instrument, row, principal)


@router.post(
    "/instruments/{slug}/word-proposals/{import_id}/decisions", response_class=HTMLResponse
)
async def decide(
    request: Request,
    instrument: InstrumentDep,
    import_id: DbId,
    row: WordImportDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    item: Annotated[str, Form(max_length=40)],
    skip: Annotated[str, Form(max_length=10)] = "",
    target: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    # The page offers "<article key> <provision id>" in one choice.
    article, _, provision = target.partition(" ")
    try:
        await service.decide(
            session,
            row,
            principal,
            item,
            skip=bool(skip),
            article_key=article or None,
            provision=provision or None,
        )
    except DraftroomError as error:
        values = {"item": item, "target": target}
        await refuse(request, session, f"{DECIDE}-{item}", error.at("target"), values, ["target"])
        instrument = await _again(request, session)
        row = await service.get(session, instrument, import_id, principal)
        return await _page(request, session, instrument, row, principal)
    return RedirectResponse(f"{_url(instrument, row)}#item-{item}", status_code=303)


@router.post("/instruments/{slug}/word-proposals/{import_id}/confirm", response_class=HTMLResponse)
async def confirm(
    request: Request,
    instrument: InstrumentDep,
    import_id: DbId,
    row: WordImportDep,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> Response:
    try:
        await service.confirm(session, settings, instrument, row, principal)
    except DraftroomError as error:
        await refuse(request, session, CONFIRM, error, {}, [])
        instrument = await _again(request, session)
        row = await service.get(session, instrument, import_id, principal)
        return await _page(request, session, instrument, row, principal)
    return RedirectResponse(_url(instrument, row), status_code=303)

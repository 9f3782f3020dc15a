"""The secretariat imports an instrument or a translation (preview, then confirm); an
administrator removes an instrument.

Preview and confirm are two requests. The previewed file travels back with the confirm form,
with a token signed by the server over its hash and the choices made: confirm re-reads the
file from scratch (the client is not trusted) and refuses it if either changed.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.instruments import importing, policy, service
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import Conflict, DraftroomError, InvalidInput
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _l
from draftroom.kit.templates import render
from draftroom.models import Instrument
from draftroom.text.outline import ParsedInstrument

router = APIRouter(include_in_schema=False)
FORM = "import"
FIELDS = ("kind", "file", "language", "slug", "title", "milestone", "instrument")
# Starlette refuses a form field above 1 MiB: the file goes back base64-encoded (4/3).
MAX_CONFIRM_BYTES = 3 * (1024 * 1024 // 4) - 1024


class ChangedSincePreview(Conflict):
    message = _l(
        "The file or the choices changed since the preview: preview it again. Nothing was imported."
    )


class TooLargeForThePage(InvalidInput):
    message = _l(
        "The file has {size} bytes; the import page takes at most {limit}. Import it with "
        "the command “draftroom import”. Nothing was imported."
    )


class NotATranslation(InvalidInput):
    message = _l(
        "{language} is the source language of this instrument: a translation is in another "
        "language."
    )


@dataclass(frozen=True)
class Choices:
    """What the secretariat chose on the form, besides the file."""

    kind: str  # "new" or "translation"
    language: str
    slug: str
    title: str
    milestone: str
    instrument: str

    @property
    def target(self) -> str:
        return self.slug if self.kind == "new" else self.instrument

    def values(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "language": self.language,
            "slug": self.slug,
            "title": self.title,
            "milestone": self.milestone,
            "instrument": self.instrument,
        }


def sign(settings: Settings, principal: Principal, choices: Choices, name: str, data: bytes) -> str:
    """The token binding the preview to this file, these choices and this account."""
    key = settings.secret_key.get_secret_value().encode()
    message = json.dumps(
        {
            "user": principal.id,
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            **choices.values(),
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hmac.new(key, b"instrument import:" + message.encode(), hashlib.sha256).hexdigest()


def read_upload(
    settings: Settings, name: str, data: bytes, language: str, known: set[str]
) -> ParsedInstrument:
    """The file parsed by the CLI's reader, bounded the same way, with the same messages."""
    try:
        return importing.read_upload(settings, name, data, language, known)
    except DraftroomError as error:
        raise error.at(error.field or "file") from None


async def check_choices(
    session: AsyncSession, settings: Settings, choices: Choices
) -> Instrument | None:
    """The instrument a translation goes into (None: a new one), each error at its field."""
    try:
        service.check_language(choices.language, settings)
    except DraftroomError as error:
        raise error.at("language") from None
    if choices.kind == "new":
        try:
            await importing.check_new_slug(session, choices.slug)
        except DraftroomError as error:
            raise error.at("slug") from None
        return None
    try:
        instrument = await service.get_instrument(session, choices.instrument)
    except DraftroomError as error:
        raise error.at("instrument") from None
    if choices.language == instrument.source_language:
        raise NotATranslation(language=choices.language).at("language")
    return instrument


async def form_context(session: AsyncSession, principal: Principal, **extra: Any) -> dict[str, Any]:
    rows, _total = await service.list_instruments(session, limit=200, offset=0)
    return {"principal": principal, "instruments": rows, "form": FORM, **extra}


@router.get("/instruments/import", response_class=HTMLResponse)
async def import_form(
    request: Request, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    policy.require_publish(principal)
    return render(request, "instruments/import.html", await form_context(session, principal))


@router.post("/instruments/import", response_class=HTMLResponse)
async def import_file(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    kind: Annotated[str, Form(pattern="^(new|translation)$")] = "new",
    language: Annotated[str, Form(max_length=8)] = "en",
    slug: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    milestone: Annotated[str, Form(max_length=200)] = "",
    instrument: Annotated[str, Form(max_length=200)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    content: Annotated[str, Form()] = "",
    name: Annotated[str, Form(max_length=300)] = "",
    token: Annotated[str, Form(max_length=200)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Preview (a file is sent) or confirm (the previewed file and its token come back)."""
    policy.require_publish(principal)
    choices = Choices(kind, language, slug.strip(), title.strip(), milestone.strip(), instrument)
    try:
        if confirm:
            try:
                data = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                raise ChangedSincePreview() from None
            expected = sign(settings, principal, choices, name, data)
            if not hmac.compare_digest(token, expected):
                raise ChangedSincePreview()
        else:
            if file is None or not file.filename:
                raise importing.NotAnImportFile().at("file")
            name = file.filename
            data = await file.read()
            if len(data) > MAX_CONFIRM_BYTES:
                raise TooLargeForThePage(size=len(data), limit=MAX_CONFIRM_BYTES).at("file")
        target = await check_choices(session, settings, choices)
        known = await importing.known_ids(session, target)
        parsed = read_upload(settings, name, data, choices.language, known)
        if choices.kind == "new" and choices.title:
            parsed = dataclasses.replace(parsed, title=choices.title)
        try:
            plan = await importing.plan_import(
                session, settings, parsed, language=choices.language, instrument=target
            )
        except DraftroomError as error:
            raise error.at(error.field or "file") from None
        if not confirm:
            return render(
                request,
                "instruments/import.html",
                await form_context(
                    session,
                    principal,
                    plan=plan,
                    choices=choices,
                    target=target,
                    name=name,
                    content=base64.b64encode(data).decode(),
                    token=sign(settings, principal, choices, name, data),
                ),
            )
        try:
            await importing.import_instrument(
                session,
                settings,
                parsed,
                language=choices.language,
                slug=choices.target,
                milestone=choices.milestone or None,
                actor=principal,
            )
        except DraftroomError as error:
            raise error.at(error.field or "file") from None
    except DraftroomError as error:
        # Shown again beside the field at fault, the choices kept (the file must be chosen
        # again: a browser never fills a file input in).
        await refuse(request, session, FORM, error, {**choices.values(), "name": name}, FIELDS)
        return render(request, "instruments/import.html", await form_context(session, principal))
    return RedirectResponse(f"/instruments/{choices.target}", status_code=303)


@router.get("/instruments/{slug}/remove", response_class=HTMLResponse)
async def remove_form(
    request: Request, slug: str, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    policy.require_remove(principal)
    instrument = await service.get_instrument(session, slug)
    return render(
        request,
        "instruments/remove.html",
        {
            "principal": principal,
            "instrument": instrument,
            "removal": await service.removal_summary(session, instrument),
        },
    )


@router.post("/instruments/{slug}/remove", response_class=HTMLResponse)
async def remove(
    request: Request,
    slug: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    typed: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    policy.require_remove(principal)
    instrument = await service.get_instrument(session, slug)
    try:
        await service.remove_instrument(session, instrument, typed, principal)
    except DraftroomError as error:
        await refuse(request, session, "remove", error.at("typed"), {"typed": typed}, ["typed"])
        return await remove_form(request, slug, session, principal)
    return RedirectResponse(f"/admin/instruments?removed={slug}", status_code=303)


@router.get("/admin/instruments", response_class=HTMLResponse)
async def admin_instruments(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    removed: Annotated[str | None, Query(max_length=80)] = None,
) -> HTMLResponse:
    """The instruments an administrator may remove; says which one was just removed."""
    policy.require_remove(principal)
    rows, _total = await service.list_instruments(session, limit=200, offset=0)
    return render(
        request,
        "instruments/admin.html",
        {"principal": principal, "instruments": rows, "removed": removed},
    )

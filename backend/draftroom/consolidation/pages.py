"""The secretariat's consolidation page: pick accepted amendments, preview, resolve
collisions, confirm."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.comparisons.present import inline, rows
from draftroom.consolidation import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import as_id
from draftroom.kit.forms import refusal_of, refuse
from draftroom.kit.i18n import _
from draftroom.kit.templates import render
from draftroom.models import Amendment, Article, Instrument
from draftroom.text.diff import diff_words

router = APIRouter(include_in_schema=False)
PAGE = "/instruments/{slug}/articles/{key}/consolidate"
FORM = "consolidate"


def candidate_diffs(preview: service.Preview | None) -> dict[str, list[str | None]]:
    """Per colliding provision, each candidate as a word diff against the current text
    (None: the candidate deletes the provision)."""
    if preview is None:
        return {}
    return {
        c.provision_id: [
            inline(diff_words(c.current or "", cand.text)) if cand.text is not None else None
            for cand in c.candidates
        ]
        for c in [*preview.collisions, *preview.resolved]
    }


async def _load(
    session: SessionDep, slug: str, key: str, language: str
) -> tuple[Instrument, Article, list[Amendment], dict[int, str]]:
    """The article and its accepted amendments, each with its delegation's name."""
    instrument = await instruments.get_instrument(session, slug)
    article = await instruments.get_article(session, instrument, key)
    candidates = await service.accepted(session, article, language)
    return instrument, article, list(candidates), await service.proposer_names(session, candidates)


async def _without_faults(
    session: SessionDep,
    article: Article,
    language: str,
    chosen: list[int],
    resolutions: dict[str, str],
    principal: Principal,
    error: DraftroomError,
) -> service.Preview | None:
    """After a refused preview, the preview without the compromises at fault (their
    provisions are collisions again, their texts shown as typed), or none."""
    kept = dict(resolutions)
    while (faulty := (error.field or "").removeprefix("resolution:")) in kept:
        del kept[faulty]
        try:
            return await service.preview(session, article, language, chosen, kept, principal)
        except DraftroomError as again:
            error = again
    return None


@router.api_route(PAGE, methods=["GET", "POST"], response_class=HTMLResponse)
async def consolidation_page(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
) -> HTMLResponse:
    """GET lists the accepted amendments; POST (the form) shows the preview."""
    instrument_policy.require_publish(principal)
    instrument = await instruments.get_instrument(session, slug)
    form = await request.form() if request.method == "POST" else None
    language = instruments.check_language(
        str(form.get("language"))
        if form and form.get("language")
        else (language or instrument.source_language),
        settings,
    )
    instrument, article, candidates, names = await _load(session, slug, key, language)
    preview = None
    chosen: list[int] = []
    resolutions: dict[str, str] = {}
    if form is not None:
        chosen = [i for v in form.getlist("amendment") if (i := as_id(v)) is not None]
        resolutions = {
            name.removeprefix("resolution:"): str(value)
            for name, value in form.multi_items()
            if name.startswith("resolution:")
            and isinstance(value, str)
            and name.removeprefix("resolution:") in set(form.getlist("resolve"))
        }
        try:
            preview = await service.preview(
                session, article, language, chosen, resolutions, principal
            )
        except DraftroomError as error:
            # The texts as typed, the message beside the compromise at fault; the page is read
            # again after the rollback.
            if refusal_of(request) is None:
                typed = {f"resolution:{pid}": text for pid, text in resolutions.items()}
                await refuse(request, session, FORM, error, typed, typed)
            instrument, article, candidates, names = await _load(session, slug, key, language)
            preview = await _without_faults(
                session, article, language, chosen, resolutions, principal, error
            )
    return render(
        request,
        "consolidation/page.html",
        {
            "instrument": instrument,
            "article": article,
            "language": language,
            "candidates": candidates,
            "names": names,
            "chosen": chosen,
            "preview": preview,
            "rows": rows(preview.comparison) if preview and preview.comparison else [],
            "resolutions": resolutions,
            "candidate_diffs": candidate_diffs(preview),
            "labels": {
                a.id: _("Amendment {number} ({delegation})").format(
                    number=a.number, delegation=names[a.id]
                )
                for a in candidates
            },
            "etag": instruments.version_etag(preview.current) if preview else "",
        },
    )


@router.post(PAGE + "/confirm")
async def confirm(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    language: Annotated[str, Form()],
    etag: Annotated[str, Form()],
) -> Response:
    form = await request.form()
    chosen = [i for v in form.getlist("amendment") if (i := as_id(v)) is not None]
    resolutions = {
        name.removeprefix("resolution:"): str(value)
        for name, value in form.multi_items()
        if name.startswith("resolution:")
    }
    try:
        await service.consolidate(
            session, settings, instrument, article, language, chosen, resolutions, principal, etag
        )
    except DraftroomError as error:
        # The page again, previewed against the current version, the compromises as typed.
        typed = {f"resolution:{pid}": text for pid, text in resolutions.items()}
        await refuse(request, session, FORM, error, typed, typed)
        return await consolidation_page(request, slug, key, session, settings, principal)
    return RedirectResponse(f"/instruments/{slug}/articles/{key}?text={language}", status_code=303)


@router.post("/instruments/{slug}/articles/{key}/restore")
async def restore(
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    language: Annotated[str, Form()],
    version: Annotated[int, Form()],
    etag: Annotated[str, Form()],
) -> Response:
    """Make an earlier version current again (a new version; history is kept)."""
    await service.restore(
        session, settings, instrument, article, language, version, principal, etag
    )
    return RedirectResponse(f"/instruments/{slug}/articles/{key}?text={language}", status_code=303)

"""HTML pages: the instruments and their articles (the full reader comes next)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from draftroom.instruments import service
from draftroom.kit.deps import SessionDep
from draftroom.kit.i18n import current_locale
from draftroom.kit.templates import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep) -> HTMLResponse:
    rows, _total = await service.list_instruments(session, limit=200, offset=0)
    return render(request, "instruments/list.html", {"instruments": rows})


@router.get("/instruments/{slug}", response_class=HTMLResponse)
async def instrument_page(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    instrument = await service.get_instrument(session, slug)
    rows = await service.outline(session, instrument)
    lang = current_locale()
    return render(
        request,
        "instruments/detail.html",
        {
            "instrument": instrument,
            "title": instrument.title.get(lang) or instrument.title[instrument.source_language],
            "title_lang": lang if lang in instrument.title else instrument.source_language,
            "rows": rows,
        },
    )

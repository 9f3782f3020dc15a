"""Jinja templates with gettext, the reader's locale and text direction."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from draftroom.kit.deps import PRINCIPAL_KEY
from draftroom.kit.forms import refusal_of
from draftroom.kit.i18n import (
    current_locale,
    current_time_zone,
    format_moment,
    gettext,
    language_name,
    ngettext,
    text_direction,
    time_zones,
)


def bdi(value: object) -> Markup:
    """User text or a data label set apart from the sentence around it.

    In an Arabic sentence a milestone named "2007 text" would otherwise read "text 2007": the
    bidi algorithm lets the digits join the right-to-left run. ``<bdi>`` isolates the value and
    takes its direction from its own first strong letter. The value is escaped.
    """
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>{}</bdi>").format(value)


@lru_cache
def templates(frontend_dir: Path) -> Jinja2Templates:
    found = Jinja2Templates(directory=str(frontend_dir / "templates"))
    found.env.add_extension("jinja2.ext.i18n")
    found.env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    found.env.globals["text_direction"] = text_direction
    found.env.globals["language_name"] = language_name
    found.env.globals["current_time_zone"] = current_time_zone
    found.env.globals["time_zones"] = lambda: sorted(time_zones())
    found.env.filters["datetime"] = format_moment
    found.env.filters["bdi"] = bdi
    found.env.filters["number"] = lambda value: format_decimal(value, locale=current_locale())
    return found


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    settings = request.state.settings
    lang = current_locale()
    refusal = refusal_of(request)
    if refusal is not None and status_code < 400:
        # A refused form shown again on the page it came from (kit/forms.py).
        status_code = refusal.status_code
    base = {
        "refusal": refusal,
        "lang": lang,
        "dir": text_direction(lang),
        "languages": settings.languages,
        "principal": request.scope.get(PRINCIPAL_KEY),
    }
    return templates(settings.frontend_dir).TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )

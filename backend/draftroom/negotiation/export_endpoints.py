"""Downloads of the rolling text and the clean text: an article's or the whole instrument's,
now or as a milestone froze it, in every export format; XLSX and CSV are the status report
(one row per provision)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from draftroom.config import Settings
from draftroom.exports.present import disposition, labels
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.instruments.service import check_language
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.i18n import current_locale, force_locale
from draftroom.negotiation import documents
from draftroom.negotiation.documents import ROLLING_FORMATS, RollingExport, RollingFormatKey, View

router = APIRouter(prefix="/api/v1", tags=["negotiation"])
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, in the format asked for",
        "content": {
            f.format.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for f in ROLLING_FORMATS.values()
        },
    },
    401: {"description": "Not signed in"},
    403: {"description": "Observers read the rolling text of a milestone only"},
    404: {"description": "Unknown instrument, article or milestone, or no text in the language"},
    422: {"description": "Unknown format, language or view"},
    503: {"description": "PDF needs Pango and the Noto fonts on the server"},
}
Language = Annotated[
    str | None,
    Query(description="The language of the text: ar, zh, en, fr, ru or es (default: yours)"),
]
MilestoneRef = Annotated[
    str | None, Query(min_length=1, description="Milestone id or name (default: now)")
]
ViewParam = Annotated[
    View,
    Query(description="`rolling`: brackets, alternatives, footnotes; `clean`: agreed words only"),
]


def _language(language: str | None, settings: Settings) -> str:
    return check_language(language or current_locale(), settings)


def _file(export: RollingExport, key: str, settings: Settings) -> Response:
    """The file, its words in the text's language (the caller forces that locale), named
    after what it holds; a text lacking articles in its language ends in ``-incomplete``."""
    fmt = ROLLING_FORMATS[key].format
    data = documents.render(export, key, labels(), settings.frontend_dir / "templates")
    missing = export.document.missing
    suffix = "-incomplete" if missing else ""
    headers = {"Content-Disposition": disposition(export.name, fmt.extension, suffix)}
    if missing:
        headers["X-Draftroom-Missing-Articles"] = ",".join(m.key for m in missing)
    return Response(data, media_type=fmt.media_type, headers=headers)


@router.get(
    "/instruments/{slug}/articles/{key}/rolling.{fmt}", responses=ERRORS, response_class=Response
)
async def export_rolling_article(
    instrument: InstrumentDep,
    article: ArticleDep,
    fmt: RollingFormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Language = None,
    view: ViewParam = "rolling",
    milestone: MilestoneRef = None,
) -> Response:
    """An article's rolling text (square brackets with footnotes naming the delegations,
    alternatives, each provision's status) or clean text (agreed words; "[pending]" until
    agreed), in one language: now, or as a milestone froze it (observers: milestones only,
    403 without). XLSX and CSV: the status report, one row per provision. The file's words
    are in the text's language."""
    language = _language(language, settings)
    with force_locale(language, settings.locales_dir):
        export = await documents.article_export(
            session, instrument, article, language, view, milestone, principal, labels()
        )
        return _file(export, fmt, settings)


@router.get("/instruments/{slug}/rolling.{fmt}", responses=ERRORS, response_class=Response)
async def export_rolling_instrument(
    instrument: InstrumentDep,
    fmt: RollingFormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Language = None,
    view: ViewParam = "rolling",
    milestone: MilestoneRef = None,
) -> Response:
    """The whole instrument's rolling or clean text in one language, footnotes numbered
    through the file: now, or as a milestone froze it (observers: milestones only). The
    articles not yet in that language are named on the first page (and in the report), and
    the file name ends in `-incomplete`."""
    language = _language(language, settings)
    with force_locale(language, settings.locales_dir):
        export = await documents.instrument_export(
            session, instrument, language, view, milestone, principal, labels()
        )
        return _file(export, fmt, settings)

"""Downloads: any version or milestone, any comparison, the synoptic table, as files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from draftroom.config import Settings
from draftroom.exports import service as exports
from draftroom.exports.documents import TextDocument
from draftroom.exports.formats import FORMATS, FormatKey
from draftroom.exports.present import disposition, labels
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.instruments.service import check_language
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.fields import MAX_INT
from draftroom.kit.i18n import force_locale
from draftroom.models import AmendmentStatus, Instrument

router = APIRouter(prefix="/api/v1", tags=["exports"])
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, in the format asked for",
        "content": {
            f.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for f in FORMATS.values()
        },
    },
    401: {"description": "Not signed in"},
    404: {"description": "Unknown instrument, article, version or milestone"},
    422: {"description": "Unknown format, language or text reference"},
    503: {"description": "PDF needs Pango and the Noto fonts on the server"},
}


def text_language(instrument: Instrument, language: str | None, settings: Settings) -> str:
    """The language of the text to export (default: the instrument's source language)."""
    return check_language(language or instrument.source_language, settings)


def file_response(export: exports.Export, key: str, settings: Settings) -> Response:
    """The file in format ``key``, its labels in the document's language (the caller forces
    that locale), named after the export's parts; a text lacking articles in its language
    ends in ``-incomplete`` and lists them in a header."""
    fmt = FORMATS[key]
    document = export.document
    data = fmt.render(
        document,
        document.language,
        labels(),
        templates_dir=settings.frontend_dir / "templates",
    )
    missing = document.missing if isinstance(document, TextDocument) else ()
    suffix = "-incomplete" if missing else ""
    headers = {"Content-Disposition": disposition(export.name, fmt.extension, suffix)}
    if missing:
        # The articles the file lacks, by key, for a client that reads no file format.
        headers["X-Draftroom-Missing-Articles"] = ",".join(m.key for m in missing)
    return Response(data, media_type=fmt.media_type, headers=headers)


@router.get("/instruments/{slug}/export.{fmt}", responses=ERRORS, response_class=Response)
async def export_text(
    instrument: InstrumentDep,
    fmt: FormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    milestone: Annotated[str | None, Query(description="Milestone id or name")] = None,
    since: Annotated[
        str | None,
        Query(description="An earlier milestone (id or name): the text with the changes since"),
    ] = None,
) -> Response:
    """The instrument in one language: the latest draft, or as of a milestone.

    Labels are in the text's language. Articles not yet translated into it are listed on
    the first page and in the file's metadata, and the file name ends in `-incomplete`.
    With `since`, the changes since that milestone are shown (in a .docx, as revisions).
    """
    language = text_language(instrument, language, settings)
    with force_locale(language, settings.locales_dir):
        if since:
            export = await exports.instrument_comparison(
                session, instrument, language, since, milestone or None, principal
            )
        else:
            export = await exports.instrument_text(
                session, instrument, language, milestone, principal
            )
        return file_response(export, fmt, settings)


@router.get(
    "/instruments/{slug}/articles/{key}/export.{fmt}", responses=ERRORS, response_class=Response
)
async def export_article_text(
    instrument: InstrumentDep,
    article: ArticleDep,
    fmt: FormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    milestone: Annotated[str | None, Query(description="Milestone id or name")] = None,
    version: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Version number")] = None,
) -> Response:
    """One article in one language as read on its page: as of a milestone, a version, or
    the latest draft (observers: milestones only). The file name says which."""
    language = text_language(instrument, language, settings)
    with force_locale(language, settings.locales_dir):
        export = await exports.article_text(
            session, instrument, article, language, milestone, version, principal
        )
        return file_response(export, fmt, settings)


@router.get("/instruments/{slug}/compare.{fmt}", responses=ERRORS, response_class=Response)
async def export_instrument_comparison(
    instrument: InstrumentDep,
    fmt: FormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Response:
    """Every article between two milestones (default: the 2007 text and the latest draft)."""
    language = text_language(instrument, language, settings)
    with force_locale(language, settings.locales_dir):
        export = await exports.instrument_comparison(
            session, instrument, language, before or None, after or None, principal
        )
        return file_response(export, fmt, settings)


@router.get(
    "/instruments/{slug}/articles/{key}/compare.{fmt}", responses=ERRORS, response_class=Response
)
async def export_article_comparison(
    instrument: InstrumentDep,
    article: ArticleDep,
    fmt: FormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str = "latest",
) -> Response:
    """One article: any two versions, milestones or proposals."""
    language = text_language(instrument, language, settings)
    with force_locale(language, settings.locales_dir):
        export = await exports.article_comparison(
            session, instrument, article, language, before or None, after or "latest", principal
        )
        return file_response(export, fmt, settings)


@router.get(
    "/instruments/{slug}/articles/{key}/synoptic.{fmt}", responses=ERRORS, response_class=Response
)
async def export_synoptic(
    instrument: InstrumentDep,
    article: ArticleDep,
    fmt: FormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> Response:
    """The synoptic table of an article: base text, every proposal, the decisions."""
    language = text_language(instrument, language, settings)
    with force_locale(language, settings.locales_dir):
        export = await exports.synoptic(
            session, instrument, article, language, principal, delegation or (), status or ()
        )
        return file_response(export, fmt, settings)

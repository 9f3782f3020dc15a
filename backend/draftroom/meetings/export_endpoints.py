"""Downloads of a meeting's documents: the list of decisions, the status of negotiations and
the compilation of proposals by delegation, in any of the six languages and every export
format; as the meeting stood at its close (the same file whenever downloaded), or now
while it is not closed. Everyone signed in reads them, observers included."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from draftroom.config import Settings
from draftroom.exports.present import disposition, labels
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.instruments.service import check_language
from draftroom.kit.actor import Actor
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.i18n import current_locale, force_locale
from draftroom.meetings import documents
from draftroom.meetings.dependencies import MeetingDep
from draftroom.meetings.documents import MEETING_FORMATS, MeetingFormatKey, Which
from draftroom.models import Instrument, Meeting

router = APIRouter(prefix="/api/v1", tags=["meetings"])
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, in the format asked for",
        "content": {
            f.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for f in MEETING_FORMATS.values()
        },
    },
    401: {"description": "Not signed in"},
    404: {"description": "Unknown instrument or meeting"},
    422: {"description": "Unknown format or language"},
    503: {"description": "PDF needs Pango and the Noto fonts on the server"},
}
Language = Annotated[
    str | None,
    Query(description="The document's language: ar, zh, en, fr, ru or es (default: yours)"),
]


async def _file(
    which: Which,
    instrument: Instrument,
    meeting: Meeting,
    fmt: str,
    session: SessionDep,
    settings: Settings,
    principal: Actor,
    lang: str | None,
) -> Response:
    """The document in the language asked for, its words in that language, named after
    what it holds: ``model-law_meeting-3_decisions_ar.pdf``."""
    language = check_language(lang or current_locale(), settings)
    with force_locale(language, settings.locales_dir):
        export = await documents.meeting_export(
            session, instrument, meeting, which, language, principal, labels()
        )
        data = documents.render(export, fmt, settings.frontend_dir / "templates")
    found = MEETING_FORMATS[fmt]
    headers = {"Content-Disposition": disposition(export.name, found.extension)}
    return Response(data, media_type=found.media_type, headers=headers)


@router.get(
    "/instruments/{slug}/meetings/{meeting_id}/decisions.{fmt}",
    responses=ERRORS,
    response_class=Response,
)
async def export_decisions(
    instrument: InstrumentDep,
    meeting: MeetingDep,
    fmt: MeetingFormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    lang: Language = None,
) -> Response:
    """The meeting's decisions, by article: what was decided on each paragraph or
    proposal, the exact words decided (in the source language) and their SHA-256 hash, the
    delegations that reserved their position, the time in the meeting's time zone. XLSX
    and CSV: one row per decision."""
    return await _file("decisions", instrument, meeting, fmt, session, settings, principal, lang)


@router.get(
    "/instruments/{slug}/meetings/{meeting_id}/status.{fmt}",
    responses=ERRORS,
    response_class=Response,
)
async def export_status(
    instrument: InstrumentDep,
    meeting: MeetingDep,
    fmt: MeetingFormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    lang: Language = None,
) -> Response:
    """The status of negotiations: per article, its paragraphs agreed, agreed ad
    referendum, bracketed, open or deleted, its open brackets and alternatives, and the
    proposals still before the group. XLSX and CSV: one row per article."""
    return await _file("status", instrument, meeting, fmt, session, settings, principal, lang)


@router.get(
    "/instruments/{slug}/meetings/{meeting_id}/proposals.{fmt}",
    responses=ERRORS,
    response_class=Response,
)
async def export_proposals(
    instrument: InstrumentDep,
    meeting: MeetingDep,
    fmt: MeetingFormatKey,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    lang: Language = None,
) -> Response:
    """The proposals tabled (and not withdrawn), by delegation: each with its article,
    its status, the paragraphs it proposes in the language it was written in, and its
    justification. XLSX and CSV: one row per proposed paragraph."""
    return await _file("proposals", instrument, meeting, fmt, session, settings, principal, lang)

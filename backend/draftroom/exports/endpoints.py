"""Downloads: any version or milestone, any comparison, the synoptic table, as files."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from draftroom.comparisons import service as comparisons
from draftroom.exports import service as exports
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.models import AmendmentStatus

router = APIRouter(prefix="/api/v1", tags=["exports"])
Format = Literal["docx", "xlsx", "csv", "html", "pdf", "akn"]
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file", "content": {"application/octet-stream": {}}},
    401: {"description": "Not signed in"},
    404: {"description": "Unknown instrument, article, version or milestone"},
    422: {"description": "Unknown format, language or text reference"},
    503: {"description": "PDF needs Pango and the Noto fonts on the server"},
}


class PdfUnavailable(DraftroomError):
    status_code = 503
    message = _l(
        "PDF files cannot be made on this server (Pango and the Noto fonts are "
        "missing); download DOCX or HTML instead."
    )


def labels() -> exports.Labels:
    """Every word an export adds, in the reader's language."""
    return exports.Labels(
        inserted=_("inserted"),
        deleted=_("deleted"),
        article=_("Article {number}"),
        article_column=_("Article"),
        heading=_("Heading"),
        provision=_("Provision"),
        text=_("Text"),
        provision_id=_("Provision id"),
        change=_("Change"),
        changes=_("Changes"),
        unchanged=_("unchanged"),
        changed=_("changed"),
        provision_inserted=_("new provision"),
        provision_deleted=_("provision deleted"),
        provision_moved=_("provision moved"),
        renumbered=_("renumbered, formerly {number}"),
        comparison=_("{before} compared with {after}"),
        legend=_("Inserted text is underlined; deleted text is struck through."),
        legend_markers=_("[+ … +] marks inserted text; [- … -] marks deleted text."),
        base_text=_("Base text"),
        decision=_("Decision"),
        delegation=_("Delegation"),
        tabled=_("Tabled"),
        cosponsors=_("Co-sponsors"),
        status=_("Status"),
        amendment=_("Amendment {number} ({delegation})"),
        no_change=_("No change proposed"),
        synoptic_table=_("Synoptic table"),
        illustrative=_("Illustrative text, not the official Model Law"),
        about=_("About"),
    )


def download(document: exports.Exportable, fmt: Format, settings: Any) -> Response:
    try:
        data, media_type, extension = exports.render(
            document,
            fmt,
            current_locale(),
            labels(),
            templates_dir=settings.frontend_dir / "templates",
        )
    except OSError as exc:  # WeasyPrint could not load Pango
        raise PdfUnavailable() from exc
    name = f"{exports.file_stem(document)}.{extension}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/instruments/{slug}/export.{fmt}", responses=ERRORS, response_class=Response)
async def export_text(
    slug: str,
    fmt: Format,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    milestone: Annotated[str | None, Query(description="Milestone id or name")] = None,
) -> Response:
    """The instrument in one language: the latest draft, or as of a milestone."""
    instrument, language = await instruments.text_in_language(session, settings, slug, language)
    articles = []
    if milestone:
        found = await instruments.get_milestone(session, instrument, milestone)
        label = found.name
        pairs = await instruments.milestone_text(session, found, language)
    else:
        instrument_policy.require_drafts(principal)
        label = _("Latest draft")
        pairs = []
        for article in await instruments.articles(session, instrument):
            latest = await instruments.latest_version(session, article.id, language)
            if latest is not None:
                pairs.append((article, latest))
    for article, version in pairs:
        articles.append(
            exports.TextArticle(article.key, article.number, version.heading, version.provisions)
        )
    document = exports.TextDocument(
        title=instrument.title.get(language) or instrument.title[instrument.source_language],
        language=language,
        label=label,
        illustrative=instrument.illustrative,
        articles=articles,
        instrument=instrument.slug,
    )
    return download(document, fmt, settings)


@router.get("/instruments/{slug}/compare.{fmt}", responses=ERRORS, response_class=Response)
async def export_instrument_comparison(
    slug: str,
    fmt: Format,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Response:
    """Every article between two milestones (default: the 2007 text and the latest draft)."""
    instrument, language = await instruments.text_in_language(session, settings, slug, language)
    document = await comparisons.compare_instrument(
        session, instrument, language, before, after, principal
    )
    return download(document, fmt, settings)


@router.get(
    "/instruments/{slug}/articles/{key}/compare.{fmt}", responses=ERRORS, response_class=Response
)
async def export_article_comparison(
    slug: str,
    key: str,
    fmt: Format,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str = "latest",
) -> Response:
    """One article: any two versions, milestones or proposals."""
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    document = await comparisons.compare_article(
        session, instrument, article, language, before, after, principal
    )
    return download(document, fmt, settings)


@router.get(
    "/instruments/{slug}/articles/{key}/synoptic.{fmt}", responses=ERRORS, response_class=Response
)
async def export_synoptic(
    slug: str,
    key: str,
    fmt: Format,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> Response:
    """The synoptic table of an article: base text, every proposal, the decisions."""
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    document = await comparisons.synoptic(
        session, instrument, article, language, principal, delegation or (), status or ()
    )
    return download(document, fmt, settings)

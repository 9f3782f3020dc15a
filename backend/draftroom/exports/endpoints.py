"""Downloads: any version or milestone, any comparison, the synoptic table, as files."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from draftroom.comparisons import service as comparisons
from draftroom.exports import service as exports
from draftroom.exports.present import disposition
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError
from draftroom.kit.fields import MAX_INT
from draftroom.kit.i18n import _, _l, current_locale, force_locale, language_name
from draftroom.models import AmendmentStatus, Instrument

router = APIRouter(prefix="/api/v1", tags=["exports"])
Format = Literal["docx", "xlsx", "csv", "html", "pdf", "akn"]
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, in the format asked for",
        "content": {
            media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for media_type, _extension in exports.MEDIA_TYPES.values()
        },
    },
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
    """Every word an export adds, in the current locale: the document's language (see
    ``force_locale`` in the routes)."""
    lang = current_locale()
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
        missing=_("Not yet translated into {language}, so not in this file:").format(
            language=language_name(lang, lang)
        ),
        not_translated=_("not yet translated"),
    )


async def reference_name(session: SessionDep, instrument: Instrument, ref: str | None) -> str:
    """A text reference as a file name part: the milestone's name, ``v3``, ``latest``,
    ``amendment-12``; none: the first milestone (every comparison's default before)."""
    if ref is None:
        first = await comparisons.base_milestone(session, instrument)
        return first.name if first else "v1"
    kind, _sep, value = ref.partition(":")
    if kind == "milestone" and value:
        return (await instruments.get_milestone(session, instrument, value)).name
    if kind == "version":
        return f"v{value}"
    if kind == "amendment":
        return f"amendment-{value}"
    return kind


def download(
    document: exports.Exportable, fmt: Format, settings: Any, name: list[str] | None = None
) -> Response:
    """The file, its labels in the document's language (the caller forces that locale),
    named after ``name``'s parts (instrument, article, language, milestone or version)."""
    try:
        data, media_type, extension = exports.render(
            document,
            fmt,
            document.language,
            labels(),
            templates_dir=settings.frontend_dir / "templates",
        )
    except OSError as exc:  # WeasyPrint could not load Pango
        raise PdfUnavailable() from exc
    incomplete = isinstance(document, exports.TextDocument) and bool(document.missing)
    if name is None:
        stem = exports.file_stem(document)
        headers = {"Content-Disposition": f'attachment; filename="{stem}.{extension}"'}
    else:
        suffix = "-incomplete" if incomplete else ""
        headers = {"Content-Disposition": disposition(name, extension, suffix)}
    if isinstance(document, exports.TextDocument) and document.missing:
        # The articles the file lacks, by key, for a client that reads no file format.
        headers["X-Draftroom-Missing-Articles"] = ",".join(m.key for m in document.missing)
    return Response(data, media_type=media_type, headers=headers)


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
    """The instrument in one language: the latest draft, or as of a milestone.

    Labels are in the text's language. Articles not yet translated into it are listed on
    the first page and in the file's metadata, and the file name ends in `-incomplete`.
    """
    instrument, language = await instruments.text_in_language(session, settings, slug, language)
    source = instrument.source_language
    if milestone:
        found = await instruments.get_milestone(session, instrument, milestone)
        pairs = await instruments.milestone_text(session, found, language)
        everything = await instruments.milestone_text(session, found, source)
    else:
        instrument_policy.require_drafts(principal)
        found = None
        pairs, everything = [], []
        for article in await instruments.articles(session, instrument):
            latest = await instruments.latest_version(session, article.id, language)
            if latest is not None:
                pairs.append((article, latest))
            original = await instruments.latest_version(session, article.id, source)
            if original is not None:
                everything.append((article, original))
    present = {article.id for article, _version in pairs}
    with force_locale(language, settings.locales_dir):
        document = exports.TextDocument(
            title=instrument.title.get(language) or instrument.title[source],
            language=language,
            label=found.name if found else _("Latest draft"),
            illustrative=instrument.illustrative,
            articles=[
                exports.TextArticle(a.key, a.number, v.heading, v.provisions) for a, v in pairs
            ],
            instrument=instrument.slug,
            missing=tuple(
                exports.MissingArticle(a.key, a.number, v.heading, source)
                for a, v in everything
                if a.id not in present
            ),
        )
        reference = found.name if found else "latest"
        return download(document, fmt, settings, [instrument.slug, language, reference])


@router.get(
    "/instruments/{slug}/articles/{key}/export.{fmt}", responses=ERRORS, response_class=Response
)
async def export_article_text(
    slug: str,
    key: str,
    fmt: Format,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    milestone: Annotated[str | None, Query(description="Milestone id or name")] = None,
    version: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Version number")] = None,
) -> Response:
    """One article in one language as read on its page: as of a milestone, a version, or
    the latest draft (observers: milestones only). The file name says which."""
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    found = await instruments.get_milestone(session, instrument, milestone) if milestone else None
    if found is None:
        instrument_policy.require_drafts(principal)
    text = await instruments.read_version(session, article, language, version, found)
    if found is not None:
        reference = found.name
    else:
        reference = f"v{text.seq}" if version is not None else "latest"
    with force_locale(language, settings.locales_dir):
        label = (
            found.name
            if found is not None
            else _("Version {seq}").format(seq=text.seq)
            if version is not None
            else _("Latest draft")
        )
        document = exports.TextDocument(
            title=instrument.title.get(language) or instrument.title[instrument.source_language],
            language=language,
            label=label,
            illustrative=instrument.illustrative,
            articles=[
                exports.TextArticle(article.key, article.number, text.heading, text.provisions)
            ],
            instrument=instrument.slug,
        )
        return download(
            document, fmt, settings, [instrument.slug, article.key, language, reference]
        )


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
    with force_locale(language, settings.locales_dir):
        document = await comparisons.compare_instrument(
            session, instrument, language, before or None, after or None, principal
        )
        name = [
            instrument.slug,
            language,
            "compare",
            await reference_name(session, instrument, f"milestone:{before}" if before else None),
            await reference_name(session, instrument, f"milestone:{after}" if after else "latest"),
        ]
        return download(document, fmt, settings, name)


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
    after = after or "latest"
    with force_locale(language, settings.locales_dir):
        document = await comparisons.compare_article(
            session, instrument, article, language, before or None, after, principal
        )
        name = [
            instrument.slug,
            article.key,
            language,
            "compare",
            await reference_name(session, instrument, before or None),
            await reference_name(session, instrument, after),
        ]
        return download(document, fmt, settings, name)


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
    with force_locale(language, settings.locales_dir):
        document = await comparisons.synoptic(
            session, instrument, article, language, principal, delegation or (), status or ()
        )
        name = [instrument.slug, article.key, language, "synoptic", "latest"]
        return download(document, fmt, settings, name)

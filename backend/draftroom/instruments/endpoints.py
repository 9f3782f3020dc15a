"""API: instruments, articles and their versions, milestones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, Response, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import importing, policy, service
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.instruments.present import translation_gap_text, version_label, version_out
from draftroom.instruments.schemas import (
    ArticleOutline,
    ArticleVersionOut,
    ImportedArticle,
    ImportOut,
    InstrumentDetail,
    InstrumentSummary,
    MilestoneCreated,
    MilestoneIn,
    MilestoneOut,
    MilestoneText,
    TranslationWarning,
    VersionIn,
    VersionSummary,
)
from draftroom.kit.deps import SessionDep, SettingsDep, get_database
from draftroom.kit.errors import NotFound
from draftroom.kit.etag import IfMatch, make_etag, matches
from draftroom.kit.fields import MAX_INT
from draftroom.kit.i18n import current_locale
from draftroom.kit.pagination import Page, PageParams, page_params
from draftroom.models import Instrument, Milestone

router = APIRouter(prefix="/api/v1", tags=["instruments"])

Pages = Annotated[PageParams, Depends(page_params)]
Language = Annotated[str, Query(description="Language of the text: ar, zh, en, fr, ru or es")]
ERRORS: dict[int | str, dict[str, str]] = {
    404: {"description": "Unknown instrument, article, version or milestone"},
    422: {"description": "Unknown language or invalid input"},
}


def summary(instrument: Instrument) -> InstrumentSummary:
    return InstrumentSummary(
        slug=instrument.slug,
        title=instrument.title,
        source_language=instrument.source_language,
        illustrative=instrument.illustrative,
        created_at=instrument.created_at,
    )


@router.get("/instruments", response_model=Page[InstrumentSummary])
async def list_instruments(
    session: SessionDep, pages: Pages, principal: CurrentPrincipal
) -> Page[InstrumentSummary]:
    """All instruments, oldest first."""
    rows, total = await service.list_instruments(session, pages.limit, pages.offset)
    return Page(items=[summary(i) for i in rows], total=total, **pages.model_dump())


@router.get("/instruments/{slug}", responses=ERRORS)
async def read_instrument(
    principal: CurrentPrincipal, instrument: InstrumentDep, session: SessionDep
) -> InstrumentDetail:
    """An instrument with its outline: articles in order, their headings and languages
    (for observers, as of the latest published milestone)."""
    rows = await service.reader_outline(session, instrument, principal)
    return InstrumentDetail(
        **summary(instrument).model_dump(),
        articles=[
            ArticleOutline(
                key=row.article.key,
                number=row.article.number,
                position=row.article.position,
                headings=row.headings,
                languages=list(row.headings),
            )
            for row in rows
        ],
    )


@router.get(
    "/instruments/{slug}/articles/{key}",
    response_model=ArticleVersionOut,
    responses={**ERRORS, 304: {"description": "Not modified (If-None-Match)"}},
)
async def read_article(
    request: Request,
    slug: str,
    key: str,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Language = "en",
    version: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="Version number (seq)")
    ] = None,
    milestone: Annotated[
        str | None, Query(min_length=1, description="Milestone id or name")
    ] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """An article in one language: the latest version, a given version, or a milestone's.

    Versions are immutable, so the ETag is the version id: send it back in
    `If-None-Match` to get 304, and in `If-Match` when publishing the next version.
    """
    service.check_language(language, settings)
    if milestone is None:
        policy.require_drafts(principal)
    db = get_database(request)
    version_id = await service.version_id_to_show(db, slug, key, language, version, milestone)
    etag = make_etag(version_id)
    immutable = version is not None or milestone is not None
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=31536000, immutable" if immutable else "no-cache",
    }
    if matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    # The body holds words in the reader's language (the version's label).
    cache: dict[tuple[int, str], bytes] = request.state.version_cache
    body = cache.get((version_id, current_locale()))
    if body is None:
        instrument, article, found = await service.version_in_context(db, version_id)
        body = version_out(instrument, article, found).model_dump_json().encode()
        if len(cache) >= 10_000:
            cache.clear()
        cache[(version_id, current_locale())] = body
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/instruments/{slug}/articles/{key}/versions",
    response_model=Page[VersionSummary],
    responses=ERRORS,
)
async def list_versions(
    principal: CurrentPrincipal,
    article: ArticleDep,
    session: SessionDep,
    settings: SettingsDep,
    pages: Pages,
    language: Annotated[str | None, Query(description="Only this language")] = None,
) -> Page[VersionSummary]:
    """Every version of an article, newest first per language (not for observers)."""
    policy.require_drafts(principal)
    if language:
        service.check_language(language, settings)
    rows, total = await service.list_versions(session, article, language, pages.limit, pages.offset)
    return Page(
        items=[
            VersionSummary.model_validate(v).model_copy(update={"label": version_label(v)})
            for v in rows
        ],
        total=total,
        **pages.model_dump(),
    )


@router.post(
    "/instruments/{slug}/articles/{key}/versions",
    status_code=201,
    response_model=ArticleVersionOut,
    responses={
        **ERRORS,
        401: {"description": "No valid API token"},
        403: {"description": "Not the secretariat"},
        412: {"description": "If-Match names a version that is no longer the latest"},
        428: {"description": "If-Match missing"},
    },
)
async def publish_version(
    user: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    body: VersionIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ArticleVersionOut:
    """Publish a new version of an article in one language (secretariat).

    The previous version is never changed. `If-Match` must carry the ETag of the latest
    version in that language; a first version in a language needs none.
    """
    version = await service.publish_version(
        session,
        settings,
        instrument=instrument,
        article=article,
        language=body.language,
        heading=body.heading,
        provisions=body.provisions,
        label=body.label,
        actor=user,
        if_match=if_match,
        translated_from=body.translated_from_version,
    )
    response.headers["ETag"] = service.version_etag(version)
    response.headers["Location"] = (
        f"/api/v1/instruments/{instrument.slug}/articles/{article.key}"
        f"?language={version.language}&version={version.seq}"
    )
    return version_out(instrument, article, version)


async def milestones_out(
    session: AsyncSession, milestones: Sequence[Milestone]
) -> list[MilestoneOut]:
    """The milestones with their fingerprints computed from the text of their versions."""
    fingerprints = await service.milestone_fingerprints(session, milestones)
    return [
        MilestoneOut(
            id=m.id,
            name=m.name,
            note=m.note,
            created_at=m.created_at,
            author_id=m.author_id,
            content_hashes=fingerprints.get(m.id) or None,
        )
        for m in milestones
    ]


@router.get("/instruments/{slug}/milestones", response_model=Page[MilestoneOut], responses=ERRORS)
async def list_milestones(
    principal: CurrentPrincipal, instrument: InstrumentDep, session: SessionDep, pages: Pages
) -> Page[MilestoneOut]:
    """Named snapshots of the whole instrument, oldest (the base text) first."""
    rows, total = await service.list_milestones(session, instrument, pages.limit, pages.offset)
    return Page(items=await milestones_out(session, rows), total=total, **pages.model_dump())


@router.post(
    "/instruments/{slug}/milestones",
    status_code=201,
    response_model=MilestoneCreated,
    responses={
        **ERRORS,
        401: {"description": "No valid API token"},
        403: {"description": "Not the secretariat"},
        409: {"description": "A milestone with this name exists"},
    },
)
async def create_milestone(
    user: CurrentPrincipal,
    instrument: InstrumentDep,
    body: MilestoneIn,
    session: SessionDep,
    settings: SettingsDep,
) -> MilestoneCreated:
    """Snapshot the latest version of every article in every language under a name.
    Translations that are outdated or missing are published as they stand and listed in
    `warnings`."""
    gaps = await service.translation_gaps(session, instrument, settings.languages)
    milestone = await service.create_milestone(session, instrument, body.name, body.note, user)
    (out,) = await milestones_out(session, [milestone])
    return MilestoneCreated(
        **out.model_dump(),
        warnings=[
            TranslationWarning(
                article=gap.article.key,
                number=gap.article.number,
                language=gap.language,
                status=gap.status.value,
                detail=translation_gap_text(gap),
            )
            for gap in gaps
        ],
    )


@router.get("/instruments/{slug}/milestones/{ref}", responses=ERRORS)
async def read_milestone(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    ref: str,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    language: Language = "en",
) -> MilestoneText:
    """The whole instrument in one language as of a milestone (by id or name)."""
    service.check_language(language, settings)
    milestone = await service.get_milestone(session, instrument, ref)
    rows = await service.milestone_text(session, milestone, language)
    response.headers["ETag"] = make_etag(f"m{milestone.id}-{language}")
    (out,) = await milestones_out(session, [milestone])
    return MilestoneText(
        **out.model_dump(),
        instrument=instrument.slug,
        language=language,
        articles=[version_out(instrument, article, version) for article, version in rows],
    )


@router.post(
    "/instruments/import",
    status_code=201,
    response_model=ImportOut,
    responses={
        **ERRORS,
        200: {"description": "A dry run: what the import would do; nothing was written"},
        401: {"description": "No valid API token"},
        403: {"description": "Not the secretariat"},
        409: {"description": "A new instrument's slug is taken"},
        422: {
            "description": "Unknown language; not an outline or a readable .docx (not a zip, "
            "a .doc, encrypted, a zip bomb); tracked changes (counted); a file in another "
            "language; a malformed or too large file"
        },
    },
)
async def import_file(
    user: CurrentPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    file: Annotated[
        UploadFile, File(description="An outline (.md, .txt) or a Word document (.docx)")
    ],
    language: Annotated[str, Form(max_length=8, description="The file's language")],
    instrument: Annotated[
        str,
        Form(
            max_length=200,
            description="A new instrument's slug, or the instrument a translation or a new "
            "draft goes into",
        ),
    ],
    milestone: Annotated[
        str | None, Form(max_length=200, description="Name a milestone after the import")
    ] = None,
    dry_run: Annotated[bool, Form(description="Check and report, write nothing")] = False,
) -> ImportOut:
    """Import an instrument, a translation or a new draft from a file (secretariat), as
    `draftroom import` and the import page do, with the same checks and messages.

    A .docx that carries tracked changes is refused (they are counted): accept or reject
    them first, or send the file as a proposal. Our own .docx exports import back, read by
    the provision ids they carry. Either every article lands or nothing does.
    """
    policy.require_publish(user)
    service.check_language(language, settings)
    limits = importing.ImportLimits.from_settings(settings)
    data = await file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise importing.FileTooLarge(size=len(data), limit=limits.max_bytes)
    try:
        target: Instrument | None = await service.get_instrument(session, instrument)
    except NotFound:
        await importing.check_new_slug(session, instrument)
        target = None
    known = await importing.known_ids(session, target)
    parsed = importing.read_upload(settings, file.filename or "", data, language, known)
    plan = await importing.plan_import(
        session, settings, parsed, language=language, instrument=target
    )
    out = ImportOut(
        instrument=instrument,
        language=language,
        title=plan.title,
        articles=[
            ImportedArticle(
                number=a.number, heading=a.heading, provisions=a.provisions, exists=a.exists
            )
            for a in plan.articles
        ],
        provisions=plan.provisions,
        missing=[a.number for a in plan.missing],
        imported=False,
        created_articles=0,
        new_versions=0,
        unchanged=0,
        milestone=None,
    )
    if dry_run:
        response.status_code = 200
        return out
    report = await importing.import_instrument(
        session,
        settings,
        parsed,
        language=language,
        slug=instrument,
        milestone=milestone or None,
        actor=user,
        limits=limits,
    )
    response.headers["Location"] = f"/api/v1/instruments/{instrument}"
    return out.model_copy(
        update={
            "imported": True,
            "created_articles": report.created_articles,
            "new_versions": report.new_versions,
            "unchanged": report.unchanged,
            "milestone": report.milestone,
        }
    )

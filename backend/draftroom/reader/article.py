"""An article in one to three languages, aligned by provision, with its discussion, its
history and provenance; the new-comment form on it (and on an amendment's page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from draftroom.amendments import policy as amendment_policy
from draftroom.amendments import service as amendments
from draftroom.comments import pages as comment_pages
from draftroom.comments import policy as comment_policy
from draftroom.comments import service as comments
from draftroom.exports.present import download_formats
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import policy, provenance, service
from draftroom.instruments.present import display_number, text_language
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, InvalidInput, NotFound
from draftroom.kit.fields import MAX_INT, DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _l, current_locale
from draftroom.kit.templates import render
from draftroom.models import (
    AgreementStatus,
    Article,
    ArticleVersion,
    CommentVisibility,
    Instrument,
    Milestone,
)
from draftroom.negotiation import policy as negotiation_policy
from draftroom.negotiation import rolling
from draftroom.reader.amendment import amendment_page
from draftroom.reader.instrument import reading_milestone
from draftroom.wordfiles import policy as word_policy

router = APIRouter(include_in_schema=False)
MAX_COLUMNS = 3


@dataclass(frozen=True)
class Cell:
    number: str
    text: str


@dataclass(frozen=True)
class Column:
    language: str
    version: ArticleVersion | None
    status: service.Status


@router.get("/instruments/{slug}/articles/{key}", response_class=HTMLResponse)
async def article_page(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    text: Annotated[list[str] | None, Query()] = None,
    version: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    milestone: str | None = None,
    comment_lang: str | None = None,
    comment_provision: Annotated[str | None, Query(max_length=200)] = None,
    comment_on: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """One language, or two or three side by side, aligned provision by provision."""
    # Read first: the live connection replays whatever commits after what is shown here.
    live_seq = await journal.head(session)
    instrument = await service.get_instrument(session, slug)
    article = await service.get_article(session, instrument, key)
    if version is not None:
        policy.require_drafts(principal)
    reading = await reading_milestone(session, instrument, milestone, principal)
    statuses = (await service.translation_status(session, instrument, settings.languages))[
        article.id
    ]
    available = [lang for lang, status in statuses.items() if status != service.Status.missing]
    languages = list(
        dict.fromkeys(text or [text_language(instrument, current_locale(), available)])
    )
    try:
        for code in languages:
            service.check_language(code, settings)
        if len(languages) > MAX_COLUMNS:
            raise InvalidInput(_l("Up to {n} languages can be read side by side."), n=MAX_COLUMNS)
    except DraftroomError as error:
        # The choice stays ticked, the reason beside it; the first languages are shown.
        await refuse(request, session, "texts", error.at("text"), {"text": languages}, ["text"])
        languages = [code for code in languages if code in settings.languages][:MAX_COLUMNS] or [
            text_language(instrument, current_locale(), available)
        ]
    columns = []
    for code in languages:
        found = None
        if code in available:
            seq = version if len(languages) == 1 else None
            found = await service.read_version(session, article, code, seq, reading)
        columns.append(Column(code, found, statuses[code]))
    history = await service.list_versions(session, article, languages[0], 200, 0)
    if comment_lang:
        service.check_language(comment_lang, settings)
    # The whole conversation, every language; filtered by language only when asked (said).
    thread = await comments.thread(
        session, article, principal, only=comment_lang or None, provision=comment_provision or None
    )
    rows = align(columns)
    numbers = {p["id"]: p["number"] for c in columns if c.version for p in c.version.provisions}
    return render(
        request,
        "instruments/article.html",
        {
            "principal": principal,
            "instrument": instrument,
            "article": article,
            "columns": columns,
            "rows": rows,
            "marks": marks(thread, columns),
            "numbers": {**thread.numbers, **numbers},
            # Without script, "Comment" beside a provision reloads with the form set on it.
            "comment_on": comment_on if comment_on in numbers else None,
            "statuses": statuses,
            "available": available,
            "history": history[0],
            "trail": await provenance.trail(session, history[0]),
            "can_publish": policy.can_publish(principal),
            "drafts": policy.can_read_drafts(principal),
            "thread": thread,
            "authors": await comments.authors(session, [e.comment for e in thread.entries]),
            "live_seq": live_seq,
            "can_comment": comment_policy.can_write(principal),
            "milestones": (await service.list_milestones(session, instrument, 200, 0))[0],
            "reading": reading,
            "version": version,
            "neighbours": await neighbours(session, instrument, article),
            "proposals": (await amendments.counts_by_article(session, instrument)).get(
                article.id, 0
            ),
            "can_propose": amendment_policy.can_propose(principal),
            "can_import_word": word_policy.can_import(principal),
            "formats": download_formats(changes=False),
            "agreement": await agreement_statuses(session, instrument, article, reading, principal)
            if version is None
            else {},
            "rolling_readable": (
                reading is not None or negotiation_policy.can_read_working(principal)
            ),
        },
    )


async def agreement_statuses(
    session: SessionDep,
    instrument: Instrument,
    article: Article,
    reading: Milestone | None,
    principal: CurrentPrincipal,
) -> dict[str, AgreementStatus]:
    """Each provision's agreement status as the rolling text shows it: now, or as the
    milestone being read froze it (observers read milestones only)."""
    if reading is None and not negotiation_policy.can_read_working(principal):
        return {}
    try:
        source = await service.read_version(
            session, article, instrument.source_language, None, reading
        )
    except NotFound:
        return {}
    state = await rolling.state_for(session, instrument, reading, article.id)
    built = rolling.build(instrument, article, source, source, state, {}, reading)
    return {p.key: p.status for p in built.provisions}


def marks(
    thread: comments.Thread, columns: list[Column]
) -> dict[tuple[str, str], list[comments.Segment]]:
    """The words comments quote, highlighted in the text shown, per (provision, language)."""
    quoted = {
        (e.comment.provision_key, e.comment.language)
        for e in thread.entries
        if e.quote and e.comment.provision_key
    }
    found: dict[tuple[str, str], list[comments.Segment]] = {}
    for column in columns:
        for provision in column.version.provisions if column.version else []:
            key = (provision["id"], column.language)
            if key in quoted:
                found[key] = comments.highlights(
                    thread, column.language, provision["id"], provision["text"]
                )
    return found


def align(columns: list[Column]) -> list[tuple[str, list[Cell | None]]]:
    """Rows keyed by provision id, in the order of the first column (others' extras after)."""
    order: list[str] = []
    cells: dict[str, dict[int, Cell]] = {}
    for index, column in enumerate(columns):
        for provision in column.version.provisions if column.version else []:
            if provision["id"] not in cells:
                order.append(provision["id"])
                cells[provision["id"]] = {}
            cells[provision["id"]][index] = Cell(
                display_number(provision["number"]), provision["text"]
            )
    return [(pid, [cells[pid].get(i) for i in range(len(columns))]) for pid in order]


async def neighbours(
    session: SessionDep, instrument: Instrument, article: Article
) -> tuple[Article | None, Article | None]:
    ordered = list(await service.articles(session, instrument))
    index = next(i for i, a in enumerate(ordered) if a.id == article.id)
    return (
        ordered[index - 1] if index > 0 else None,
        ordered[index + 1] if index + 1 < len(ordered) else None,
    )


@router.post("/instruments/{slug}/articles/{key}/comments", response_class=HTMLResponse)
async def post_comment(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    body: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
    visibility: Annotated[CommentVisibility, Form()] = CommentVisibility.everyone,
    provision: Annotated[str, Form()] = "",
    quote: Annotated[str, Form()] = "",
    parent: Annotated[DbId | None, Form()] = None,
    amendment: Annotated[DbId | None, Form()] = None,
) -> Response:
    instrument, article, language = await service.article_in_language(
        session, settings, slug, key, language
    )
    try:
        comment = await comments.create(
            session,
            instrument,
            article,
            language=language,
            body=body,
            actor=principal,
            visibility_=visibility,
            provision=provision or None,
            quote=quote or None,
            amendment_id=amendment,
            parent_id=parent,
        )
    except DraftroomError as error:
        # The page again with the comment as typed; a refused quote is said above the form.
        values = {
            "body": body,
            "language": language,
            "visibility": visibility.value,
            "provision": provision,
            "quote": quote,
        }
        await refuse(request, session, comment_pages.NEW_COMMENT, error, values, ["body"])
        if amendment is not None:
            return await amendment_page(request, amendment, session, principal)
        return await article_page(
            request,
            slug,
            key,
            session,
            settings,
            principal,
            text=[language],
            comment_on=provision or None,
        )
    return await comment_pages.back(session, comment)

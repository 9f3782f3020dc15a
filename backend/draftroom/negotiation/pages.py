"""The rolling text's pages: an article's rolling (or clean) text side by side in up to three
languages with the forms of the negotiation on it, and the progress towards agreement.

Thin: the read model is rolling.py's, every decision the service's and the policy's. A refused
form comes back on the rolling text, as typed, the message beside it (kit/forms.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from babel.numbers import format_percent
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from draftroom.amendments import service as amendments
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.principal import Principal
from draftroom.identity.service import list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.present import display_number, text_language
from draftroom.journal import service as journal
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.errors import DraftroomError, InvalidInput, NotFound
from draftroom.kit.fields import DbId
from draftroom.kit.forms import refuse
from draftroom.kit.i18n import _l, current_locale
from draftroom.kit.templates import render
from draftroom.models import AgreementStatus, Article, Instrument, Milestone
from draftroom.negotiation import documents, policy, present, rolling, service
from draftroom.negotiation.rolling import (
    Removed,
    RollingArticle,
    RollingBracket,
    RollingProvision,
)
from draftroom.negotiation.state import State

router = APIRouter(include_in_schema=False)
MAX_COLUMNS = 3
VIEWS = ("rolling", "clean")


@dataclass(frozen=True)
class Column:
    """One language of the rolling text; ``text`` None: no text in it (at that milestone)."""

    language: str
    text: RollingArticle | None


@dataclass
class Row:
    """A provision across the languages shown: its state (the same in every language, decided
    on the source text) from the first language that has it, and each language's cell."""

    key: str
    number: str
    provision: RollingProvision
    cells: list[RollingProvision | None]
    # Brackets delegations asked for, not yet in the text.
    requests: list[RollingBracket] = field(default_factory=list)
    # Each bracket's words (language, quote): the source language's, else the first marked.
    quotes: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class RemovedRow:
    """A paragraph a later version removed, across the languages shown: the brackets and
    alternatives each language's text keeps of it (None: that language still has it, or
    has no text), and each bracket's words (language, quote) as in ``Row``."""

    key: str
    cells: list[Removed | None]
    quotes: dict[int, tuple[str, str]] = field(default_factory=dict)


def percent(share: float) -> str:
    """A share of provisions settled, as the reader's language writes a percentage."""
    return format_percent(share, locale=current_locale())


def chosen_languages(langs: list[str] | None) -> list[str]:
    """``?langs=en,ar,zh`` or ``?langs=en&langs=ar`` (the form's checkboxes), in order."""
    found: list[str] = []
    for item in langs or ():
        found.extend(code.strip() for code in item.split(",") if code.strip())
    return list(dict.fromkeys(found))


def rows_of(columns: list[Column], state: State, source: str) -> list[Row]:
    """Rows keyed by provision id, in the order of the first language (others' extras after)."""
    order: list[str] = []
    cells: dict[str, dict[int, RollingProvision]] = {}
    for index, column in enumerate(columns):
        for provision in column.text.provisions if column.text else []:
            if provision.key not in cells:
                order.append(provision.key)
                cells[provision.key] = {}
            cells[provision.key][index] = provision
    rows = []
    for key in order:
        found = cells[key]
        first = found[min(found)]
        quotes = {
            bracket.id: bracket_words(state, bracket.id, source)
            for bracket in [*first.requested, *first.brackets, *first.unplaced]
        }
        rows.append(
            Row(
                key,
                display_number(first.number),
                first,
                [found.get(i) for i in range(len(columns))],
                first.requested,
                quotes,
            )
        )
    return rows


async def read_columns(
    session: SessionDep,
    instrument: Instrument,
    article: Article,
    languages: list[str],
    principal: Principal,
    milestone: Milestone | None,
) -> tuple[State, dict[int, str], list[Column]]:
    """The rolling text in each language, from one reading of the state: now (not for
    observers), or as the milestone froze it; the delegations' names it used."""
    if milestone is None:
        policy.require_read_working(principal)
    state = await rolling.state_for(session, instrument, milestone, article.id)
    names = await rolling.delegation_names(session)
    numbers = await rolling.amendment_numbers(session, state)
    source = await instruments.read_version(
        session, article, instrument.source_language, milestone=milestone
    )
    columns = []
    for code in languages:
        try:
            version = (
                source
                if code == source.language
                else await instruments.read_version(session, article, code, milestone=milestone)
            )
        except NotFound:
            columns.append(Column(code, None))
            continue
        built = rolling.build(
            instrument, article, version, source, state, names, milestone, numbers=numbers
        )
        columns.append(Column(code, built))
    return state, names, columns


def bracket_words(state: State, bracket_id: int, source: str) -> tuple[str, str]:
    """(language, quote) of a bracket: the source language's words, else the first marked."""
    spans = state.brackets[bracket_id].spans if bracket_id in state.brackets else {}
    language = source if source in spans else next(iter(spans), "")
    return language, str(spans.get(language, {}).get("quote", ""))


def removed_rows(columns: list[Column], state: State, source: str) -> list[RemovedRow]:
    """The paragraphs removed from a text shown that still hold brackets or alternatives."""
    order: list[str] = []
    cells: dict[str, dict[int, Removed]] = {}
    for index, column in enumerate(columns):
        for gone in column.text.removed if column.text else []:
            if gone.key not in cells:
                order.append(gone.key)
                cells[gone.key] = {}
            cells[gone.key][index] = gone
    return [
        RemovedRow(
            key,
            [cells[key].get(i) for i in range(len(columns))],
            {
                b.id: bracket_words(state, b.id, source)
                for gone in cells[key].values()
                for b in gone.brackets
            },
        )
        for key in order
    ]


def back(slug: str, key: str, langs: str, view: str, anchor: str = "") -> str:
    query = urlencode({"langs": langs, "view": view} if langs else {"view": view})
    return f"/instruments/{slug}/articles/{key}/rolling?{query}" + (f"#{anchor}" if anchor else "")


@router.get("/instruments/{slug}/articles/{key}/rolling", response_class=HTMLResponse)
async def rolling_page(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Annotated[list[str] | None, Query(max_length=100)] = None,
    view: str = "rolling",
    milestone: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """The rolling text (brackets, alternatives, footnotes naming delegations, the status of
    every provision) or the clean text, in one to three languages side by side."""
    # Read first: the live connection replays whatever commits after what is shown here.
    live_seq = await journal.head(session)
    instrument = await instruments.get_instrument(session, slug)
    article = await instruments.get_article(session, instrument, key)
    milestones = (await instruments.list_milestones(session, instrument, 200, 0))[0]
    reading = await instruments.get_milestone(session, instrument, milestone) if milestone else None
    view = view if view in VIEWS else "rolling"
    if reading is None and not policy.can_read_working(principal):
        # Observers read what a published milestone froze: offer them the milestones.
        try:
            policy.require_read_working(principal)
        except DraftroomError as error:
            refused = error.detail
        return render(
            request,
            "negotiation/rolling.html",
            {
                "instrument": instrument,
                "article": article,
                "milestones": milestones,
                "reading": None,
                "refused": refused,
                "view": view,
                "langs": "",
            },
            status_code=403,
        )
    statuses = (await instruments.translation_status(session, instrument, settings.languages))[
        article.id
    ]
    available = [code for code, status in statuses.items() if status.value != "missing"]
    default = text_language(instrument, current_locale(), available)
    languages = chosen_languages(langs) or [default]
    try:
        for code in languages:
            instruments.check_language(code, settings)
        if len(languages) > MAX_COLUMNS:
            raise InvalidInput(_l("Up to {n} languages can be read side by side."), n=MAX_COLUMNS)
    except DraftroomError as error:
        # The choice stays ticked, the reason beside it; the first languages are shown.
        await refuse(request, session, "texts", error.at("langs"), {"langs": languages}, ["langs"])
        languages = [code for code in languages if code in settings.languages][:MAX_COLUMNS] or [
            default
        ]
    state, names, columns = await read_columns(
        session, instrument, article, languages, principal, reading
    )
    rows = rows_of(columns, state, instrument.source_language)
    working = reading is None
    deciding = working and policy.can_decide(principal)
    asking = working and policy.can_ask(principal)
    mine = names.get(principal.delegation_id) if principal.delegation_id else None
    proposals = []
    if deciding:
        found, _total = await amendments.search(
            session,
            instrument,
            principal,
            amendments.Filters(article.key, None, service.PROPOSABLE),
            200,
            0,
        )
        proposals = [a for a in found if a.language == instrument.source_language]
    numbers = {a.id: a.number for a in proposals}
    return render(
        request,
        "negotiation/rolling.html",
        {
            "instrument": instrument,
            "article": article,
            "milestones": milestones,
            "reading": reading,
            "view": view,
            "langs": ",".join(c.language for c in columns),
            "columns": columns,
            "rows": rows,
            "removed": removed_rows(columns, state, instrument.source_language),
            "source_language": instrument.source_language,
            "heading": next((c.text.heading for c in columns if c.text), ""),
            "heading_lang": next((c.language for c in columns if c.text), default),
            "statuses": list(present.ORDER),
            "status_note": present.status_note,
            "changed_note": present.changed_note,
            "not_found_note": present.not_found_note,
            "no_span_note": present.no_span_note,
            "pending": present.pending(),
            "alt_one": present.alternative_label(1),
            "downloads": [
                (
                    column.language,
                    documents.rolling_downloads(
                        slug,
                        key,
                        column.language,
                        "clean" if view == "clean" else "rolling",
                        str(reading.id) if reading else None,
                    ),
                )
                for column in columns
                if column.text
            ],
            "deleted": present.deleted(),
            "status_etag": service.status_etag,
            "bracket_etag": service.bracket_etag,
            "alternative_etag": service.alternative_etag,
            "deciding": deciding,
            "asking": asking,
            "mine": mine,
            # Code and name in the reader's language, named once for every status form.
            "delegations": [
                (d.code, names.get(d.id, d.code)) for d in await list_delegations(session)
            ]
            if deciding
            else [],
            "proposals": proposals,
            "proposal_numbers": numbers,
            "counts": Counter(row.provision.status for row in rows),
            "live_seq": live_seq,
            "available": available,
        },
    )


# --- forms -------------------------------------------------------------------------------


Act = Callable[[Instrument, Article], Awaitable[object]]


async def act(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    form: str,
    values: Mapping[str, object],
    fields: list[str],
    action: Act,
    langs: str,
    view: str,
    anchor: str,
) -> Response:
    """Do what a form asks; refused, the rolling text again with the form as typed."""
    instrument = await instruments.get_instrument(session, slug)
    article = await instruments.get_article(session, instrument, key)
    try:
        await action(instrument, article)
    except DraftroomError as error:
        await refuse(request, session, form, error, values, fields)
        return await rolling_page(
            request,
            slug,
            key,
            session,
            settings,
            principal,
            langs=[langs] if langs else None,
            view=view,
        )
    return RedirectResponse(back(slug, key, langs, view, anchor), status_code=303)


Langs = Annotated[str, Form(max_length=100)]
View = Annotated[str, Form(max_length=20)]
Text = Annotated[str, Form()]
ETag = Annotated[str, Form(max_length=200)]
Key = Annotated[str, Form(max_length=200)]


@router.post("/instruments/{slug}/articles/{key}/rolling/status")
async def set_status(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    provision: Key,
    status: Annotated[str, Form(max_length=20)],
    etag: ETag,
    reason: Text = "",
    confirm: Annotated[list[str] | None, Form()] = None,
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat sets a provision's status, with its reason (and, ad referendum, the
    delegations whose capitals must confirm)."""
    codes = [c for c in confirm or [] if c]

    async def action(instrument: Instrument, article: Article) -> object:
        try:
            chosen = AgreementStatus(status)
        except ValueError:
            raise InvalidInput(_l("Choose a status from the list.")).at("status") from None
        return await service.set_status(
            session, instrument, article, provision, chosen, reason, codes, principal, etag
        )

    values = {"status": status, "reason": reason, "confirm": codes}
    return await act(
        request, slug, key, session, settings, principal, f"status-{provision}", values,
        ["status", "reason", "confirm"], action, langs, view, f"p-{provision}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/confirm")
async def confirm(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    provision: Key,
    etag: ETag,
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """A delegation confirms an agreement ad referendum on behalf of its capital."""

    async def action(instrument: Instrument, article: Article) -> object:
        return await service.confirm(session, instrument, article, provision, principal, etag)

    return await act(
        request, slug, key, session, settings, principal, f"confirm-{provision}", {}, [],
        action, langs, view, f"p-{provision}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/brackets")
async def request_bracket(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    provision: Key,
    language: Annotated[str, Form(max_length=10)],
    quote: Text = "",
    reason: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """A delegation asks for words in brackets (the secretariat's request places them)."""

    async def action(instrument: Instrument, article: Article) -> object:
        code = instruments.check_language(language, settings)
        return await service.request_bracket(
            session, instrument, article, provision, code, quote, reason, principal
        )

    values = {"language": language, "quote": quote, "reason": reason}
    return await act(
        request, slug, key, session, settings, principal, f"request-{provision}", values,
        ["quote", "reason"], action, langs, view, f"p-{provision}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/support")
async def support_bracket(
    request: Request,
    slug: str,
    key: str,
    bracket_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    reason: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """Another delegation joins a request for brackets (or asks to keep placed ones)."""

    async def action(_instrument: Instrument, article: Article) -> object:
        bracket = await service.get_bracket(session, article, bracket_id)
        return await service.support_bracket(session, bracket, reason, principal)

    return await act(
        request, slug, key, session, settings, principal, f"support-bracket-{bracket_id}",
        {"reason": reason}, ["reason"], action, langs, view, f"bracket-{bracket_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/decide")
async def decide_bracket(
    request: Request,
    slug: str,
    key: str,
    bracket_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    action: Annotated[str, Form(max_length=20)],
    etag: ETag,
    reason: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat places or declines requested brackets, or lifts placed ones."""

    async def decide(_instrument: Instrument, article: Article) -> object:
        if action not in service.BRACKET_STEPS:
            raise InvalidInput(_l("Choose what to do with the brackets.")).at("action")
        bracket = await service.get_bracket(session, article, bracket_id)
        return await service.decide_bracket(session, bracket, action, reason, principal, etag)

    return await act(
        request, slug, key, session, settings, principal, f"decide-{bracket_id}",
        {"reason": reason}, ["reason"], decide, langs, view, f"bracket-{bracket_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/align")
async def align_bracket(
    request: Request,
    slug: str,
    key: str,
    bracket_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Annotated[str, Form(max_length=10)],
    etag: ETag,
    quote: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat marks the same brackets in another language's words (or again, on
    the words as they read now)."""

    async def action(_instrument: Instrument, article: Article) -> object:
        code = instruments.check_language(language, settings)
        bracket = await service.get_bracket(session, article, bracket_id)
        return await service.align_bracket(session, article, bracket, code, quote, principal, etag)

    return await act(
        request, slug, key, session, settings, principal, f"align-{bracket_id}-{language}",
        {"quote": quote}, ["quote"], action, langs, view, f"bracket-{bracket_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/alternatives")
async def add_alternative(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    provision: Key,
    bracket: Annotated[str, Form(max_length=20)] = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat adds another wording for a provision, or for bracketed words in it:
    the source language's wording first (``text-<language>`` fields), the others as given."""
    submitted = await request.form()
    texts = {
        code: value
        for code in settings.languages
        if isinstance(value := submitted.get(f"text-{code}"), str) and value.strip()
    }

    async def action(instrument: Instrument, article: Article) -> object:
        try:
            bracket_id = int(bracket) if bracket else None
        except ValueError:
            raise InvalidInput(_l("Choose the words the alternative is for.")).at(
                "bracket"
            ) from None
        try:
            return await service.add_alternative(
                session, settings, instrument, article, provision, texts, bracket_id, principal
            )
        except DraftroomError as error:
            # "texts:ar" is the form's "text-ar".
            if error.field and error.field.startswith("texts:"):
                error.at("text-" + error.field.split(":", 1)[1])
            elif error.field == "texts":
                error.at(f"text-{instrument.source_language}")
            raise

    values: dict[str, object] = {f"text-{code}": text for code, text in texts.items()}
    values["bracket"] = bracket
    return await act(
        request, slug, key, session, settings, principal, f"alternative-{provision}", values,
        [f"text-{code}" for code in settings.languages] + ["bracket"], action, langs, view,
        f"p-{provision}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/alternatives/from-proposal")
async def alternative_from_proposal(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    amendment: Annotated[str, Form(max_length=20)] = "",
    provision: Key = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """A tabled proposal on this article becomes an alternative in one step."""

    async def action(instrument: Instrument, article: Article) -> object:
        try:
            amendment_id = int(amendment)
        except ValueError:
            raise InvalidInput(_l("Choose a proposal.")).at("amendment") from None
        return await service.alternative_from_proposal(
            session, settings, instrument, article, amendment_id, provision or None, principal
        )

    values = {"amendment": amendment, "provision": provision}
    return await act(
        request, slug, key, session, settings, principal, "proposal", values,
        ["amendment", "provision"], action, langs, view, "proposal",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/support")
async def support_alternative(
    request: Request,
    slug: str,
    key: str,
    alternative_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """A delegation supports an alternative wording."""

    async def action(_instrument: Instrument, article: Article) -> object:
        alternative = await service.get_alternative(session, article, alternative_id)
        return await service.support_alternative(session, alternative, principal)

    return await act(
        request, slug, key, session, settings, principal, f"support-alternative-{alternative_id}",
        {}, [], action, langs, view, f"alternative-{alternative_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/translate")
async def translate_alternative(
    request: Request,
    slug: str,
    key: str,
    alternative_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: Annotated[str, Form(max_length=10)],
    etag: ETag,
    text: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat gives an alternative wording in another language."""

    async def action(_instrument: Instrument, article: Article) -> object:
        alternative = await service.get_alternative(session, article, alternative_id)
        try:
            return await service.translate_alternative(
                session, settings, alternative, language, text, principal, etag
            )
        except DraftroomError as error:
            # The service names "texts:<language>": here, the one wording field.
            if error.field and error.field.startswith("texts"):
                error.at("text")
            raise

    return await act(
        request, slug, key, session, settings, principal,
        f"translate-{alternative_id}-{language}", {"text": text}, ["text"], action, langs, view,
        f"alternative-{alternative_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/choose")
async def choose(
    request: Request,
    slug: str,
    key: str,
    alternative_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    etag: ETag,
    reason: Text = "",
    resolution: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat chooses a wording: consolidated into the next version of the text, the
    other wordings retired."""

    async def action(instrument: Instrument, article: Article) -> object:
        alternative = await service.get_alternative(session, article, alternative_id)
        return await service.choose(
            session, settings, instrument, article, alternative, reason,
            resolution or None, principal, etag,
        )  # fmt: skip

    values = {"reason": reason, "resolution": resolution}
    return await act(
        request, slug, key, session, settings, principal, f"choose-{alternative_id}", values,
        ["reason", "resolution"], action, langs, view, f"alternative-{alternative_id}",
    )  # fmt: skip


@router.post("/instruments/{slug}/articles/{key}/rolling/keep")
async def keep_text(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    provision: Key,
    bracket: Annotated[DbId | None, Form()] = None,
    reason: Text = "",
    langs: Langs = "",
    view: View = "rolling",
) -> Response:
    """The secretariat keeps the text as it reads (Alt. 1): the other wordings retire."""

    async def action(instrument: Instrument, article: Article) -> object:
        found = await service.get_bracket(session, article, bracket) if bracket else None
        await service.keep_text(session, instrument, article, provision, found, reason, principal)
        return None

    form = f"keep-b{bracket}" if bracket else f"keep-{provision}"
    return await act(
        request, slug, key, session, settings, principal, form, {"reason": reason}, ["reason"],
        action, langs, view, f"p-{provision}",
    )  # fmt: skip


# --- progress ----------------------------------------------------------------------------


@router.get("/instruments/{slug}/progress", response_class=HTMLResponse)
async def progress_page(
    request: Request, slug: str, session: SessionDep, principal: CurrentPrincipal
) -> HTMLResponse:
    """How far the group is from agreement, per article and in all, now and at every
    milestone (observers: as the milestones froze it)."""
    instrument = await instruments.get_instrument(session, slug)
    progress = await rolling.instrument_progress(session, instrument, principal)
    total = progress.now
    if total is None:
        total = rolling.Progress()
        for _article, counted in progress.articles:
            total.add(counted)
    latest = progress.milestones[-1][0] if progress.milestones else None
    headings = {
        row.article.id: row.headings for row in await instruments.outline(session, instrument)
    }
    lang = current_locale()
    return render(
        request,
        "negotiation/progress.html",
        {
            "instrument": instrument,
            "progress": progress,
            "total": total,
            "latest": latest,
            "headings": headings,
            "heading_lang": lambda found: lang if lang in found else instrument.source_language,
            "statuses": list(present.ORDER),
            "downloads": documents.rolling_downloads(
                slug,
                None,
                instrument.source_language,
                milestone=str(latest.id) if progress.now is None and latest else None,
            ),
        },
    )

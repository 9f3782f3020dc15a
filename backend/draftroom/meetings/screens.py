"""What a meeting's screens show: the chair's pointer read in each reader's languages (the
text, the rolling text, a proposal, a comparison, the words under discussion marked), the
list of speakers with its timer, the decisions so far, the agenda's targets. Read through
the instruments, negotiation, amendments and comparisons services; the pages render it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import present as amendment_present
from draftroom.amendments import service as amendments
from draftroom.comparisons import present as comparison_present
from draftroom.comparisons import service as comparisons
from draftroom.identity.principal import Principal
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.instruments.present import display_number
from draftroom.kit.errors import DraftroomError, NotFound
from draftroom.kit.i18n import _
from draftroom.meetings import present, service
from draftroom.models import (
    AgreementStatus,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Instrument,
    Meeting,
    MeetingDecision,
    MeetingSpeaker,
    Milestone,
    SpeakerStatus,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import rolling
from draftroom.negotiation import service as negotiation

MAX_COLUMNS = 3
PROJECTOR_COLUMNS = 2
# Proposals the chair may show: on the table, not drafts.
SHOWN_PROPOSALS = (
    AmendmentStatus.tabled,
    AmendmentStatus.under_review,
    AmendmentStatus.accepted,
    AmendmentStatus.accepted_with_changes,
)


# --- what the chair shows ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A provision in one language as shown: its words (the words under discussion marked)
    and, in the rolling text, its status."""

    language: str
    html: Markup
    status: AgreementStatus | None = None
    # The words under discussion are not found in this language: the source's are quoted.
    quote_elsewhere: bool = False


@dataclass
class Row:
    key: str
    number: str
    cells: list[Cell | None]
    pointed: bool


@dataclass
class Shown:
    """What the chair's pointer shows, in the languages read."""

    pointer: dict[str, Any] | None
    article: Article | None = None
    languages: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    # "Proposal 12 (France)", "Since the 2007 text": what the view shows, in words.
    label: str = ""
    # Why something is not shown (observers, a proposal the reader may not see).
    note: str = ""
    milestone: Milestone | None = None
    pointed_number: str = ""
    quote: str | None = None
    source_language: str = "en"


def marked(text: str, quote: str | None, pointed: bool) -> tuple[Markup, bool]:
    """The words, the ones under discussion in ``<mark>``: the quote where it is found, the
    whole provision when the quote is not in this language (or none was chosen). The second
    value says the quote was not found here."""
    if not pointed:
        return escape(text), False
    start = text.find(quote) if quote else -1
    if quote and start >= 0:
        end = start + len(quote)
        return (
            escape(text[:start])
            + Markup('<mark class="under-discussion">')
            + escape(text[start:end])
            + Markup("</mark>")
            + escape(text[end:]),
            False,
        )
    return Markup('<mark class="under-discussion">') + escape(text) + Markup("</mark>"), bool(quote)


def pointed_html(html: str, pointed: bool) -> Markup:
    """A diff already in HTML: the whole provision marked when under discussion."""
    inner = Markup(html)  # noqa: S704 (render_inline escapes the words it wraps)
    if not pointed:
        return inner
    return Markup('<mark class="under-discussion">') + inner + Markup("</mark>")


async def published(
    session: AsyncSession, instrument: Instrument, principal: Principal
) -> Milestone | None:
    """The milestone an observer reads (the latest published); None: the working text."""
    if instrument_policy.can_read_drafts(principal):
        return None
    _first, total = await instruments.list_milestones(session, instrument, 1, 0)
    if total == 0:
        return None
    latest, _ = await instruments.list_milestones(session, instrument, 1, total - 1)
    return latest[0]


async def shown(
    session: AsyncSession,
    instrument: Instrument,
    meeting: Meeting,
    languages: Sequence[str],
    principal: Principal,
) -> Shown:
    """What the pointer shows in each of ``languages``; observers read it as the latest
    milestone froze it."""
    pointer = meeting.pointer
    result = Shown(pointer, languages=list(languages), source_language=instrument.source_language)
    if not pointer:
        return result
    article = await instruments.get_article(session, instrument, str(pointer["article"]))
    result.article = article
    key, quote = pointer.get("provision"), pointer.get("quote")
    result.quote = quote
    reading = await published(session, instrument, principal)
    if reading is None and not instrument_policy.can_read_drafts(principal):
        result.note = _("No milestone has been published yet: observers read published texts.")
        return result
    if reading is not None:
        result.milestone = reading
        result.note = _("Observers read the published text: {milestone}.").format(
            milestone=reading.name
        )
    view = str(pointer.get("view") or "text")
    try:
        source = await instruments.read_version(
            session, article, instrument.source_language, None, reading
        )
    except NotFound:
        result.note = _("This article is not in the published text.")
        return result
    numbers = {p["id"]: display_number(p["number"]) for p in source.provisions}
    result.pointed_number = numbers.get(key, "") if key else ""
    if view == "proposal" and pointer.get("amendment_id"):
        await _proposal(session, result, int(pointer["amendment_id"]), key, quote, principal)
        return result
    if view == "comparison":
        await _comparison(session, instrument, article, result, key, reading, principal)
        return result
    state = (
        await rolling.state_for(session, instrument, reading, article.id)
        if view == "rolling"
        else None
    )
    names = await rolling.delegation_names(session) if state is not None else {}
    order: list[str] = [p["id"] for p in source.provisions]
    cells: dict[str, dict[int, Cell]] = {}
    found_numbers = dict(numbers)
    for index, code in enumerate(languages):
        try:
            version = (
                source
                if code == source.language
                else await instruments.read_version(session, article, code, None, reading)
            )
        except NotFound:
            continue
        result.headings[code] = version.heading
        if state is not None:
            built = rolling.build(instrument, article, version, source, state, names, reading)
            for p in built.provisions:
                html, elsewhere = marked(p.bracketed, quote, p.key == key)
                cells.setdefault(p.key, {})[index] = Cell(code, html, p.status, elsewhere)
                found_numbers.setdefault(p.key, display_number(p.number))
        else:
            for provision in version.provisions:
                pid = provision["id"]
                html, elsewhere = marked(provision["text"], quote, pid == key)
                cells.setdefault(pid, {})[index] = Cell(code, html, None, elsewhere)
                found_numbers.setdefault(pid, display_number(provision["number"]))
    order += [pid for pid in cells if pid not in order]
    result.rows = [
        Row(pid, found_numbers.get(pid, ""), [cells[pid].get(i) for i in range(len(languages))],
            pid == key)
        for pid in order
        if pid in cells
    ]  # fmt: skip
    if view == "rolling":
        result.label = _("Rolling text (brackets, alternatives, notes)")
    return result


async def _proposal(
    session: AsyncSession,
    result: Shown,
    amendment_id: int,
    key: str | None,
    quote: str | None,
    principal: Principal,
) -> None:
    """A proposal shown as it changes its base, in the language it was written in."""
    try:
        amendment = await amendments.get(session, amendment_id, principal)
    except DraftroomError as error:
        result.note = error.detail
        return
    names = await rolling.delegation_names(session)
    result.label = _("Proposal {number} ({delegation})").format(
        number=amendment.number, delegation=names.get(amendment.delegation_id, "")
    )
    heading, base = await amendments.base_provisions(session, amendment)
    result.languages = [amendment.language]
    result.headings = {amendment.language: amendment.proposed_heading or heading}
    for change in amendment_present.diff_rows(base, amendment.proposed):
        pointed = change["id"] == key
        result.rows.append(
            Row(
                change["id"],
                change["number"],
                [Cell(amendment.language, pointed_html(change["html"], pointed))],
                pointed,
            )
        )


async def _comparison(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    result: Shown,
    key: str | None,
    reading: Milestone | None,
    principal: Principal,
) -> None:
    """The text as it reads now (observers: as published) against the first milestone."""
    after = f"milestone:{reading.id}" if reading is not None else "latest"
    cells: dict[str, dict[int, Cell]] = {}
    order: list[str] = []
    numbers: dict[str, str] = {}
    for index, code in enumerate(result.languages):
        try:
            compared = await comparisons.compare_article(
                session, instrument, article, code, None, after, principal
            )
        except DraftroomError:
            continue
        if not result.label:
            result.label = _("Changes since {before}").format(before=compared.before.label)
        result.headings[code] = compared.after.heading
        for change in comparison_present.rows(compared):
            if change["id"] not in cells:
                order.append(change["id"])
                cells[change["id"]] = {}
                numbers[change["id"]] = change["number"]
            cells[change["id"]][index] = Cell(
                code, pointed_html(change["inline"], change["id"] == key)
            )
    result.rows = [
        Row(pid, numbers[pid], [cells[pid].get(i) for i in range(len(result.languages))],
            pid == key)
        for pid in order
    ]  # fmt: skip


# --- the list of speakers, the timer, decisions ------------------------------------------


@dataclass(frozen=True)
class Speaker:
    row: MeetingSpeaker
    name: str
    kind: str
    etag: str
    mine: bool


@dataclass(frozen=True)
class Timer:
    """The speaking time of whoever has the floor: since when, out of how many seconds."""

    given_at: datetime | None
    budget: int | None
    now: datetime

    @property
    def elapsed(self) -> int:
        if self.given_at is None:
            return 0
        return max(0, int((self.now - self.given_at).total_seconds()))

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.elapsed

    @property
    def shown(self) -> str:
        """What the timer reads when the page is served (meeting.js counts on)."""
        seconds = self.remaining if self.remaining is not None else self.elapsed
        sign = "−" if seconds < 0 else ""
        minutes, rest = divmod(abs(seconds), 60)
        return f"{sign}{minutes}:{rest:02d}"


@dataclass(frozen=True)
class Decided:
    row: MeetingDecision
    kind: str
    article: str
    provision: str
    reserved: list[str]
    confirm: list[str]


async def queue(
    session: AsyncSession, meeting: Meeting, principal: Principal
) -> tuple[list[Speaker], Timer]:
    names = await rolling.delegation_names(session)
    rows = await service.speakers(session, meeting)
    speakers = [
        Speaker(
            row,
            names.get(row.delegation_id, str(row.delegation_id)),
            present.speaker_kind_name(row.kind),
            service.speaker_etag(row),
            principal.delegation_id == row.delegation_id,
        )
        for row in rows
    ]
    speaking = next((s.row for s in speakers if s.row.status is SpeakerStatus.speaking), None)
    return speakers, Timer(speaking.given_at if speaking else None, meeting.speaking_seconds,
                           utcnow())  # fmt: skip


async def decided(session: AsyncSession, instrument: Instrument, meeting: Meeting) -> list[Decided]:
    """The meeting's decisions, each named by its article and paragraph as decided."""
    names = await rolling.delegation_names(session)
    articles = {a.id: a for a in await instruments.articles(session, instrument)}
    found = []
    for row in await service.decisions(session, meeting):
        article = articles.get(row.article_id)
        number = ""
        if row.provision_key:
            version = await session.get(ArticleVersion, row.article_version_id)
            provisions = version.provisions if version else []
            number = next(
                (display_number(p["number"]) for p in provisions if p["id"] == row.provision_key),
                row.provision_key,
            )
        found.append(
            Decided(
                row,
                present.decision_kind_name(row.kind),
                article.number if article else "",
                number,
                [names.get(i, str(i)) for i in row.reserved],
                [names.get(i, str(i)) for i in row.confirm],
            )
        )
    return found


# --- the pointer's choices ---------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the chair may point at: an article ("art_3") or one of its paragraphs
    ("art_3#art_3__para_2")."""

    value: str
    label: str


def target_of(pointer: Mapping[str, Any] | None) -> str:
    if not pointer:
        return ""
    key = pointer.get("provision")
    return f"{pointer['article']}#{key}" if key else str(pointer["article"])


async def targets(
    session: AsyncSession, instrument: Instrument, meeting: Meeting
) -> list[tuple[str, list[Target]]]:
    """The agenda, item by item: each article and each of its paragraphs (every article when
    the agenda names none)."""
    articles = {a.key: a for a in await instruments.articles(session, instrument)}
    agenda = meeting.agenda or [{"title": None, "articles": list(articles)}]
    groups = []
    for index, item in enumerate(agenda, start=1):
        found: list[Target] = []
        for key in item.get("articles", []):
            article = articles.get(key)
            if article is None:
                continue
            found.append(Target(key, _("Article {number}").format(number=article.number)))
            try:
                source = await negotiation.source_version(session, instrument, article)
            except NotFound:
                continue
            for p in source.provisions:
                found.append(
                    Target(
                        f"{key}#{p['id']}",
                        _("Article {number}, paragraph {paragraph}").format(
                            number=article.number, paragraph=display_number(p["number"]) or p["id"]
                        ),
                    )
                )
        title = item.get("title") or _("Agenda item {number}").format(number=index)
        groups.append((str(title), found))
    return groups


def next_target(groups: list[tuple[str, list[Target]]], current: str) -> Target | None:
    """The next paragraph on the agenda after the one shown (the first when none is)."""
    flat = [t for _title, found in groups for t in found if "#" in t.value]
    values = [t.value for t in flat]
    if current in values:
        index = values.index(current) + 1
    else:
        article = current.partition("#")[0]
        index = next((i for i, v in enumerate(values) if v.startswith(article + "#")), 0)
    return flat[index] if index < len(flat) else None


async def proposals(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, principal: Principal
) -> list[tuple[int, str]]:
    """The proposals on the table on the agenda's articles: (id, "Proposal 12 (France),
    article 3")."""
    names = await rolling.delegation_names(session)
    keys = [k for item in meeting.agenda for k in item.get("articles", [])] or [None]
    found: dict[int, str] = {}
    for key in dict.fromkeys(keys):
        rows, _total = await amendments.search(
            session, instrument, principal, amendments.Filters(key, None, SHOWN_PROPOSALS), 200, 0
        )
        for a in rows:
            found[a.id] = _("Proposal {number} ({delegation})").format(
                number=a.number, delegation=names.get(a.delegation_id, "")
            )
    return list(found.items())

"""A meeting's documents, in each of the six languages and every export format: the list of
its decisions, the status of negotiations, and the compilation of proposals by delegation.

Each document reads the meeting as it stood at one journal entry: its close (a closed
meeting), else the journal's head. The negotiation's state is folded from the journal up
to that entry (``negotiation.state.as_of``), the article versions and the proposals'
statuses are those journalled up to it, and every date a file carries in its metadata
(DOCX and XLSX core properties and zip entries, the PDF's creation date, Akoma Ntoso's
FRBR dates) is that entry's time: the same meeting's document downloaded again later,
whatever happened since, is the same file byte for byte.

The documents are the exports' text documents (``exports/documents.py``): the articles
(or, in the compilation, the delegations) are its sections and each decision, status
line or proposal one of its paragraphs, written by the exports' renderers; XLSX and CSV
are a grid with one row per decision, article or proposed paragraph. Called in the file's
locale (the route forces it), so every word added here is in the file's language.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from lxml import etree
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.exports import akn, csv, xlsx
from draftroom.exports.common import flow_of
from draftroom.exports.documents import (
    AlternativeWording,
    Labels,
    Marked,
    Remark,
    TextArticle,
    TextDocument,
)
from draftroom.exports.formats import FORMATS, Format
from draftroom.exports.grid import Grid
from draftroom.exports.html import page_source
from draftroom.exports.pdf import PdfUnavailable
from draftroom.instruments import service as instruments
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import _, _l
from draftroom.meetings import policy
from draftroom.models import (
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Article,
    ArticleVersion,
    DecisionKind,
    Delegation,
    Instrument,
    JournalEntry,
    Meeting,
    MeetingDecision,
    MeetingStatus,
)
from draftroom.negotiation import present, rolling
from draftroom.negotiation import state as states
from draftroom.text.brackets import Piece
from draftroom.text.provisions import ProvisionText

Which = Literal["decisions", "status", "proposals"]
DOCUMENTS: tuple[Which, ...] = ("decisions", "status", "proposals")

# The export registry's formats, in its order; its .docx variant without revisions is of no
# use here (a meeting's document has no revisions).
MEETING_FORMATS: dict[str, Format] = {
    key: fmt for key, fmt in FORMATS.items() if fmt.variant_of is None
}

if TYPE_CHECKING:
    MeetingFormatKey = str
else:
    # Checked against the table (422 "Choose one of: ...") and an enum in OpenAPI.
    MeetingFormatKey = Literal[tuple(MEETING_FORMATS)]

NAMES = {
    "decisions": _l("List of decisions"),
    "status": _l("Status of negotiations"),
    "proposals": _l("Compilation of proposals by delegation"),
}

DECISION_NAMES = {
    DecisionKind.agreed: _l("Agreed"),
    DecisionKind.ad_referendum: _l("Agreed ad referendum"),
    DecisionKind.bracketed: _l("Bracketed"),
    DecisionKind.deferred: _l("Deferred"),
    DecisionKind.accepted: _l("Proposal accepted"),
    DecisionKind.rejected: _l("Proposal rejected"),
}

# A proposal still before the group: what the status of negotiations lists as open.
OPEN_PROPOSALS = (AmendmentStatus.tabled, AmendmentStatus.under_review)
# A proposal the compilation lists: every one tabled and not withdrawn.
COMPILED = tuple(
    s for s in AmendmentStatus if s not in (AmendmentStatus.draft, AmendmentStatus.withdrawn)
)


@dataclass(frozen=True)
class MeetingExport:
    """What a download holds: the text document (DOCX, HTML, PDF, Akoma Ntoso), the grid
    (XLSX, CSV), the words they add, the moment every date in the file's metadata is, and
    the parts of the file's name."""

    document: TextDocument
    grid: Grid
    labels: Labels
    made: datetime
    name: list[str]


@dataclass
class Reading:
    """The meeting as its documents read it: at journal entry ``seq`` (made at ``at``),
    in ``language``; the versions and names as they stood then."""

    meeting: Meeting
    instrument: Instrument
    language: str
    seq: int
    at: datetime
    articles: list[Article]
    sources: dict[int, ArticleVersion]  # by article id, in the source language
    texts: dict[int, ArticleVersion]  # by article id, in the document's language
    names: dict[int, str]  # delegation id -> its name in the document's language
    codes: dict[int, str]  # delegation id -> its code

    def moment(self, value: datetime) -> str:
        """A time in the meeting's time zone, in the document's language, the zone named."""
        zone = self.meeting.timezone
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        when = format_datetime(value, format="medium", tzinfo=ZoneInfo(zone), locale=self.language)
        return f"{when} ({zone})"

    def text(self, article_id: int) -> ArticleVersion | None:
        return self.texts.get(article_id) or self.sources.get(article_id)

    def who(self, ids: Sequence[int]) -> str:
        return present.names([self.names.get(i, str(i)) for i in ids])


def document_name(which: Which) -> str:
    return str(NAMES[which])


def decision_name(kind: DecisionKind) -> str:
    return str(DECISION_NAMES[kind])


def sort_key(name: str) -> str:
    """Names in alphabetical order as a reader expects it ("Égypte" before "France"):
    accents and case set aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def isolated(words: str) -> str:
    """Words of another language inside a line of this one, in their own direction (first
    strong isolate ... pop directional isolate): English quoted in an Arabic line reads
    whole, its full stop where it belongs."""
    return f"\u2068{words}\u2069"


def language_of(code: str, lang: str) -> str:
    return str(Locale.parse(code).get_display_name(lang))


# --- the moment and what stood then ----------------------------------------------------


async def moment_of(session: AsyncSession, meeting: Meeting) -> tuple[int, datetime]:
    """The journal entry a meeting's documents are read at, and its time: the meeting's
    close, or (not yet closed) the journal's head."""
    query = select(JournalEntry.seq, JournalEntry.created_at).order_by(JournalEntry.seq.desc())
    if meeting.status is MeetingStatus.closed:
        query = query.where(
            JournalEntry.kind == Kind.meeting_closed,
            JournalEntry.object_type == "meeting",
            JournalEntry.object_id == meeting.id,
        )
    row = (await session.execute(query.limit(1))).first()
    if row is None:  # an empty journal: nothing happened yet
        return 0, meeting.created_at
    seq, at = row
    return int(seq), at


async def versions_as_of(
    session: AsyncSession, instrument: Instrument, language: str, seq: int
) -> dict[int, ArticleVersion]:
    """Each article's latest version in ``language`` published up to journal entry ``seq``."""
    published = select(JournalEntry.object_id).where(
        JournalEntry.kind == Kind.version_published,
        JournalEntry.instrument_id == instrument.id,
        JournalEntry.seq <= seq,
    )
    latest: dict[int, ArticleVersion] = {}
    for version in await session.scalars(
        select(ArticleVersion).where(
            ArticleVersion.id.in_(published), ArticleVersion.language == language
        )
    ):
        found = latest.get(version.article_id)
        if found is None or version.seq > found.seq:
            latest[version.article_id] = version
    return latest


@dataclass
class ProposalsThen:
    """Each amendment's status and co-sponsoring delegations after a journal entry."""

    statuses: dict[int, AmendmentStatus]
    cosponsors: dict[int, list[int]]


async def proposals_as_of(session: AsyncSession, instrument: Instrument, seq: int) -> ProposalsThen:
    """Each amendment's status after journal entry ``seq`` (its entries carry it) and the
    delegations co-sponsoring it then (each joining or leaving is an entry of theirs)."""
    then = ProposalsThen({}, {})
    rows = await session.execute(
        select(
            JournalEntry.object_id,
            JournalEntry.kind,
            JournalEntry.delegation_id,
            JournalEntry.payload,
        )
        .where(
            JournalEntry.instrument_id == instrument.id,
            JournalEntry.object_type == "amendment",
            JournalEntry.seq <= seq,
        )
        .order_by(JournalEntry.seq)
    )
    for object_id, kind, delegation_id, payload in rows:
        if object_id is None:
            continue
        if "status" in payload:
            then.statuses[int(object_id)] = AmendmentStatus(payload["status"])
        sponsors = then.cosponsors.setdefault(int(object_id), [])
        if delegation_id is None:
            continue
        if kind == Kind.amendment_cosponsor_joined and delegation_id not in sponsors:
            sponsors.append(delegation_id)
        elif kind == Kind.amendment_cosponsor_left and delegation_id in sponsors:
            sponsors.remove(delegation_id)
    return then


async def reading(
    session: AsyncSession, instrument: Instrument, meeting: Meeting, language: str, actor: Actor
) -> Reading:
    """Everyone who follows a meeting reads its documents (decisions are public)."""
    if not policy.can_follow(actor):
        raise Forbidden(_l("Sign in to read the meeting's documents."))
    seq, at = await moment_of(session, meeting)
    source = instrument.source_language
    delegations = (await session.scalars(select(Delegation))).all()
    names = await rolling.delegation_names(session)
    return Reading(
        meeting=meeting,
        instrument=instrument,
        language=language,
        seq=seq,
        at=at,
        articles=list(await instruments.articles(session, instrument)),
        sources=await versions_as_of(session, instrument, source, seq),
        texts=await versions_as_of(session, instrument, language, seq),
        names=names,
        codes={d.id: d.code for d in delegations},
    )


def _title(r: Reading, which: Which) -> tuple[str, str]:
    """The document's title (the meeting's, as typed) and its line under it: what the
    document is and when it stands."""
    when = (
        _("as at the close of the meeting, {time}")
        if r.meeting.status is MeetingStatus.closed
        else _("as at {time}")
    ).format(time=r.moment(r.at))
    return r.meeting.title, f"{document_name(which)} · {when}"


def _document(
    r: Reading, which: Which, articles: list[TextArticle], date: datetime
) -> TextDocument:
    title, label = _title(r, which)
    return TextDocument(
        title=title,
        language=r.language,
        label=label,
        illustrative=r.instrument.illustrative,
        articles=articles,
        instrument=r.instrument.slug,
        shows=f"meeting {r.meeting.id} {which} at {r.seq}",
        date=date,
    )


def _grid(
    r: Reading,
    which: Which,
    header: list[str],
    rows: list[list[str]],
    widths: list[int],
    text_columns: set[int],
    labels: Labels,
) -> Grid:
    title, label = _title(r, which)
    notes = [title, label]
    if r.instrument.illustrative:
        notes.append(labels.illustrative)
    return Grid(
        title,
        [header],
        rows,
        widths,
        frozenset(text_columns),
        r.instrument.illustrative,
        notes=notes,
    )


def _line(key: str, text: str, number: str = "") -> ProvisionText:
    return {"id": key, "number": number, "text": text}


# --- (a) the list of decisions -----------------------------------------------------------


async def decisions_export(
    session: AsyncSession, r: Reading, labels: Labels
) -> tuple[TextDocument, Grid]:
    """Every decision of the meeting, by article (in the instrument's order), each with
    what was decided, the exact words and their hash, who reserved, and when."""
    rows = (
        await session.scalars(
            select(MeetingDecision)
            .where(MeetingDecision.meeting_id == r.meeting.id)
            .order_by(MeetingDecision.id)
        )
    ).all()
    decided = {
        int(i)
        for i in await session.scalars(
            select(JournalEntry.object_id).where(
                JournalEntry.kind == Kind.decision_recorded,
                JournalEntry.object_type == "meeting_decision",
                JournalEntry.seq <= r.seq,
            )
        )
        if i is not None
    }
    rows = [d for d in rows if d.id in decided]
    proposals = {
        a.id: (a.number, a.delegation_id)
        for a in await session.scalars(
            select(Amendment).where(
                Amendment.id.in_([d.amendment_id for d in rows if d.amendment_id is not None])
            )
        )
    }
    source = r.instrument.source_language
    source_name = language_of(source, r.language)
    sections: list[TextArticle] = []
    grid_rows: list[list[str]] = []
    for article in r.articles:
        these = [d for d in rows if d.article_id == article.id]
        if not these:
            continue
        text = r.text(article.id)
        translated = {p["id"]: p for p in text.provisions} if text else {}
        decided_versions = {
            v.id: v
            for v in await session.scalars(
                select(ArticleVersion).where(
                    ArticleVersion.id.in_({d.article_version_id for d in these})
                )
            )
        }
        provisions, marked = [], {}
        for d in these:
            key = f"decision_{d.id}"
            when = r.moment(d.created_at)
            remarks = [Remark(_("Decided on {time}.").format(time=when))]
            number, words = "", ""
            if d.amendment_id is not None:
                proposal, proposer = proposals[d.amendment_id]
                words = labels.amendment.format(number=proposal, delegation=r.who([proposer]))
            elif d.provision_key is not None:
                version = decided_versions.get(d.article_version_id)
                original = next(
                    (
                        p
                        for p in (version.provisions if version else [])
                        if p["id"] == d.provision_key
                    ),
                    None,
                )
                mine = translated.get(d.provision_key)
                number = (mine or original or {"number": ""})["number"] or ""
                words = mine["text"] if mine and r.language != source else d.words or ""
                if d.words is not None and r.language != source:
                    remarks.append(
                        Remark(
                            _("Words decided ({language}): “{words}”").format(
                                language=source_name, words=isolated(d.words)
                            )
                        )
                    )
            if d.words_hash:
                remarks.append(Remark(_("SHA-256 of the words: {hash}").format(hash=d.words_hash)))
            if d.reserved:
                remarks.append(
                    Remark(_("Reservations: {delegations}").format(delegations=r.who(d.reserved)))
                )
            if d.confirm:
                remarks.append(
                    Remark(
                        _("To be confirmed by: {delegations}").format(delegations=r.who(d.confirm))
                    )
                )
            if d.note:
                remarks.append(Remark(d.note))
            provisions.append(_line(key, words, number))
            marked[key] = Marked(
                pieces=[Piece("text", words)],
                status=d.kind.value,
                status_text=decision_name(d.kind),
                remarks=remarks,
            )
            grid_rows.append(
                [
                    when,
                    article.number,
                    number,
                    decision_name(d.kind),
                    words,
                    d.words or "",
                    d.words_hash or "",
                    r.who(d.reserved),
                    r.who(d.confirm),
                    d.note,
                    d.provision_key or "",
                ]
            )
        sections.append(
            TextArticle(
                article.key,
                article.number,
                text.heading if text else "",
                provisions,
                None,
                marked=marked,
            )
        )
    document = _document(r, "decisions", sections, r.at)
    grid = _grid(
        r,
        "decisions",
        [
            _("Time"),
            labels.article_column,
            labels.provision,
            labels.decision,
            labels.text,
            _("Words decided ({language})").format(language=source_name),
            _("SHA-256 of the words"),
            _("Reservations"),
            _("To be confirmed by"),
            _("Note"),
            labels.provision_id,
        ],
        grid_rows,
        [24, 10, 10, 22, 70, 70, 66, 30, 30, 40, 28],
        {4, 5},
        labels,
    )
    return document, grid


# --- (b) the status of negotiations ------------------------------------------------------


async def _proposals(
    session: AsyncSession,
    statuses: Mapping[int, AmendmentStatus],
    wanted: Sequence[AmendmentStatus],
) -> list[Amendment]:
    ids = [i for i, s in statuses.items() if s in wanted]
    return list(
        (
            await session.scalars(
                select(Amendment).where(Amendment.id.in_(ids)).order_by(Amendment.number)
            )
        ).all()
    )


async def status_export(
    session: AsyncSession, r: Reading, labels: Labels
) -> tuple[TextDocument, Grid]:
    """Per article: its paragraphs agreed, agreed ad referendum, bracketed, open or
    deleted (the rolling text's statuses as they stood), its open brackets and
    alternatives, and the proposals still before the group."""
    state = await states.as_of(session, r.instrument.id, r.seq)
    then = await proposals_as_of(session, r.instrument, r.seq)
    on_table = await _proposals(session, then.statuses, OPEN_PROPOSALS)
    sections: list[TextArticle] = []
    grid_rows: list[list[str]] = []
    for article in r.articles:
        source = r.sources.get(article.id)
        if source is None:
            continue
        text = r.text(article.id) or source
        rolled = rolling.build(r.instrument, article, text, source, state, r.names)
        progress = rolling.progress_of(article.id, source.provisions, state)
        by_status: dict[AgreementStatus, list[str]] = {s: [] for s in present.ORDER}
        for p in rolled.provisions:
            by_status[p.status].append(p.number or _("unnumbered"))
        proposals = [
            labels.amendment.format(number=a.number, delegation=r.who([a.delegation_id]))
            for a in on_table
            if a.article_id == article.id
        ]
        lines = []
        for status in present.ORDER:
            found = by_status[status]
            if found:
                lines.append(
                    _line(
                        f"{article.key}__{status.value}",
                        _("{status} ({count}): {paragraphs}").format(
                            status=present.status_name(status),
                            count=len(found),
                            paragraphs=", ".join(found),
                        ),
                    )
                )
        lines.append(
            _line(
                f"{article.key}__brackets",
                _("Open brackets: {brackets}; open alternatives: {alternatives}").format(
                    brackets=progress.brackets, alternatives=progress.alternatives
                ),
            )
        )
        lines.append(
            _line(
                f"{article.key}__proposals",
                _("Open proposals: {proposals}").format(proposals="; ".join(proposals))
                if proposals
                else _("Open proposals: none"),
            )
        )
        sections.append(TextArticle(article.key, article.number, rolled.heading, lines))
        grid_rows.append(
            [
                article.number,
                rolled.heading,
                str(progress.provisions),
                *(str(len(by_status[s])) for s in present.ORDER),
                str(progress.brackets),
                str(progress.alternatives),
                "; ".join(proposals),
                article.key,
            ]
        )
    document = _document(r, "status", sections, r.at)
    grid = _grid(
        r,
        "status",
        [
            labels.article_column,
            labels.heading,
            _("Paragraphs"),
            *(present.status_name(s) for s in present.ORDER),
            _("Open brackets"),
            _("Open alternatives"),
            _("Open proposals"),
            labels.provision_id,
        ],
        grid_rows,
        [10, 30, 10, 10, 10, 10, 10, 10, 10, 10, 50, 16],
        {1},
        labels,
    )
    return document, grid


# --- (c) the compilation of proposals by delegation --------------------------------------


def changed_provisions(
    base: Sequence[ProvisionText], proposed: Sequence[ProvisionText]
) -> list[tuple[str, str, bool]]:
    """(number, text, deleted) of each paragraph a proposal changes, inserts or deletes,
    in the order of the proposal (deleted ones where they stood)."""
    before = {p["id"]: p for p in base}
    kept = {p["id"] for p in proposed}
    found = [
        (p["number"] or p["id"], p["text"], False)
        for p in proposed
        if p["id"] not in before or before[p["id"]]["text"] != p["text"]
    ]
    found += [(p["number"] or p["id"], p["text"], True) for p in base if p["id"] not in kept]
    return found


async def proposals_export(
    session: AsyncSession, r: Reading, labels: Labels
) -> tuple[TextDocument, Grid, Labels]:
    """Every proposal tabled by the time the document stands (not withdrawn then), by
    delegation (in the order of their names), each with its article, status and
    co-sponsors then, the paragraphs it proposes in their language, and its justification."""
    then = await proposals_as_of(session, r.instrument, r.seq)
    statuses = then.statuses
    tabled = await _proposals(session, statuses, COMPILED)
    by_id = {a.id: a for a in r.articles}
    by_delegation: dict[int, list[Amendment]] = {}
    for amendment in tabled:
        by_delegation.setdefault(amendment.delegation_id, []).append(amendment)
    sections: list[TextArticle] = []
    grid_rows: list[list[str]] = []
    order = sorted(by_delegation, key=lambda i: (sort_key(r.names.get(i, "")), i))
    for delegation_id in order:
        name = r.who([delegation_id])
        lines, marked = [], {}
        for amendment in by_delegation[delegation_id]:
            article = by_id.get(amendment.article_id) if amendment.article_id else None
            _heading, base = await amendments.base_provisions(session, amendment)
            changes = changed_provisions(base, amendment.proposed)
            status = amendments.status_name(statuses[amendment.id])
            where = labels.article.format(number=article.number) if article else _("New article")
            tabled_on = (
                format_date(amendment.tabled_at, format="long", locale=r.language)
                if amendment.tabled_at
                else ""
            )
            key = f"amendment_{amendment.number}"
            title = labels.amendment.format(number=amendment.number, delegation=name)
            summary = " · ".join(
                filter(None, [where, f"{labels.tabled}: {tabled_on}" if tabled_on else ""])
            )
            lines.append(_line(key, f"{title}: {summary}"))
            language = amendment.language
            wordings = [
                AlternativeWording(
                    f"{number} ({labels.provision_deleted})" if deleted else number,
                    text,
                    0,
                    language,
                )
                for number, text, deleted in changes
            ]
            remarks = []
            sponsors = r.who(then.cosponsors.get(amendment.id, []))
            if sponsors:
                remarks.append(Remark(f"{labels.cosponsors}: {sponsors}"))
            if amendment.justification:
                remarks.append(
                    Remark(
                        _("Justification: {text}").format(text=isolated(amendment.justification))
                    )
                )
            marked[key] = Marked(
                pieces=[Piece("text", f"{title}: {summary}")],
                status=statuses[amendment.id].value,
                status_text=status,
                remarks=remarks,
                alternatives=wordings,
            )
            for number, text, deleted in changes or [("", "", False)]:
                grid_rows.append(
                    [
                        name,
                        str(amendment.number),
                        article.number if article else "",
                        number,
                        status,
                        amendment.tabled_at.date().isoformat() if amendment.tabled_at else "",
                        labels.provision_deleted if deleted else "",
                        text,
                        language_of(language, r.language),
                        amendment.justification,
                        sponsors,
                    ]
                )
        sections.append(
            TextArticle(
                f"delegation_{r.codes.get(delegation_id, delegation_id)}",
                name,
                "",
                lines,
                None,
                marked=marked,
            )
        )
    # Each section is a delegation: its heading is the delegation's name alone.
    named = replace(labels, article="{number}")
    document = _document(r, "proposals", sections, r.at)
    grid = _grid(
        r,
        "proposals",
        [
            labels.delegation,
            labels.amendment.format(number="", delegation="").strip(" ()"),
            labels.article_column,
            labels.provision,
            labels.status,
            labels.tabled,
            labels.change,
            labels.text,
            _("Language"),
            _("Justification"),
            labels.cosponsors,
        ],
        grid_rows,
        [24, 10, 10, 10, 20, 12, 16, 80, 14, 60, 30],
        {7, 9},
        labels,
    )
    return document, grid, named


async def meeting_export(
    session: AsyncSession,
    instrument: Instrument,
    meeting: Meeting,
    which: Which,
    language: str,
    actor: Actor,
    labels: Labels,
) -> MeetingExport:
    """One of the meeting's documents in one language, as the meeting stood at its close
    (or now, while it is not closed)."""
    r = await reading(session, instrument, meeting, language, actor)
    if which == "decisions":
        document, grid = await decisions_export(session, r, labels)
    elif which == "status":
        document, grid = await status_export(session, r, labels)
    else:
        document, grid, labels = await proposals_export(session, r, labels)
    return MeetingExport(
        document, grid, labels, r.at, [instrument.slug, f"meeting-{meeting.id}", which, language]
    )


# --- the files, their dates pinned -----------------------------------------------------

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def pinned_zip(data: bytes, moment: datetime) -> bytes:
    """An Office file (a zip) with its core properties' dates and every entry's date set to
    ``moment``: the same content always makes the same bytes."""
    utc = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=utc.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def _pdf(export: MeetingExport, templates_dir: Path | None) -> bytes:
    """WeasyPrint's print of the HTML, its creation date the document's moment."""
    doc = export.document
    stamp = export.made.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    source = page_source(doc, doc.language, export.labels, templates_dir, pdf=True)
    dated = (
        f'<meta name="dcterms.created" content="{stamp}">\n'
        f'<meta name="dcterms.modified" content="{stamp}">\n'
    )
    source = source.replace("<title>", dated + "<title>", 1)
    try:
        # Imported here: WeasyPrint loads Pango when imported, and only PDFs need it.
        from weasyprint import HTML

        data: bytes = HTML(string=source, base_url=None).write_pdf(pdf_tags=True)
    except OSError as exc:  # WeasyPrint could not load Pango
        raise PdfUnavailable() from exc
    return data


def _akn(export: MeetingExport) -> bytes:
    """Akoma Ntoso, its FRBR dates the document's day (not the day it is downloaded)."""
    day = export.made.astimezone(UTC).date().isoformat()
    root = akn._akn_flow(flow_of(export.document, export.labels), export.labels, day)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def render(export: MeetingExport, key: str, templates_dir: Path | None = None) -> bytes:
    """The file in format ``key``: the text document, or (XLSX, CSV) the grid; the same
    document always the same bytes."""
    fmt = MEETING_FORMATS[key]
    doc = export.document
    if key == "csv":
        return csv.render_grid(export.grid)
    if key == "xlsx":
        data = xlsx.render_grid(export.grid, doc.language, doc.language, export.labels)
        return pinned_zip(data, export.made)
    if key == "pdf":
        return _pdf(export, templates_dir)
    if key == "akn":
        return _akn(export)
    data = fmt.render(doc, doc.language, export.labels, templates_dir=templates_dir)
    return pinned_zip(data, export.made) if data.startswith(b"PK") else data


def downloads(slug: str, meeting_id: int, language: str) -> list[tuple[str, str, str]]:
    """(document, format name, URL) of every download of a meeting's documents: for the
    meeting's pages."""
    base = f"/api/v1/instruments/{slug}/meetings/{meeting_id}"
    return [
        (document_name(which), fmt.name, f"{base}/{which}.{key}?lang={language}")
        for which in DOCUMENTS
        for key, fmt in MEETING_FORMATS.items()
    ]

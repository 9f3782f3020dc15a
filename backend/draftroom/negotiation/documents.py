"""The rolling text and the clean text as files: the read model (``rolling.py``) made into
the exports' documents, then written by the exports' renderers.

- The rolling text: each provision's words with their square brackets, a footnote after
  each closing bracket naming the delegations that asked for it (a real Word footnote in
  the .docx, a ``noteRef`` to a ``note`` in Akoma Ntoso, a linked number in HTML and PDF),
  alternatives of bracketed words written after them ("[shall]¹[should]²"), alternatives of
  a whole provision under it ("Alt. 2: [...]"), and its status in words.
- The clean text: the agreed words only; a provision not yet agreed reads "[pending]", one
  deleted by agreement "[Deleted]". A plain text document: every format writes it as it
  writes any text.
- XLSX and CSV, for either view: the status report, one row per provision (article,
  number, status, text, open brackets, alternatives, delegations, reason).

Footnotes are numbered through the file: an instrument's articles continue each other's
numbers. Called in the file's locale (the route forces the text's language), so every
word added here is in the file's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.exports import csv, xlsx
from draftroom.exports.common import missing_summary
from draftroom.exports.documents import (
    AlternativeWording,
    Footnote,
    Labels,
    Marked,
    MissingArticle,
    Remark,
    TextArticle,
    TextDocument,
)
from draftroom.exports.formats import FORMATS, Format
from draftroom.exports.grid import Grid
from draftroom.instruments import service as instruments
from draftroom.kit.actor import Actor
from draftroom.kit.i18n import _, _l
from draftroom.models import AgreementStatus, Article, ArticleVersion, Instrument, Milestone
from draftroom.negotiation import policy, present, rolling
from draftroom.negotiation.rolling import RollingAlternative, RollingArticle, RollingProvision
from draftroom.text.brackets import Piece

View = Literal["rolling", "clean"]
VIEWS: tuple[View, ...] = ("rolling", "clean")


@dataclass(frozen=True)
class RollingFormat:
    """A download of the rolling text: an export format, written from the text or (XLSX
    and CSV) from the status report."""

    key: str
    format: Format
    report: bool = False

    def label(self) -> str:
        """The menu's name: "DOCX", "XLSX (status report)"."""
        return f"{self.format.name} ({REPORT_NOTE})" if self.report else self.format.name


REPORT_NOTE = _l("status report")

# The export registry's formats, in its order; its .docx variant without revisions is of no
# use here (a rolling text has no revisions: the clean text is the other view).
ROLLING_FORMATS: dict[str, RollingFormat] = {
    key: RollingFormat(key, fmt, report=key in ("xlsx", "csv"))
    for key, fmt in FORMATS.items()
    if fmt.variant_of is None
}

if TYPE_CHECKING:
    RollingFormatKey = str
else:
    # Checked against the table (422 "Choose one of: ...") and an enum in OpenAPI.
    RollingFormatKey = Literal[tuple(ROLLING_FORMATS)]


@dataclass(frozen=True)
class RollingExport:
    """What a download holds: the document the renderers write, the read model it was made
    from (for the status report), the view, and the parts of the file's name."""

    document: TextDocument
    articles: list[RollingArticle]
    view: View
    name: list[str]


def view_name(view: View) -> str:
    return _("Clean text") if view == "clean" else _("Rolling text")


# --- the documents (pure) --------------------------------------------------------------


def clean_words(provision: RollingProvision) -> str:
    """The clean text of a provision: its agreed words, "[Deleted]" or "[pending]"."""
    if provision.clean is not None:
        return provision.clean
    return present.deleted() if provision.status is AgreementStatus.deleted else present.pending()


def _wording(alternative: RollingAlternative, source: str, labels: Labels) -> tuple[str, str, str]:
    """(label, words, their language): the source text's words while not yet translated."""
    if alternative.text is not None:
        return alternative.label, alternative.text, ""
    return f"{alternative.label} ({labels.not_translated})", alternative.source_text, source


def marked_provision(
    provision: RollingProvision, language: str, source: str, labels: Labels
) -> Marked:
    """A provision of the rolling text as the renderers write it (footnotes numbered as in
    the read model: ``document`` numbers them again in the order they are read)."""
    by_bracket = {b.note: b.alternatives for b in provision.brackets}
    pieces: list[Piece] = []
    if provision.status is AgreementStatus.deleted:
        pieces.append(Piece("text", present.deleted()))
    else:
        for piece in provision.pieces:
            if piece.kind == "text":
                pieces.append(piece)
                continue
            pieces.append(Piece(piece.kind, number=piece.number))
            if piece.kind == "close":
                # The other wordings of bracketed words follow them: "[shall]¹[should]²".
                for alternative in by_bracket.get(piece.number, []):
                    _label, words, _lang = _wording(alternative, source, labels)
                    pieces += [
                        Piece("open", number=alternative.note),
                        Piece("text", words),
                        Piece("close", number=alternative.note),
                    ]
    remarks = []
    if provision.changed_since is not None:
        remarks.append(Remark(present.changed_note(provision.changed_since)))
    alternatives = []
    for bracket in provision.unplaced:
        flag = present.not_found_note(bracket.quote) if bracket.quote else present.no_span_note()
        remarks.append(Remark(flag, bracket.note))
        alternatives += bracket.alternatives
    alternatives += provision.alternatives
    wordings = []
    for alternative in alternatives:
        label, words, lang = _wording(alternative, source, labels)
        wordings.append(AlternativeWording(label, words, alternative.note, lang or language))
    return Marked(
        pieces=pieces,
        status=provision.status.value,
        status_text=present.status_note(provision.status, provision.confirm, provision.confirmed),
        remarks=remarks,
        alternatives=wordings,
    )


def text_article(rolled: RollingArticle, view: View, labels: Labels) -> TextArticle:
    """One article of the file: the rolling text (brackets, footnotes) or the clean text."""
    article = rolled.article
    if view == "clean":
        return TextArticle(
            article.key,
            article.number,
            rolled.heading,
            [{"id": p.key, "number": p.number, "text": clean_words(p)} for p in rolled.provisions],
            rolled.version.id,
        )
    source = rolled.instrument.source_language
    marked = {
        p.key: marked_provision(p, rolled.language, source, labels) for p in rolled.provisions
    }
    if rolled.provisions and rolled.removed:
        last = rolled.provisions[-1].key
        marked[last] = _with_removed(marked[last], rolled, source, labels)
    return TextArticle(
        article.key,
        article.number,
        rolled.heading,
        [{"id": p.key, "number": p.number, "text": p.text} for p in rolled.provisions],
        rolled.version.id,
        marked=marked,
        footnotes=tuple(Footnote(n.number, n.text) for n in rolled.notes),
    )


def no_longer() -> str:
    return _(
        "Paragraph removed from the text; its brackets and alternatives are kept until lifted "
        "or retired"
    )


def _with_removed(marked: Marked, rolled: RollingArticle, source: str, labels: Labels) -> Marked:
    """The brackets and alternatives of paragraphs a later version removed, never dropped:
    written after the article's last paragraph under a line saying so, each with its
    footnote, until the secretariat lifts or retires them. Written as lines, not wordings,
    so that none reads as an alternative of the last paragraph."""
    remarks = list(marked.remarks)
    for gone in rolled.removed:
        remarks.append(Remark(no_longer()))
        for bracket in gone.brackets:
            words = f"[{bracket.quote}]" if bracket.quote else present.no_span_note()
            remarks.append(Remark(words, bracket.note))
        for alternative in gone.alternatives:
            label, words, _lang = _wording(alternative, source, labels)
            remarks.append(Remark(f"{label}: {words}", alternative.note))
    return marked._replace(remarks=remarks)


def numbered(article: TextArticle, first: int) -> TextArticle:
    """The article's footnotes numbered from ``first`` in the order their marks are read
    (the text's brackets, then the lines and alternatives under it, provision by
    provision), as Word numbers footnotes; a note no mark refers to is left out."""
    if not article.marked:
        return article
    order: dict[int, int] = {}
    for provision in article.provisions:
        this = article.marked[provision["id"]]
        marks = [
            *(p.number for p in this.pieces if p.kind == "close"),
            *(r.note for r in this.remarks),
            *(a.note for a in this.alternatives),
        ]
        for number in marks:
            if number and number not in order:
                order[number] = first + len(order)

    def new(number: int) -> int:
        return order.get(number, 0)

    marked = {
        key: m._replace(
            pieces=[p if p.kind == "text" else replace(p, number=new(p.number)) for p in m.pieces],
            remarks=[r._replace(note=new(r.note)) for r in m.remarks],
            alternatives=[a._replace(note=new(a.note)) for a in m.alternatives],
        )
        for key, m in article.marked.items()
    }
    footnotes = sorted(
        (Footnote(order[n.number], n.text) for n in article.footnotes if n.number in order),
        key=lambda n: n.number,
    )
    return article._replace(marked=marked, footnotes=tuple(footnotes))


def document(
    instrument: Instrument,
    language: str,
    articles: Sequence[RollingArticle],
    view: View,
    labels: Labels,
    milestone: Milestone | None,
    missing: Sequence[MissingArticle] = (),
) -> TextDocument:
    """The file's document: the articles with their footnotes numbered through the file."""
    made: list[TextArticle] = []
    for rolled in articles:
        first = 1 + sum(len(a.footnotes) for a in made)
        made.append(numbered(text_article(rolled, view, labels), first))
    which = milestone.name if milestone else _("Latest draft")
    dates = [a.version.created_at for a in articles]
    return TextDocument(
        title=instrument.title.get(language) or instrument.title[instrument.source_language],
        language=language,
        label=f"{view_name(view)} · {which}",
        illustrative=instrument.illustrative,
        articles=made,
        instrument=instrument.slug,
        missing=tuple(missing),
        shows=f"{view} " + (f"milestone {milestone.id}" if milestone else "latest"),
        date=milestone.created_at if milestone else max(dates, default=None),
    )


def report_grid(export: RollingExport, labels: Labels) -> Grid:
    """The status report: one row per provision (and one per article not in this language,
    first, as the text's grid has them)."""
    doc = export.document
    notes = [doc.title, doc.label]
    if doc.illustrative:
        notes.append(labels.illustrative)
    if doc.missing:
        notes.append(labels.missing)
    rows = [[m.number, "", "", labels.not_translated, "", "", "", "", m.key] for m in doc.missing]
    for rolled in export.articles:
        for p in rolled.provisions:
            brackets = [*p.brackets, *p.unplaced]
            alternatives = [a for b in brackets for a in b.alternatives] + p.alternatives
            delegations = list(
                dict.fromkeys(
                    [
                        *(d for b in brackets for d in b.delegations),
                        *(d for a in alternatives for d in a.supporters),
                        *p.confirm,
                    ]
                )
            )
            rows.append(
                [
                    rolled.article.number,
                    p.number,
                    present.status_note(p.status, p.confirm, p.confirmed),
                    clean_words(p) if export.view == "clean" else _rolling_words(p),
                    "; ".join(
                        f"[{b.quote or ''}] ({present.cell(b.delegations)})" for b in brackets
                    )
                    if brackets
                    else "",
                    "; ".join(f"{a.label}: {a.text or a.source_text}" for a in alternatives),
                    present.cell(delegations),
                    p.stored.reason if p.stored else "",
                    p.key,
                ]
            )
        for gone in rolled.removed:
            rows.append(
                [
                    rolled.article.number,
                    "",
                    no_longer(),
                    "",
                    "; ".join(
                        f"[{b.quote or ''}] ({present.cell(b.delegations)})" for b in gone.brackets
                    ),
                    "; ".join(f"{a.label}: {a.text or a.source_text}" for a in gone.alternatives),
                    present.cell(
                        list(
                            dict.fromkeys(
                                [
                                    *(d for b in gone.brackets for d in b.delegations),
                                    *(d for a in gone.alternatives for d in a.supporters),
                                ]
                            )
                        )
                    ),
                    "",
                    gone.key,
                ]
            )
    return Grid(
        doc.title,
        [
            [
                labels.article_column,
                labels.provision,
                labels.status,
                labels.text,
                _("Open brackets"),
                _("Alternatives"),
                _("Delegations"),
                _("Reason"),
                labels.provision_id,
            ]
        ],
        rows,
        [10, 10, 24, 80, 40, 40, 30, 30, 28],
        frozenset({3, 4, 5}),
        doc.illustrative,
        notes=notes,
    )


def _rolling_words(provision: RollingProvision) -> str:
    if provision.status is AgreementStatus.deleted:
        return present.deleted()
    return provision.bracketed


def render(
    export: RollingExport, key: str, labels: Labels, templates_dir: Path | None = None
) -> bytes:
    """The file in format ``key``: the text, or (XLSX, CSV) the status report."""
    fmt = ROLLING_FORMATS[key]
    doc = export.document
    if not fmt.report:
        return fmt.format.render(doc, doc.language, labels, templates_dir=templates_dir)
    grid = report_grid(export, labels)
    if key == "csv":
        return csv.render_grid(grid)
    return xlsx.render_grid(grid, doc.language, doc.language, labels, missing_summary(doc, labels))


# --- reading (the route's service) -----------------------------------------------------


async def _milestone(
    session: AsyncSession, instrument: Instrument, ref: str | None
) -> Milestone | None:
    return await instruments.get_milestone(session, instrument, ref) if ref else None


async def article_export(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    view: View,
    milestone: str | None,
    actor: Actor,
    labels: Labels,
) -> RollingExport:
    """One article's rolling or clean text: now (not for observers), or as a milestone
    froze it (text and state alike)."""
    frozen = await _milestone(session, instrument, milestone)
    if frozen is None:
        policy.require_read_working(actor)
    rolled = await rolling.rolling_article(session, instrument, article, language, actor, frozen)
    return RollingExport(
        document(instrument, language, [rolled], view, labels, frozen),
        [rolled],
        view,
        [instrument.slug, article.key, language, view, frozen.name if frozen else "latest"],
    )


async def instrument_export(
    session: AsyncSession,
    instrument: Instrument,
    language: str,
    view: View,
    milestone: str | None,
    actor: Actor,
    labels: Labels,
) -> RollingExport:
    """Every article's rolling or clean text in one language; the articles not in that
    language are named as missing (on the first page, in the metadata, in the report)."""
    frozen = await _milestone(session, instrument, milestone)
    if frozen is None:
        policy.require_read_working(actor)
    source = instrument.source_language
    texts: list[tuple[Article, ArticleVersion]]
    sources: list[tuple[Article, ArticleVersion]]
    if frozen is not None:
        texts = await instruments.milestone_text(session, frozen, language)
        sources = await instruments.milestone_text(session, frozen, source)
    else:
        texts, sources = [], []
        for article in await instruments.articles(session, instrument):
            for lang, found in ((language, texts), (source, sources)):
                version = await instruments.latest_version(session, article.id, lang)
                if version is not None:
                    found.append((article, version))
    by_article = {article.id: version for article, version in sources}
    state = await rolling.state_for(session, instrument, frozen)
    names = await rolling.delegation_names(session)
    numbers = await rolling.amendment_numbers(session, state)
    rolled = [
        rolling.build(
            instrument,
            article,
            version,
            by_article.get(article.id, version),
            state,
            names,
            frozen,
            numbers=numbers,
        )
        for article, version in texts
    ]
    present_ids = {article.id for article, _version in texts}
    missing = [
        MissingArticle(a.key, a.number, v.heading, source)
        for a, v in sources
        if a.id not in present_ids
    ]
    return RollingExport(
        document(instrument, language, rolled, view, labels, frozen, missing),
        rolled,
        view,
        [instrument.slug, language, view, frozen.name if frozen else "latest"],
    )


# --- the pages' download menu ----------------------------------------------------------


def rolling_downloads(
    slug: str,
    key: str | None,
    language: str,
    view: View = "rolling",
    milestone: str | None = None,
) -> list[tuple[str, str]]:
    """(name, URL) of every download of a rolling or clean text: an article's (``key``) or
    the whole instrument's, in the registry's order; XLSX and CSV are the status report."""
    path = f"/api/v1/instruments/{slug}" + (f"/articles/{key}" if key else "")
    query = {"language": language, "view": view, **({"milestone": milestone} if milestone else {})}
    return [
        (fmt.label(), f"{path}/rolling.{fmt.key}?{urlencode(query)}")
        for fmt in ROLLING_FORMATS.values()
    ]

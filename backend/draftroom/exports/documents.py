"""What an export takes: a document (a text, a comparison or a synoptic table) and the words
it adds (``Labels``), already translated by the caller, so no renderer calls gettext.

Two languages meet in every file: ``lang``, the labels' (the file's own direction), and the
document's ``language``, the text's (each text cell or paragraph carries it). The routes pass
the document's language for both, so a file says what it holds in the language it holds it
in, whatever the interface it was downloaded from; the renderers still keep them apart.

A text with articles not yet translated into its language lists them on its first page and
in the file's metadata (``TextDocument.missing``): nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    Provision,
    SynopticTable,
)
from draftroom.text.brackets import Piece


class Footnote(NamedTuple):
    """A footnote of an article, its number as the text's marks show it."""

    number: int
    text: str


class Remark(NamedTuple):
    """A line under a provision of a rolling text (words not found, an agreement on words
    changed since), with the footnote it refers to (0: none)."""

    text: str
    note: int = 0


class AlternativeWording(NamedTuple):
    """Another wording of a whole provision ("Alt. 2"), in ``language`` (the document's, or
    the source text's while not yet translated), with its footnote."""

    label: str
    text: str
    note: int
    language: str


class Marked(NamedTuple):
    """A provision of a rolling text (the negotiation): its words cut at square brackets
    (``pieces``: a closing bracket's number is its footnote), its status in words, and the
    lines and alternative wordings written under it. Renderers given one write it instead
    of the provision's plain text."""

    pieces: Sequence[Piece]
    status: str  # the status's key: open, bracketed, ad_referendum, agreed, deleted
    status_text: str  # "agreed ad referendum: awaiting confirmation from Egypt."
    remarks: Sequence[Remark] = ()
    alternatives: Sequence[AlternativeWording] = ()


class TextArticle(NamedTuple):
    """One article of a text: its key (``art_12``), number, heading and provisions; a
    rolling text's also its provisions' marks (by provision id) and footnotes."""

    key: str
    number: str
    heading: str
    provisions: Sequence[Provision]
    version_id: int | None = None  # the article version the text is, for the .docx marks
    marked: Mapping[str, Marked] | None = None
    footnotes: tuple[Footnote, ...] = ()


class MissingArticle(NamedTuple):
    """An article of the instrument with no text in the document's language: its key,
    number, and heading in the language it exists in (``heading_language``)."""

    key: str
    number: str
    heading: str
    heading_language: str


@dataclass(frozen=True)
class TextDocument:
    """The plain text of an instrument in one language: any version or milestone."""

    title: str
    language: str
    label: str  # "2007 text", "Draft after EGM 1", "Latest draft"
    illustrative: bool
    articles: list[TextArticle]
    instrument: str = ""  # slug, for the Akoma Ntoso identifiers
    # Articles not (yet) in this language: named on the first page and in the metadata.
    missing: tuple[MissingArticle, ...] = ()
    shows: str = ""  # what the text is, for a .docx's properties: "milestone 3", "latest"
    date: datetime | None = None  # of the milestone or version, for the title block


Exportable = TextDocument | InstrumentComparison | ArticleComparison | SynopticTable


@dataclass(frozen=True)
class Labels:
    """Every word an export adds to the text, translated by the caller.

    Placeholders are ``str.format`` fields: ``{number}``, ``{before}``, ``{after}``,
    ``{delegation}``.
    """

    inserted: str
    deleted: str
    article: str  # "Article {number}"
    article_column: str  # "Article", a column header
    heading: str
    provision: str
    text: str
    provision_id: str
    change: str
    changes: str
    unchanged: str
    changed: str
    provision_inserted: str
    provision_deleted: str
    provision_moved: str
    renumbered: str  # "renumbered, formerly {number}"
    comparison: str  # "{before} compared with {after}"
    legend: str
    legend_markers: str
    base_text: str
    decision: str
    delegation: str
    tabled: str
    cosponsors: str
    status: str
    amendment: str  # "Amendment {number} ({delegation})"
    no_change: str
    synoptic_table: str
    illustrative: str
    about: str
    # "Not yet translated into Russian, so not in this file:", the language named already.
    missing: str = "Not yet translated into this language, so not in this file:"
    not_translated: str = "not yet translated"  # the text cell of a missing article's row


def default_labels() -> Labels:
    """English labels, for tests and for callers without a translation."""
    return Labels(
        inserted="inserted",
        deleted="deleted",
        article="Article {number}",
        article_column="Article",
        heading="Heading",
        provision="Provision",
        text="Text",
        provision_id="Provision id",
        change="Change",
        changes="Changes",
        unchanged="unchanged",
        changed="changed",
        provision_inserted="new provision",
        provision_deleted="provision deleted",
        provision_moved="provision moved",
        renumbered="renumbered, formerly {number}",
        comparison="{before} compared with {after}",
        legend="Inserted text is underlined; deleted text is struck through.",
        legend_markers="[+ … +] marks inserted text; [- … -] marks deleted text.",
        base_text="Base text",
        decision="Decision",
        delegation="Delegation",
        tabled="Tabled",
        cosponsors="Co-sponsors",
        status="Status",
        amendment="Amendment {number} ({delegation})",
        no_change="No change proposed",
        synoptic_table="Synoptic table",
        illustrative="Illustrative text, not the official Model Law",
        about="About",
    )

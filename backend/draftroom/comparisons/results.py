"""The one result type every comparison view, the JSON API and every export read.

Pure data: built by ``comparisons.service`` from the database, rendered by the pages
(inline, side by side, three columns, synoptic table) and by ``exports`` (DOCX, XLSX, CSV,
HTML, PDF, Akoma Ntoso).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from draftroom.text.diff import Op, ProvisionDiff
from draftroom.text.provisions import ProvisionText

Provision = ProvisionText


@dataclass(slots=True)
class Side:
    """One text being compared: a version, a milestone's version, a proposal."""

    label: str  # "2007 text", "Version 3", "Amendment 12 (France)"
    heading: str
    provisions: list[Provision]
    version_id: int | None = None
    # Who made this text and when, for the revisions of a .docx (exports fill them in): a
    # delegation, the secretariat, or per provision the proposals a consolidation merged.
    author: str = ""
    date: datetime | None = None
    authors: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ArticleComparison:
    article_key: str
    number: str
    language: str
    before: Side
    after: Side
    heading_ops: tuple[Op, ...]
    provisions: list[ProvisionDiff]
    instrument: str = ""  # slug, for the marks of a .docx (exports fill it in)

    @property
    def changed(self) -> bool:
        return any(p.kind != "unchanged" or p.renumbered for p in self.provisions) or any(
            op.kind != "equal" for op in self.heading_ops
        )


@dataclass(frozen=True)
class InstrumentComparison:
    instrument: str  # slug
    title: str
    language: str
    before_label: str
    after_label: str
    illustrative: bool
    articles: list[ArticleComparison]


@dataclass(frozen=True)
class TranslationNote:
    """A proposal's column shows a translation: into which language, made by whom."""

    language: str
    by: str  # the secretariat, or the proposing delegation, by name
    translator: str
    by_secretariat: bool
    updated_at: datetime
    label: str  # "Translation by the secretariat (name)", in the reader's language


@dataclass(frozen=True)
class Adoption:
    """What a decision adopted for one provision, and into which version."""

    amendment_id: int
    number: int
    kind: str  # "proposal", "secretariat" (its text) or "compromise"
    kind_label: str  # in the reader's language
    text: str | None  # None: the provision was deleted
    language: str  # of ``text``: the proposal's own language
    version_id: int | None = None  # None: accepted, not consolidated yet
    version_seq: int | None = None
    label: str = ""  # "Adopted into version 3: the proposal's text", in the reader's language


@dataclass(frozen=True)
class ProposalColumn:
    """One tabled proposal in the synoptic table."""

    amendment_id: int
    number: int
    delegation: str
    delegation_code: str
    tabled_at: datetime | None
    cosponsors: list[str]
    status: str  # AmendmentStatus value
    status_label: str  # in the reader's language
    # The secretariat's text when accepted with changes; the proposal when accepted.
    decision: list[Provision] | None = None
    language: str = ""  # the language the proposal was drafted in
    shown_language: str = ""  # of the text in the column: a translation's, or its own
    languages: list[str] = field(default_factory=list)  # it exists in: its own, translations
    translation: TranslationNote | None = None  # set when the column shows a translation
    base_version_id: int | None = None  # the version it was drafted on (or rebased onto)
    base_seq: int | None = None
    rebased: bool = False
    drafted_on: str = ""  # "drafted on version 2", in the reader's language
    consolidated_version_id: int | None = None  # the version it was consolidated into
    consolidated_seq: int | None = None


@dataclass(frozen=True)
class SynopticRow:
    provision_id: str
    number: str
    base_text: str | None  # None: a provision the base does not have (proposed insertions)
    # One cell per column: the proposal's change to this provision (None: not touched).
    cells: list[ProvisionDiff | None]
    outcome: str | None = None  # the decided text of this provision, if any decision
    # Per cell: the language of its text (None: untouched) and whether it is a translation.
    languages: list[str | None] = field(default_factory=list)
    translated: list[bool] = field(default_factory=list)
    # What each decision touching this provision adopted, in the columns' order.
    decisions: list[Adoption] = field(default_factory=list)


@dataclass(frozen=True)
class SynopticTable:
    instrument: str
    title: str
    article_key: str
    number: str
    heading: str
    language: str
    base_label: str
    illustrative: bool
    columns: list[ProposalColumn]
    rows: list[SynopticRow] = field(default_factory=list)

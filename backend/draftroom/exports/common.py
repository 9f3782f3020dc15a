"""What several renderers share: the running-text shape of a document (``Flow``), a
provision's number and note, XML-safe text, dates, unique element ids.

Changes are never shown by colour alone: DOCX underlines insertions and strikes deletions,
HTML and PDF use ``<ins>``/``<del>`` with a visually hidden label, spreadsheets write
``[+inserted+]`` and ``[-deleted-]``, Akoma Ntoso its own ``<ins>``/``<del>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_date

from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    ProposalColumn,
)
from draftroom.exports.documents import (
    Exportable,
    Footnote,
    Labels,
    Marked,
    MissingArticle,
    TextDocument,
)
from draftroom.text.diff import SHOWN_MARKS, Op, ProvisionDiff
from draftroom.text.languages import direction


def missing_lines(document: Exportable, labels: Labels) -> list[str]:
    """ "Article 9. Heading" for each article the document lacks in its language."""
    if not isinstance(document, TextDocument):
        return []
    return [
        ". ".join(filter(None, [labels.article.format(number=m.number), m.heading]))
        for m in document.missing
    ]


def missing_summary(document: Exportable, labels: Labels) -> str:
    """The numbers of the missing articles in one line, for a file's metadata (short: Word
    keeps at most 255 characters); empty when none is."""
    if not isinstance(document, TextDocument) or not document.missing:
        return ""
    return f"{labels.missing} {', '.join(m.number for m in document.missing)}"


# ---------------------------------------------------------------------------------------------
# One shape for every document that reads as running text: a text is a comparison of a
# version with itself, every op "equal", so each renderer has one code path for both.


@dataclass(frozen=True)
class FlowArticle:
    key: str
    number: str
    heading: tuple[Op, ...]
    provisions: list[ProvisionDiff]
    # A rolling text's: each provision's brackets, status and alternatives, the footnotes.
    marked: Mapping[str, Marked] = field(default_factory=dict)
    footnotes: tuple[Footnote, ...] = ()


@dataclass(frozen=True)
class Flow:
    comparison: bool
    instrument: str
    title: str
    subtitle: str
    language: str
    illustrative: bool
    before_label: str = ""
    after_label: str = ""
    articles: list[FlowArticle] = field(default_factory=list)
    title_is_label: bool = False  # the title is in the reader's language, not the text's
    missing: tuple[MissingArticle, ...] = ()


def flow_of(
    document: TextDocument | InstrumentComparison | ArticleComparison, labels: Labels
) -> Flow:
    if isinstance(document, TextDocument):
        return Flow(
            comparison=False,
            instrument=document.instrument,
            title=document.title,
            subtitle=document.label,
            language=document.language,
            illustrative=document.illustrative,
            missing=document.missing,
            articles=[
                FlowArticle(
                    article.key,
                    article.number,
                    equal_ops(article.heading),
                    [
                        ProvisionDiff(
                            p["id"],
                            "unchanged",
                            p["number"],
                            p["number"],
                            False,
                            False,
                            equal_ops(p["text"]),
                        )
                        for p in article.provisions
                    ],
                    article.marked or {},
                    article.footnotes,
                )
                for article in document.articles
            ],
        )
    if isinstance(document, InstrumentComparison):
        return Flow(
            comparison=True,
            instrument=document.instrument,
            title=document.title,
            subtitle=labels.comparison.format(
                before=document.before_label, after=document.after_label
            ),
            language=document.language,
            illustrative=document.illustrative,
            before_label=document.before_label,
            after_label=document.after_label,
            articles=[_flow_article(a) for a in document.articles],
        )
    return Flow(
        comparison=True,
        instrument="",
        title=labels.article.format(number=document.number),
        subtitle=labels.comparison.format(before=document.before.label, after=document.after.label),
        language=document.language,
        illustrative=False,
        before_label=document.before.label,
        after_label=document.after.label,
        articles=[_flow_article(document)],
        title_is_label=True,
    )


def _flow_article(comparison: ArticleComparison) -> FlowArticle:
    return FlowArticle(
        comparison.article_key,
        comparison.number,
        comparison.heading_ops,
        list(comparison.provisions),
    )


def equal_ops(text: str) -> tuple[Op, ...]:
    return (Op("equal", text),) if text else ()


def provision_number(diff: ProvisionDiff) -> str:
    return (diff.new_number if diff.new_number is not None else diff.old_number) or ""


def provision_note(diff: ProvisionDiff, labels: Labels) -> str:
    """What happened to a provision besides its words: inserted, deleted, moved, renumbered."""
    notes = []
    if diff.kind == "inserted":
        notes.append(labels.provision_inserted)
    elif diff.kind == "deleted":
        notes.append(labels.provision_deleted)
    elif diff.kind == "moved":
        notes.append(labels.provision_moved)
    if diff.renumbered and diff.old_number:
        notes.append(labels.renumbered.format(number=diff.old_number))
    return "; ".join(notes)


_BIDI = re.compile("[" + "".join(SHOWN_MARKS) + "]")


def shown(op: Op) -> str:
    """A change's text with each bidi control and joiner named (as the HTML diff does): a
    change that only reorders the display or joins letters must not look like no change."""
    if op.kind == "equal":
        return op.text
    return _BIDI.sub(lambda m: f"⟨{SHOWN_MARKS[m.group()]}⟩", op.text)


def is_rtl(lang: str) -> bool:
    return direction(lang) == "rtl"


# Characters XML 1.0 cannot hold (DOCX, XLSX and Akoma Ntoso are XML): dropped, not escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


def long_date(moment: datetime | None, lang: str) -> str:
    return format_date(moment, format="long", locale=lang) if moment else ""


def iso_date(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def column_title(column: ProposalColumn, labels: Labels) -> str:
    return labels.amendment.format(number=column.number, delegation=column.delegation)


def xml_id(raw: str) -> str:
    """An identifier of letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "_", ascii_digits(raw)).strip("_")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "id_" + cleaned
    return cleaned


class Ids:
    """eIds unique in one file: a second ``x`` becomes ``x_2``."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, raw: str) -> str:
        base = xml_id(raw)
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate

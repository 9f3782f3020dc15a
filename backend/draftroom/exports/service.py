"""Exports: a text, a comparison or a synoptic table as a file to take away.

Pure renderers, no database and no request: each turns one document into the bytes of one
format. Every word that is not the text itself comes in through ``Labels``, already
translated by the caller, so nothing here calls gettext.

Two languages meet in every file: ``lang``, the labels' (the file's own direction), and the
document's ``language``, the text's (each text cell or paragraph carries it). The routes pass
the document's language for both, so a file says what it holds in the language it holds it
in, whatever the interface it was downloaded from; the renderers still keep them apart.

A text with articles not yet translated into its language lists them on its first page and
in the file's metadata (``TextDocument.missing``): nothing is dropped silently.

Changes are never shown by colour alone: DOCX underlines insertions and strikes deletions,
HTML and PDF use ``<ins>``/``<del>`` with a visually hidden label, spreadsheets write
``[+inserted+]`` and ``[-deleted-]``, Akoma Ntoso its own ``<ins>``/``<del>``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, assert_never

from babel.dates import format_date
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from lxml import etree
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    ProposalColumn,
    Provision,
    SynopticTable,
)
from draftroom.config import ROOT
from draftroom.kit.i18n import RTL
from draftroom.text.diff import SHOWN_MARKS, Op, ProvisionDiff, render_inline

Format = Literal["docx", "xlsx", "csv", "html", "pdf", "akn"]
FORMATS: tuple[Format, ...] = ("docx", "xlsx", "csv", "html", "pdf", "akn")

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
FONT_STACK = '"Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif'
TEMPLATES_DIR = ROOT / "frontend" / "templates"

MEDIA_TYPES: dict[Format, tuple[str, str]] = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "akn": ("application/akn+xml", "xml"),
}


class TextArticle(NamedTuple):
    """One article of a text: its key (``art_12``), number, heading and provisions."""

    key: str
    number: str
    heading: str
    provisions: Sequence[Provision]


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


def render(
    document: Exportable,
    fmt: Format,
    lang: str,
    labels: Labels,
    *,
    templates_dir: Path | None = None,
) -> tuple[bytes, str, str]:
    """The file: its bytes, media type and extension (without the dot).

    ``templates_dir`` is where ``exports/*.html`` live (``settings.frontend_dir /
    "templates"``); HTML and PDF need it.
    """
    media_type, extension = MEDIA_TYPES[fmt]
    if fmt == "docx":
        data = render_docx(document, lang, labels)
    elif fmt == "xlsx":
        data = render_xlsx(document, lang, labels)
    elif fmt == "csv":
        data = render_csv(document, lang, labels)
    elif fmt == "html":
        data = render_html(document, lang, labels, templates_dir=templates_dir)
    elif fmt == "pdf":
        data = render_pdf(document, lang, labels, templates_dir=templates_dir)
    elif fmt == "akn":
        data = render_akn(document, lang, labels)
    else:
        assert_never(fmt)
    return data, media_type, extension


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


def file_stem(document: Exportable) -> str:
    """A file name without extension, ASCII only: ``model-law_art_12_synoptic``; a text
    missing articles in its language says so: ``model-law_ru-incomplete``."""
    if isinstance(document, SynopticTable):
        parts = [document.instrument, document.article_key, "synoptic", document.language]
    elif isinstance(document, ArticleComparison):
        parts = [document.article_key, "comparison", document.language]
    elif isinstance(document, InstrumentComparison):
        parts = [document.instrument, "comparison", document.language]
    else:
        parts = [document.instrument or "text", document.language]
    stem = "_".join(p for p in parts if p)
    if isinstance(document, TextDocument) and document.missing:
        stem += "-incomplete"
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", _ascii_digits(stem)).strip("-") or "export"


# ---------------------------------------------------------------------------------------------
# One shape for every document that reads as running text: a text is a comparison of a
# version with itself, every op "equal", so each renderer has one code path for both.


@dataclass(frozen=True)
class _FlowArticle:
    key: str
    number: str
    heading: tuple[Op, ...]
    provisions: list[ProvisionDiff]


@dataclass(frozen=True)
class _Flow:
    comparison: bool
    instrument: str
    title: str
    subtitle: str
    language: str
    illustrative: bool
    before_label: str = ""
    after_label: str = ""
    articles: list[_FlowArticle] = field(default_factory=list)
    title_is_label: bool = False  # the title is in the reader's language, not the text's
    missing: tuple[MissingArticle, ...] = ()


def _flow(
    document: TextDocument | InstrumentComparison | ArticleComparison, labels: Labels
) -> _Flow:
    if isinstance(document, TextDocument):
        return _Flow(
            comparison=False,
            instrument=document.instrument,
            title=document.title,
            subtitle=document.label,
            language=document.language,
            illustrative=document.illustrative,
            missing=document.missing,
            articles=[
                _FlowArticle(
                    article.key,
                    article.number,
                    _equal(article.heading),
                    [
                        ProvisionDiff(
                            p["id"],
                            "unchanged",
                            p["number"],
                            p["number"],
                            False,
                            False,
                            _equal(p["text"]),
                        )
                        for p in article.provisions
                    ],
                )
                for article in document.articles
            ],
        )
    if isinstance(document, InstrumentComparison):
        return _Flow(
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
    return _Flow(
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


def _flow_article(comparison: ArticleComparison) -> _FlowArticle:
    return _FlowArticle(
        comparison.article_key,
        comparison.number,
        comparison.heading_ops,
        list(comparison.provisions),
    )


def _equal(text: str) -> tuple[Op, ...]:
    return (Op("equal", text),) if text else ()


def _number(diff: ProvisionDiff) -> str:
    return (diff.new_number if diff.new_number is not None else diff.old_number) or ""


def _note(diff: ProvisionDiff, labels: Labels) -> str:
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


def _change(diff: ProvisionDiff, labels: Labels) -> str:
    """The change column of a spreadsheet: always says something, "unchanged" included."""
    note = _note(diff, labels)
    if diff.kind in ("changed", "unchanged"):
        word = labels.changed if diff.text_changed else labels.unchanged
        return f"{word}; {note}" if note else word
    return note


def _marked(ops: Iterable[Op]) -> str:
    """A diff as plain text: ``[+inserted+]``, ``[-deleted-]``."""
    parts = []
    for op in ops:
        if op.kind == "insert":
            parts.append(f"[+{_shown(op)}+]")
        elif op.kind == "delete":
            parts.append(f"[-{_shown(op)}-]")
        else:
            parts.append(op.text)
    return "".join(parts)


_BIDI = re.compile("[" + "".join(SHOWN_MARKS) + "]")


def _shown(op: Op) -> str:
    """A change's text with each bidi control and joiner named (as the HTML diff does): a
    change that only reorders the display or joins letters must not look like no change."""
    if op.kind == "equal":
        return op.text
    return _BIDI.sub(lambda m: f"⟨{SHOWN_MARKS[m.group()]}⟩", op.text)


def _old(ops: Iterable[Op]) -> str:
    return "".join(op.text for op in ops if op.kind != "insert")


def _new(ops: Iterable[Op]) -> str:
    return "".join(op.text for op in ops if op.kind != "delete")


def _rtl(lang: str) -> bool:
    return lang.split("-")[0] in RTL


def _dir(lang: str) -> str:
    return "rtl" if _rtl(lang) else "ltr"


# Characters XML 1.0 cannot hold (DOCX, XLSX and Akoma Ntoso are XML): dropped, not escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


def _day(moment: datetime | None, lang: str) -> str:
    return format_date(moment, format="long", locale=lang) if moment else ""


def _iso_day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _column_title(column: ProposalColumn, labels: Labels) -> str:
    return labels.amendment.format(number=column.number, delegation=column.delegation)


# ---------------------------------------------------------------------------------------------
# DOCX

_INSERT_COLOUR = RGBColor(0x0B, 0x5C, 0x0B)
_DELETE_COLOUR = RGBColor(0xA4, 0x26, 0x2C)
# Children of w:pPr, w:rPr and w:sectPr that must come after the element we add (OOXML
# schemas fix the order, and Word refuses a file that breaks it).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_WORD_LANG = {"zh": "zh-CN"}


class _Docx:
    """A Word document in the reader's direction, with text runs in the text's."""

    def __init__(self, lang: str, text_lang: str, title: str, landscape: bool) -> None:
        self.lang = lang
        self.text_lang = text_lang
        self.rtl = _rtl(lang)
        self.doc: DocxDocument = new_docx()
        self._styles()
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(18))
        if self.rtl:
            bidi = OxmlElement("w:bidi")
            section._sectPr.insert_element_before(bidi, *_AFTER_SECT_BIDI)
        props = self.doc.core_properties
        props.title = _xml_safe(title)
        props.language = text_lang
        props.author = "Draftroom"
        props.last_modified_by = "Draftroom"
        props.comments = ""

    def missing(self, document: Exportable, labels: Labels) -> None:
        """The articles not in this language, on the first page and in the properties."""
        lines = missing_lines(document, labels)
        if not lines:
            return
        self.run(self.paragraph(self.doc), labels.missing, bold=True)
        for line in lines:
            self.run(self.paragraph(self.doc, "List Bullet"), line)
        self.doc.core_properties.comments = _xml_safe(missing_summary(document, labels))[:255]
        self.doc.core_properties.keywords = _xml_safe(labels.not_translated)

    @property
    def usable_width(self) -> int:
        section = self.doc.sections[0]
        return int(
            (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        )

    def _styles(self) -> None:
        """Noto fonts for every script; Normal (the base of all) in the reader's direction."""
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2"):
            style: Any = self.doc.styles[name]
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            fonts.set(qn("w:ascii"), "Noto Sans")
            fonts.set(qn("w:hAnsi"), "Noto Sans")
            fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
            fonts.set(qn("w:cs"), "Noto Sans Arabic")
            # Letter spacing (the template's Title has some) tears Arabic letters apart.
            for spacing in rpr.findall(qn("w:spacing")):
                rpr.remove(spacing)
        normal: Any = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)
        if self.rtl:
            _set_bidi(normal.element.get_or_add_pPr(), True)
            normal.font.rtl = True
        _set_lang(normal.element.get_or_add_rPr(), self.lang)

    def paragraph(
        self, container: DocxDocument | _Cell, style: str | None = None, *, text: bool = False
    ) -> Paragraph:
        """A new paragraph; ``text``: it holds the text (its language's direction)."""
        paragraph: Paragraph
        if isinstance(container, _Cell) and len(container.paragraphs) == 1:
            # A new cell comes with one empty paragraph: use it.
            first = container.paragraphs[0]
            paragraph = first if not first.text and not first.runs else container.add_paragraph()
        else:
            paragraph = container.add_paragraph()
        if style:
            paragraph.style = self.doc.styles[style]
        rtl = _rtl(self.text_lang if text else self.lang)
        if rtl or self.rtl:
            _set_bidi(paragraph._p.get_or_add_pPr(), rtl)
        return paragraph

    def run(
        self,
        paragraph: Paragraph,
        content: str,
        kind: str = "equal",
        *,
        text: bool = False,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        """One run; insertions underlined, deletions struck, both also coloured."""
        run = paragraph.add_run(_xml_safe(content))
        font = run.font
        if kind == "insert":
            font.underline = True
            font.color.rgb = _INSERT_COLOUR
        elif kind == "delete":
            font.strike = True
            font.color.rgb = _DELETE_COLOUR
        if bold:
            font.bold = font.cs_bold = True
        if italic:
            font.italic = font.cs_italic = True
        lang = self.text_lang if text else self.lang
        if _rtl(lang) or self.rtl:
            font.rtl = _rtl(lang)
        if text:
            _set_lang(run._r.get_or_add_rPr(), lang)

    def ops(self, paragraph: Paragraph, ops: Iterable[Op]) -> None:
        for op in ops:
            self.run(paragraph, _shown(op), op.kind, text=True)

    def header(
        self,
        title: str,
        subtitle: str,
        illustrative: bool,
        labels: Labels,
        *,
        title_is_label: bool = False,
    ) -> None:
        paragraph = self.paragraph(self.doc, "Title", text=not title_is_label)
        self.run(paragraph, title, text=not title_is_label)
        if subtitle:
            self.run(self.paragraph(self.doc, "Subtitle"), subtitle)
        if illustrative:
            self.run(self.paragraph(self.doc), labels.illustrative, bold=True, italic=True)

    def legend(self, labels: Labels) -> None:
        legend = self.paragraph(self.doc)
        self.run(legend, labels.legend + " ")
        self.run(legend, labels.inserted, "insert")
        self.run(legend, " ")
        self.run(legend, labels.deleted, "delete")

    def table(self, rows: int, cols: int) -> Table:
        table: Table = self.doc.add_table(rows=rows, cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        return table

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _set_bidi(ppr: Any, on: bool) -> None:
    bidi = ppr.find(qn("w:bidi"))
    if bidi is None:
        bidi = OxmlElement("w:bidi")
        ppr.insert_element_before(bidi, *_AFTER_BIDI)
    if not on:
        bidi.set(qn("w:val"), "0")


def _hanging_indent(paragraph: Paragraph, width: int) -> None:
    """The number in the margin, the text aligned after it, at the paragraph's start side.

    ``w:start`` (not ``w:left``) so that a right-to-left paragraph indents on the right.
    """
    ind = OxmlElement("w:ind")
    ind.set(qn("w:start"), str(width // 635))  # EMU to twentieths of a point
    ind.set(qn("w:hanging"), str(width // 635))
    paragraph._p.get_or_add_pPr().insert_element_before(ind, *_AFTER_BIDI[4:])


def _set_lang(rpr: Any, lang: str) -> None:
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.insert_element_before(element, *_AFTER_LANG)
    tag = _WORD_LANG.get(lang, lang)
    element.set(qn("w:val"), tag)
    if lang == "zh":
        element.set(qn("w:eastAsia"), tag)
    if _rtl(lang):
        element.set(qn("w:bidi"), tag)


def render_docx(document: Exportable, lang: str, labels: Labels) -> bytes:
    if isinstance(document, SynopticTable):
        return _docx_synoptic(document, lang, labels)
    flow = _flow(document, labels)
    word = _Docx(lang, flow.language, flow.title, landscape=False)
    word.header(
        flow.title, flow.subtitle, flow.illustrative, labels, title_is_label=flow.title_is_label
    )
    word.missing(document, labels)
    if flow.comparison:
        word.legend(labels)
    for article in flow.articles:
        word.run(
            word.paragraph(word.doc, "Heading 1"), labels.article.format(number=article.number)
        )
        if article.heading:
            word.ops(word.paragraph(word.doc, "Heading 2", text=True), article.heading)
        for diff in article.provisions:
            paragraph = word.paragraph(word.doc, text=True)
            paragraph.paragraph_format.space_after = Pt(6)
            _hanging_indent(paragraph, Mm(12))
            number = _number(diff)
            if number:
                word.run(paragraph, number, "delete" if diff.kind == "deleted" else "equal",
                         text=True, bold=True)  # fmt: skip
                word.run(paragraph, "\t", text=True)
            note = _note(diff, labels)
            if note:
                word.run(paragraph, f"[{note}] ", italic=True)
            word.ops(paragraph, diff.ops)
    return word.save()


def _docx_synoptic(table: SynopticTable, lang: str, labels: Labels) -> bytes:
    word = _Docx(lang, table.language, table.title, landscape=True)
    word.header(table.title, labels.synoptic_table, table.illustrative, labels)
    heading = word.paragraph(word.doc, "Heading 1")
    word.run(heading, labels.article.format(number=table.number))
    if table.heading:
        word.run(word.paragraph(word.doc, "Heading 2", text=True), table.heading, text=True)
    word.legend(labels)

    columns = len(table.columns) + 3
    grid = word.table(1 + len(table.rows), columns)
    width = word.usable_width
    number_width = int(Mm(20))
    text_width = (width - number_width) // (columns - 1)
    for i, column in enumerate(grid.columns):
        column.width = number_width if i == 0 else text_width
        for cell in column.cells:
            cell.width = number_width if i == 0 else text_width
    head = grid.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page

    def header(cell: _Cell, title: str, *lines: str) -> None:
        word.run(word.paragraph(cell), title, bold=True)
        for line in lines:
            if line:
                word.run(word.paragraph(cell), line)

    header(head.cells[0], labels.provision)
    header(head.cells[1], labels.base_text, table.base_label)
    for i, column in enumerate(table.columns):
        header(
            head.cells[2 + i],
            _column_title(column, labels),
            f"{labels.tabled}: {_day(column.tabled_at, lang)}" if column.tabled_at else "",
            f"{labels.cosponsors}: {', '.join(column.cosponsors)}" if column.cosponsors else "",
            f"{labels.status}: {column.status_label}",
        )
    header(head.cells[-1], labels.decision)

    for r, row in enumerate(table.rows, start=1):
        cells = grid.rows[r].cells
        word.run(word.paragraph(cells[0], text=True), row.number, text=True, bold=True)
        if row.base_text is not None:
            word.run(word.paragraph(cells[1], text=True), row.base_text, text=True)
        for i, diff in enumerate(row.cells):
            paragraph = word.paragraph(cells[2 + i], text=diff is not None)
            if diff is None:
                word.run(paragraph, "—", italic=True)
                continue
            note = _note(diff, labels)
            if note:
                word.run(paragraph, f"[{note}] ", italic=True)
            word.ops(paragraph, diff.ops)
        if row.outcome is not None:
            word.run(word.paragraph(cells[-1], text=True), row.outcome, text=True)
    return word.save()


# ---------------------------------------------------------------------------------------------
# Spreadsheets: one grid feeds XLSX and CSV, so both have the same columns.


@dataclass(frozen=True)
class _Grid:
    title: str
    header: list[list[str]]  # one or more header rows
    rows: list[list[str]]
    widths: list[int]
    text_columns: frozenset[int]  # columns holding the text (its language and direction)
    illustrative: bool
    frozen_columns: int = 0
    notes: list[str] = field(default_factory=list)  # title, label, illustrative, legend


def _grid(document: Exportable, labels: Labels) -> _Grid:
    if isinstance(document, SynopticTable):
        return _synoptic_grid(document, labels)
    flow = _flow(document, labels)
    notes = [flow.title, flow.subtitle]
    if flow.illustrative:
        notes.append(labels.illustrative)
    if flow.missing:
        notes += [labels.missing, *missing_lines(document, labels)]
    if not flow.comparison:
        # The articles not in this language come first, one row each, so no reader of the
        # sheet (or of the CSV, which has no other page) can miss them.
        rows = [[m.number, m.heading, "", labels.not_translated, m.key] for m in flow.missing]
        rows += [
            [a.number, _new(a.heading), _number(d), _new(d.ops), d.id]
            for a in flow.articles
            for d in a.provisions
        ]
        return _Grid(
            flow.title,
            [
                [
                    labels.article_column,
                    labels.heading,
                    labels.provision,
                    labels.text,
                    labels.provision_id,
                ]
            ],
            rows,
            [10, 30, 10, 90, 28],
            frozenset({1, 3}),
            flow.illustrative,
            notes=notes,
        )
    notes.append(labels.legend_markers)
    rows = []
    for article in flow.articles:
        if article.heading:
            rows.append(
                [
                    article.number,
                    labels.heading,
                    labels.changed if any(o.kind != "equal" for o in article.heading)
                    else labels.unchanged,
                    _old(article.heading),
                    _new(article.heading),
                    _marked(article.heading),
                    article.key,
                ]
            )  # fmt: skip
        for d in article.provisions:
            rows.append(
                [article.number, _number(d), _change(d, labels), _old(d.ops), _new(d.ops),
                 _marked(d.ops), d.id]
            )  # fmt: skip
    return _Grid(
        flow.title,
        [
            [
                labels.article_column,
                labels.provision,
                labels.change,
                flow.before_label,
                flow.after_label,
                labels.changes,
                labels.provision_id,
            ]
        ],
        rows,
        [10, 10, 18, 60, 60, 70, 28],
        frozenset({3, 4, 5}),
        flow.illustrative,
        notes=notes,
    )


def _synoptic_grid(table: SynopticTable, labels: Labels) -> _Grid:
    columns = table.columns
    blank = [""] * len(columns)
    header = [
        [labels.provision, f"{labels.base_text} ({table.base_label})"]
        + [_column_title(c, labels) for c in columns]
        + [labels.decision, labels.provision_id],
        [labels.delegation, ""] + [c.delegation for c in columns] + ["", ""],
        [labels.tabled, ""] + [_iso_day(c.tabled_at) for c in columns] + ["", ""],
        [labels.cosponsors, ""] + ["; ".join(c.cosponsors) for c in columns] + ["", ""],
        [labels.status, ""] + [c.status_label for c in columns] + ["", ""],
    ]
    rows = []
    for row in table.rows:
        cells = list(blank)
        for i, diff in enumerate(row.cells):
            if diff is not None:
                note = _note(diff, labels)
                cells[i] = f"[{note}] {_marked(diff.ops)}" if note else _marked(diff.ops)
        rows.append([row.number, row.base_text or "", *cells, row.outcome or "", row.provision_id])
    title = " ".join(filter(None, [labels.article.format(number=table.number), table.heading]))
    notes = [table.title, title, labels.synoptic_table, table.base_label]
    if table.illustrative:
        notes.append(labels.illustrative)
    notes.append(labels.legend_markers)
    return _Grid(
        title,
        header,
        rows,
        [12, 50, *[45] * len(columns), 50, 28],
        frozenset({1, *range(2, 2 + len(columns)), 2 + len(columns)}),
        table.illustrative,
        frozen_columns=2,
        notes=notes,
    )


_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(document: Exportable, lang: str, labels: Labels) -> bytes:
    grid = _grid(document, labels)
    text_lang = document.language
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _SHEET_NAME.sub(" ", _xml_safe(grid.title))[:31].strip() or "Sheet1"
    rtl = _rtl(lang)
    sheet.sheet_view.rightToLeft = rtl
    head_fill = PatternFill("solid", fgColor="E6E6E6")
    order = {True: 2, False: 1}  # readingOrder: 1 left to right, 2 right to left
    label_align = Alignment(wrap_text=True, vertical="top", readingOrder=order[rtl])
    text_align = Alignment(wrap_text=True, vertical="top", readingOrder=order[_rtl(text_lang)])
    for values in grid.header:
        sheet.append([_xml_safe(v) for v in values])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.alignment = label_align
            cell.data_type = "s"
    for values in grid.rows:
        sheet.append([_xml_safe(v) for v in values])
        for i, cell in enumerate(sheet[sheet.max_row]):
            cell.alignment = text_align if i in grid.text_columns else label_align
            # A text starting with "=" is text, never a formula.
            cell.data_type = "s"
    for i, width in enumerate(grid.widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    first_body_row = len(grid.header) + 1
    sheet.freeze_panes = f"{get_column_letter(grid.frozen_columns + 1)}{first_body_row}"
    sheet.print_title_rows = f"1:{len(grid.header)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if grid.illustrative:
        sheet.oddHeader.center.text = _xml_safe(labels.illustrative)

    about: Any = book.create_sheet(_SHEET_NAME.sub(" ", labels.about)[:31] or "About")
    about.sheet_view.rightToLeft = rtl
    for note in grid.notes:
        if note:
            about.append([_xml_safe(note)])
            about.cell(about.max_row, 1).data_type = "s"
            about.cell(about.max_row, 1).alignment = label_align
    about.column_dimensions["A"].width = 100
    book.properties.title = _xml_safe(grid.title)
    summary = missing_summary(document, labels)
    if summary:
        book.properties.description = _xml_safe(summary)
        book.properties.keywords = _xml_safe(labels.not_translated)
    book.properties.language = text_lang
    book.properties.creator = "Draftroom"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(document: Exportable, lang: str, labels: Labels) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheets read Arabic and Chinese right."""
    grid = _grid(document, labels)
    out = io.StringIO()
    writer = csv.writer(out)
    for values in [*grid.header, *grid.rows]:
        writer.writerow([_neutralise(v) for v in values])
    return out.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------
# HTML and PDF: one template, the PDF is WeasyPrint's print of it.


@lru_cache
def _environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _inline(ops: Iterable[Op], labels: Labels) -> Markup:
    return Markup(render_inline(ops, labels.inserted, labels.deleted))  # noqa: S704 - escaped


def _html_context(document: Exportable, lang: str, labels: Labels) -> dict[str, Any]:
    text_lang = document.language
    ids = _Ids()  # provision ids as element ids, unique in the page
    base: dict[str, Any] = {
        "lang": lang,
        "dir": _dir(lang),
        "text_lang": text_lang,
        "text_dir": _dir(text_lang),
        "labels": labels,
        "font_stack": Markup(FONT_STACK),  # noqa: S704 - a constant
        "missing": [
            {
                "article": labels.article.format(number=m.number),
                "heading": m.heading,
                "lang": m.heading_language,
                "dir": _dir(m.heading_language),
            }
            for m in (document.missing if isinstance(document, TextDocument) else ())
        ],
        "missing_summary": missing_summary(document, labels),
    }
    if isinstance(document, SynopticTable):
        title = labels.article.format(number=document.number)
        return base | {
            "template": "exports/synoptic.html",
            "landscape": True,
            "title": document.title,
            "title_lang": text_lang,
            "title_dir": _dir(text_lang),
            "subtitle": labels.synoptic_table,
            "illustrative": document.illustrative,
            "comparison": True,
            "article": title,
            "heading": document.heading,
            "base_label": document.base_label,
            "columns": [
                {
                    "title": _column_title(c, labels),
                    "delegation": c.delegation,
                    "tabled": _day(c.tabled_at, lang),
                    "tabled_iso": _iso_day(c.tabled_at),
                    "cosponsors": ", ".join(c.cosponsors),
                    "status": c.status_label,
                }
                for c in document.columns
            ],
            "rows": [
                {
                    "id": ids.take(row.provision_id),
                    "number": row.number,
                    "base": row.base_text,
                    "cells": [
                        None
                        if diff is None
                        else {"note": _note(diff, labels), "html": _inline(diff.ops, labels)}
                        for diff in row.cells
                    ],
                    "outcome": row.outcome,
                }
                for row in document.rows
            ],
        }
    flow = _flow(document, labels)
    return base | {
        "template": "exports/text.html",
        "landscape": False,
        "title": flow.title,
        "title_lang": lang if flow.title_is_label else text_lang,
        "title_dir": _dir(lang if flow.title_is_label else text_lang),
        "subtitle": flow.subtitle,
        "illustrative": flow.illustrative,
        "comparison": flow.comparison,
        "articles": [
            {
                "id": ids.take(article.key),
                "label": labels.article.format(number=article.number),
                "heading": _inline(article.heading, labels) if article.heading else None,
                "provisions": [
                    {
                        "id": ids.take(diff.id),
                        "kind": diff.kind,
                        "number": _number(diff),
                        "note": _note(diff, labels),
                        "html": _inline(diff.ops, labels),
                    }
                    for diff in article.provisions
                ],
            }
            for article in flow.articles
        ],
    }


def _html(
    document: Exportable, lang: str, labels: Labels, templates_dir: Path | None, *, pdf: bool
) -> str:
    context = _html_context(document, lang, labels)
    context["pdf"] = pdf
    template = _environment(templates_dir or TEMPLATES_DIR).get_template(context["template"])
    return template.render(context)


def render_html(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """A standalone page: styles inline, no script, nothing fetched."""
    return _html(document, lang, labels, templates_dir, pdf=False).encode("utf-8")


def render_pdf(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """WeasyPrint's print of the HTML; needs Pango and the Noto fonts (Debian packages)."""
    # Imported here: WeasyPrint loads Pango when imported, and only PDFs need it.
    from weasyprint import HTML

    source = _html(document, lang, labels, templates_dir, pdf=True)
    data: bytes = HTML(string=source, base_url=None).write_pdf(pdf_tags=True)
    return data


# ---------------------------------------------------------------------------------------------
# Akoma Ntoso 3.0


_LANGUAGE_639_2 = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}


def _eid(raw: str) -> str:
    """An identifier of letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "_", _ascii_digits(raw)).strip("_")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "id_" + cleaned
    return cleaned


class _Ids:
    """eIds unique in one file: a second ``x`` becomes ``x_2``."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, raw: str) -> str:
        base = _eid(raw)
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate


def _akn(tag: str, parent: Any = None, text: str | None = None, **attrs: str) -> Any:
    name = f"{{{AKN_NS}}}{tag}"
    element = etree.Element(name) if parent is None else etree.SubElement(parent, name)
    for key, value in attrs.items():
        element.set(key, _xml_safe(value))
    if text:
        element.text = _xml_safe(text)
    return element


def _akn_ops(element: Any, ops: Iterable[Op]) -> None:
    """Ops as mixed content after what ``element`` holds: changes as ``<ins>``/``<del>``."""
    last = element[-1] if len(element) else None
    for op in ops:
        content = _xml_safe(op.text)
        if op.kind != "equal":
            last = _akn("ins" if op.kind == "insert" else "del", element, content)
        elif last is None:
            element.text = (element.text or "") + content
        else:
            last.tail = (last.tail or "") + content


@dataclass
class _Node:
    diff: ProvisionDiff
    eid: str
    children: list[_Node] = field(default_factory=list)


def _tree(provisions: Sequence[ProvisionDiff], ids: _Ids, prefix: str = "") -> list[_Node]:
    """Provisions nested by their ids: ``art_1__para_1__point_a`` inside ``art_1__para_1``."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for diff in provisions:
        node = _Node(diff, ids.take(prefix + diff.id))
        while stack and not node.eid.startswith(stack[-1].eid + "__"):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _akn_provision(parent: Any, node: _Node, depth: int, labels: Labels) -> None:
    element = _akn("paragraph" if depth == 0 else "point", parent, eId=node.eid)
    diff = node.diff
    if diff.kind == "deleted":
        element.set("status", "removed")
    number = _number(diff)
    if number:
        _akn("num", element, number)
    if node.children:
        holder = _akn("p", _akn("intro", element))
    else:
        holder = _akn("p", _akn("content", element))
    note = _note(diff, labels)
    if note:
        _akn("span", holder, f"[{note}]", **{"class": "note"}).tail = " "
    _akn_ops(holder, diff.ops)
    for child in node.children:
        _akn_provision(element, child, depth + 1, labels)


def _frbr(
    meta: Any,
    kind: str,
    name: str,
    lang: str,
    today: str,
    author: str,
    notes: Sequence[tuple[str, str]] = (),
    organisations: Sequence[tuple[str, str, str]] = (),
) -> None:
    """FRBR identification (work, expression, manifestation), references and notes."""
    work = f"/akn/un/{kind}/{today}/{name}"
    expression = f"{work}/{_LANGUAGE_639_2.get(lang, lang)}@{today}"
    identification = _akn("identification", meta, source="#draftroom")
    for level, this, uri in (
        ("FRBRWork", f"{work}/!main", work),
        ("FRBRExpression", f"{expression}/!main", expression),
        ("FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn"),
    ):
        frbr = _akn(level, identification)
        _akn("FRBRthis", frbr, value=this)
        _akn("FRBRuri", frbr, value=uri)
        _akn("FRBRdate", frbr, date=today, name="export")
        _akn(
            "FRBRauthor", frbr, href=f"#{author}" if level != "FRBRManifestation" else "#draftroom"
        )
        if level == "FRBRWork":
            _akn("FRBRcountry", frbr, value="un")
        elif level == "FRBRExpression":
            _akn("FRBRlanguage", frbr, language=_LANGUAGE_639_2.get(lang, lang))
    if organisations:
        references = _akn("references", meta, source="#draftroom")
    for eid, href, show in organisations:
        _akn("TLCOrganization", references, eId=eid, href=href, showAs=show)
    if notes:
        holder = _akn("notes", meta, source="#draftroom")
        for eid, text in notes:
            _akn("p", _akn("note", holder, eId=eid), text)


def _akn_name(*parts: str) -> str:
    return "-".join(_eid(p).replace("_", "-").lower() for p in parts if p) or "text"


def render_akn(document: Exportable, lang: str, labels: Labels) -> bytes:
    today = datetime.now(UTC).date().isoformat()
    if isinstance(document, SynopticTable):
        root = _akn_synoptic(document, labels, today)
    else:
        root = _akn_flow(_flow(document, labels), labels, today)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _akn_organisations(ids: _Ids) -> tuple[str, str, list[tuple[str, str, str]]]:
    unodc, draftroom = ids.take("unodc"), ids.take("draftroom")
    return (
        unodc,
        draftroom,
        [
            (unodc, "/ontology/organization/un/unodc", "UNODC"),
            (draftroom, "/ontology/organization/draftroom", "Draftroom"),
        ],
    )


def _akn_flow(flow: _Flow, labels: Labels, today: str) -> Any:
    ids = _Ids()
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    act = _akn("act", root, name="modelLaw")
    meta = _akn("meta", act)
    unodc, _draftroom, organisations = _akn_organisations(ids)
    notes = []
    if flow.illustrative:
        notes.append((ids.take("note_illustrative"), labels.illustrative))
    if flow.comparison:
        notes.append((ids.take("note_comparison"), f"{flow.subtitle}. {labels.legend}"))
    if flow.missing:
        lines = [
            ". ".join(filter(None, [labels.article.format(number=m.number), m.heading]))
            for m in flow.missing
        ]
        notes.append((ids.take("note_missing"), f"{labels.missing} {'; '.join(lines)}"))
    first = flow.articles[0].key if flow.articles and not flow.instrument else ""
    name = _akn_name(flow.instrument or "model-law", first)
    _frbr(meta, "act", name, flow.language, today, unodc, notes, organisations)
    preface = _akn("preface", act)
    _akn("docTitle", _akn("p", _akn("longTitle", preface)), flow.title)
    if flow.subtitle:
        _akn("p", preface, flow.subtitle)
    if flow.illustrative:
        _akn("p", preface, labels.illustrative, **{"class": "illustrative"})
    if flow.missing:
        block = _akn("blockList", preface, eId=ids.take("missing"), **{"class": "missing"})
        _akn("listIntroduction", block, labels.missing)
        for m in flow.missing:
            item = _akn("item", block, eId=ids.take(f"missing_{m.key}"))
            line = ". ".join(filter(None, [labels.article.format(number=m.number), m.heading]))
            _akn("p", item, line)
    body = _akn("body", act)
    for article in flow.articles:
        element = _akn("article", body, eId=ids.take(article.key))
        _akn("num", element, article.number)
        if article.heading:
            _akn_ops(_akn("heading", element), article.heading)
        nodes = _tree(article.provisions, ids)
        if not nodes:
            _akn("p", _akn("content", element))
        for node in nodes:
            _akn_provision(element, node, 0, labels)
    if not flow.articles:
        _akn("p", _akn("content", _akn("article", body, eId=ids.take("art_none"))))
    return root


def _akn_synoptic(table: SynopticTable, labels: Labels, today: str) -> Any:
    """The base text as an ``act`` and each proposal as an ``amendment``, in an amendmentList.

    eIds are unique across the file (the schema requires it of an amendmentList): the base
    keeps the provision ids, a proposal's elements are prefixed ``amd_<number>__`` and refer
    to the provision they change with ``<ref href="#<provision id>">``.
    """
    ids = _Ids()
    name = _akn_name(table.instrument, table.article_key)
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    collection = _akn("amendmentList", root, name="synopticTable")
    meta = _akn("meta", collection)
    unodc, _draftroom, organisations = _akn_organisations(ids)
    notes = []
    if table.illustrative:
        notes.append((ids.take("note_illustrative"), labels.illustrative))
    _frbr(meta, "amendmentList", name, table.language, today, unodc, notes, organisations)
    preface = _akn("preface", collection)
    article_title = labels.article.format(number=table.number)
    _akn("docTitle", _akn("p", _akn("longTitle", preface)), table.title)
    _akn("p", preface, f"{labels.synoptic_table}: {article_title}")
    if table.heading:
        _akn("p", preface, table.heading)
    if table.illustrative:
        _akn("p", preface, labels.illustrative, **{"class": "illustrative"})
    body = _akn("collectionBody", collection)

    # The base text, with the provision ids as eIds.
    component = _akn("component", body, eId=ids.take("cmp_base"))
    act = _akn("act", component, name="baseText")
    act_meta = _akn("meta", act)
    _frbr(act_meta, "act", name, table.language, today, unodc)
    article = _akn("article", _akn("body", act), eId=ids.take(table.article_key))
    _akn("num", article, table.number)
    if table.heading:
        _akn("heading", article, table.heading)
    base = [
        ProvisionDiff(
            row.provision_id, "unchanged", row.number, row.number, False, False,
            _equal(row.base_text),
        )
        for row in table.rows
        if row.base_text is not None
    ]  # fmt: skip
    nodes = _tree(base, ids)
    if not nodes:
        _akn("p", _akn("content", article))
    provision_eids = {node.diff.id: node.eid for node in _walk(nodes)}
    for node in nodes:
        _akn_provision(article, node, 0, labels)

    for index, column in enumerate(table.columns):
        prefix = f"amd_{column.number}__"
        component = _akn("component", body, eId=ids.take(f"cmp_amd_{column.number}"))
        amendment = _akn("amendment", component, name="amendment")
        amendment_meta = _akn("meta", amendment)
        proponent = ids.take(f"{prefix}{column.delegation_code or 'delegation'}")
        organisations_here = [
            (proponent, f"/ontology/organization/draftroom/{_eid(column.delegation_code)}",
             column.delegation)
        ] + [
            (ids.take(f"{prefix}cosponsor_{n}"),
             f"/ontology/organization/draftroom/{_akn_name(sponsor)}", sponsor)
            for n, sponsor in enumerate(column.cosponsors, start=1)
        ]  # fmt: skip
        _frbr(
            amendment_meta,
            "amendment",
            f"{name}-{column.number}",
            table.language,
            _iso_day(column.tabled_at) or today,
            proponent,
            organisations=organisations_here,
        )
        amendment_preface = _akn("preface", amendment)
        line = _akn("p", amendment_preface)
        _akn("docNumber", line, str(column.number)).tail = " "
        _akn("docProponent", line, column.delegation, refersTo=f"#{proponent}").tail = " "
        if column.tabled_at:
            _akn("docDate", line, _iso_day(column.tabled_at), date=_iso_day(column.tabled_at))
        _akn("docStatus", _akn("p", amendment_preface), column.status_label)
        if column.cosponsors:
            _akn("p", amendment_preface, f"{labels.cosponsors}: {', '.join(column.cosponsors)}")
        amendment_body = _akn("amendmentBody", amendment)
        _akn("p", _akn("amendmentHeading", amendment_body), _column_title(column, labels))
        content = _akn("amendmentContent", amendment_body)
        changed = [(row, row.cells[index]) for row in table.rows if row.cells[index] is not None]
        if not changed:
            _akn("p", content, labels.no_change)
        for row, diff in changed:
            assert diff is not None
            target = provision_eids.get(row.provision_id, _eid(row.provision_id))
            mod = _akn("mod", _akn("p", content), eId=ids.take(f"{prefix}{row.provision_id}"))
            _akn("ref", mod, _number(diff) or row.number or target, href=f"#{target}").tail = " "
            note = _note(diff, labels)
            if note:
                _akn("span", mod, f"[{note}]", **{"class": "note"}).tail = " "
            _akn_ops(_akn("quotedText", mod), diff.ops)
    return root


def _walk(nodes: Iterable[_Node]) -> Iterable[_Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)

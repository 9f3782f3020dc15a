"""DOCX: a Word document in the reader's direction, text runs in the text's language;
insertions underlined, deletions struck through (both also coloured)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from draftroom.comparisons.results import SynopticTable
from draftroom.exports.common import (
    column_title,
    flow_of,
    is_rtl,
    long_date,
    missing_lines,
    missing_summary,
    provision_note,
    provision_number,
    shown,
    xml_safe,
)
from draftroom.exports.documents import Exportable, Labels
from draftroom.text.diff import Op
from draftroom.text.languages import ARABIC_FONT, CJK_FONT, LANGUAGES, LATIN_FONT

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


class _Docx:
    """A Word document in the reader's direction, with text runs in the text's."""

    def __init__(self, lang: str, text_lang: str, title: str, landscape: bool) -> None:
        self.lang = lang
        self.text_lang = text_lang
        self.rtl = is_rtl(lang)
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
        props.title = xml_safe(title)
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
        self.doc.core_properties.comments = xml_safe(missing_summary(document, labels))[:255]
        self.doc.core_properties.keywords = xml_safe(labels.not_translated)

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
            fonts.set(qn("w:ascii"), LATIN_FONT)
            fonts.set(qn("w:hAnsi"), LATIN_FONT)
            fonts.set(qn("w:eastAsia"), CJK_FONT)
            fonts.set(qn("w:cs"), ARABIC_FONT)
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
        rtl = is_rtl(self.text_lang if text else self.lang)
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
        run = paragraph.add_run(xml_safe(content))
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
        if is_rtl(lang) or self.rtl:
            font.rtl = is_rtl(lang)
        if text:
            _set_lang(run._r.get_or_add_rPr(), lang)

    def ops(self, paragraph: Paragraph, ops: Iterable[Op]) -> None:
        for op in ops:
            self.run(paragraph, shown(op), op.kind, text=True)

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
    row = LANGUAGES.get(lang)
    tag = row.word_tag if row else lang
    element.set(qn("w:val"), tag)
    if row and row.east_asian:
        element.set(qn("w:eastAsia"), tag)
    if is_rtl(lang):
        element.set(qn("w:bidi"), tag)


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    if isinstance(document, SynopticTable):
        return _docx_synoptic(document, lang, labels)
    flow = flow_of(document, labels)
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
            number = provision_number(diff)
            if number:
                word.run(paragraph, number, "delete" if diff.kind == "deleted" else "equal",
                         text=True, bold=True)  # fmt: skip
                word.run(paragraph, "\t", text=True)
            note = provision_note(diff, labels)
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
            column_title(column, labels),
            f"{labels.tabled}: {long_date(column.tabled_at, lang)}" if column.tabled_at else "",
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
            note = provision_note(diff, labels)
            if note:
                word.run(paragraph, f"[{note}] ", italic=True)
            word.ops(paragraph, diff.ops)
        if row.outcome is not None:
            word.run(word.paragraph(cells[-1], text=True), row.outcome, text=True)
    return word.save()

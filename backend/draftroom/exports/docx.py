"""DOCX: a Word document in the reader's direction, text runs in the text's language.

A comparison's changes are real revisions (``w:ins``, ``w:del`` with ``w:delText``), each with
an id, an author (the delegation of a proposal, the secretariat for a draft, the proposals a
consolidated change came from) and the newer text's date: Word's and LibreOffice's "Accept
all" give exactly the newer text, "Reject all" exactly the older. A provision inserted or
deleted whole is an inserted or deleted paragraph (its paragraph mark is a revision too), a
moved one is deleted where it was and inserted where it is. The clean variant writes the
newer text alone.

Every file carries its marks (exports/wordmarks.py): each provision's paragraph inside a
bookmark naming its id, each article's heading inside one naming the article version, and
custom document properties naming the instrument, the language and what the file shows."""

from __future__ import annotations

import copy
import io
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, NamedTuple

from babel import Locale
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    Provision,
    Side,
    SynopticTable,
)
from draftroom.exports.common import (
    column_title,
    flow_of,
    is_rtl,
    long_date,
    missing_lines,
    missing_summary,
    xml_safe,
)
from draftroom.exports.documents import Exportable, Labels, Marked, TextDocument
from draftroom.text.diff import Op, OpKind
from draftroom.text.languages import ARABIC_FONT, CJK_FONT, LANGUAGES, LATIN_FONT
from draftroom.text.wordmarks import (
    PROPERTY_INSTRUMENT,
    PROPERTY_LANGUAGE,
    PROPERTY_SHOWS,
    provision_bookmark,
    version_bookmark,
)

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
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one every custom property has
# A footnotes part holds the separator lines Word draws above the notes (ids -1 and 0).
_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


class Revision(NamedTuple):
    """Who made a change and when: a revision's ``w:author`` and ``w:date``."""

    author: str
    date: datetime | None


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
        # One counter for the ids of revisions and bookmarks: each unique in the file.
        self._ids = itertools.count(1)
        self._footnotes: Any = None  # the footnotes part's root, made with the first note
        self._made: dict[tuple[str, ...], Any] = {}  # elements made once, copied after

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
    ) -> Any:
        """One run (its ``w:r``); ``kind`` formats a legend's sample words (underlined
        insertion, struck deletion, both also coloured): a change itself is a revision."""
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
            rpr = run._r.get_or_add_rPr()
            _set_lang(rpr, lang)
            row = LANGUAGES.get(lang)
            if row is not None and row.east_asian:
                # Word picks the East Asian font for ideographs by this hint.
                fonts = rpr.get_or_add_rFonts()
                fonts.set(qn("w:eastAsia"), row.font)
                fonts.set(qn("w:hint"), "eastAsia")
        return run._r

    def text_run(
        self,
        paragraph: Paragraph,
        content: str,
        *,
        text: bool = True,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        """``run(paragraph, content, ...)``, made once per language and look and copied
        after (python-docx takes a millisecond a run; a rolling text writes hundreds)."""
        key = ("run", self.text_lang if text else self.lang, str(text), str(bold), str(italic))
        made = self._made.get(key)
        if made is None or "\t" in content or "\n" in content:
            r = self.run(paragraph, content, text=text, bold=bold, italic=italic)
            if made is None and r.find(qn("w:t")) is not None:
                self._made[key] = copy.deepcopy(r)
            return
        r = copy.deepcopy(made)
        t = r.find(qn("w:t"))
        t.text = xml_safe(content)
        space = "{http://www.w3.org/XML/1998/namespace}space"
        if content != content.strip():
            t.set(space, "preserve")
        else:
            t.attrib.pop(space, None)
        paragraph._p.append(r)

    def change(
        self, paragraph: Paragraph, op: Op, by: Revision | None, *, bold: bool = False
    ) -> None:
        """A run of the text: kept, or an insertion or deletion as a revision by ``by``.
        Without ``by`` (the clean file) an insertion is plain text and a deletion left out."""
        if by is None:
            if op.kind != "delete" and op.text:
                self.run(paragraph, op.text, text=True, bold=bold)
            return
        if not op.text:
            return
        r = self.run(paragraph, op.text, text=True, bold=bold)
        if op.kind == "equal":
            return
        wrapper = self.revision("w:ins" if op.kind == "insert" else "w:del", by)
        r.addprevious(wrapper)
        wrapper.append(r)
        if op.kind == "delete":
            for t in r.findall(qn("w:t")):
                t.tag = qn("w:delText")

    def revision(self, tag: str, by: Revision) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self._ids)))
        element.set(qn("w:author"), xml_safe(by.author)[:255] or "Draftroom")
        if by.date is not None:
            moment = by.date if by.date.tzinfo else by.date.replace(tzinfo=UTC)
            element.set(qn("w:date"), moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        return element

    def mark(self, paragraph: Paragraph, tag: str, by: Revision) -> None:
        """A paragraph in one text only: accepting (or rejecting) removes the paragraph
        itself, not only its words.

        A deleted paragraph's own mark is deleted. An inserted paragraph is written as Word
        writes one typed after another: the mark that ends the paragraph before it is the
        inserted one (LibreOffice, given the new paragraph's own mark, joins an insertion
        ending the paragraph before into the same change and rejects both paragraph
        breaks). After a deleted paragraph, whose mark is taken, its own mark is inserted.
        """
        target = paragraph._p
        before = target.getprevious()
        if (
            tag == "w:ins"
            and before is not None
            and before.tag == qn("w:p")
            and before.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is None
        ):
            target = before
        ppr = target.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
        if rpr.find(qn(tag)) is None:  # an inserted paragraph after an inserted one
            rpr.insert(0, self.revision(tag, by))

    def bookmark(self, paragraph: Paragraph, name: str) -> None:
        """The whole paragraph inside bookmark ``name`` (call once its runs are written)."""
        mark_id = str(next(self._ids))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), mark_id)
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), mark_id)
        p = paragraph._p
        if p.pPr is not None:
            p.pPr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)

    def number_run(self, paragraph: Paragraph, number: str) -> None:
        """A provision's number, bold, then a tab: made once, copied after."""
        made = self._made.get(("number", self.text_lang))
        if made is None or "\t" in number or "\n" in number:
            r = self.run(paragraph, number + "\t", text=True, bold=True)
            if made is None and r.find(qn("w:t")) is not None:
                self._made[("number", self.text_lang)] = copy.deepcopy(r)
            return
        r = copy.deepcopy(made)
        r.find(qn("w:t")).text = xml_safe(number)
        paragraph._p.append(r)

    def like(self, key: str, make: Callable[[], Paragraph]) -> Paragraph:
        """A new paragraph at the end of the body as ``make`` makes it (its properties, no
        runs yet), made once per ``key`` and copied after."""
        made = self._made.get(("paragraph", key))
        if made is None:
            paragraph = make()
            self._made[("paragraph", key)] = copy.deepcopy(paragraph._p)
            return paragraph
        p = copy.deepcopy(made)
        body = self.doc.element.body
        section = body.find(qn("w:sectPr"))
        if section is not None:
            section.addprevious(p)
        else:
            body.append(p)
        return Paragraph(p, self.doc._body)

    def footnote(self, paragraph: Paragraph, text: str) -> None:
        """A real Word footnote at the end of ``paragraph``, its text in the labels'
        language. Word numbers footnotes in the order of their marks: a document with
        footnotes numbers them so (as the rolling text's documents do)."""
        if self._footnotes is None:
            self._footnotes = parse_xml(_FOOTNOTES)
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                self._footnotes,
                self.doc.part.package,
            )
            self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        note_id = str(len(self._footnotes) - 1)  # after the two separators: 1, 2, ...
        key = ("footnote", self.text_lang)
        if key not in self._made:
            self._made[key] = self._footnote_parts(paragraph)
        reference, note = (copy.deepcopy(e) for e in self._made[key])
        reference.find(qn("w:footnoteReference")).set(qn("w:id"), note_id)
        paragraph._p.append(reference)
        note.set(qn("w:id"), note_id)
        note.findall(f".//{qn('w:t')}")[-1].text = xml_safe(" " + text)
        self._footnotes.append(note)

    def _footnote_parts(self, paragraph: Paragraph) -> tuple[Any, Any]:
        """The reference run (its mark raised, in the text's direction) and the note (its
        mark and words in the labels' language), to copy for every footnote."""
        r = self.run(paragraph, "", text=True)
        paragraph._p.remove(r)
        rpr = r.get_or_add_rPr()
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        rpr.insert_element_before(align, "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG)
        reference = OxmlElement("w:footnoteReference")
        r.insert(1, reference)
        note = OxmlElement("w:footnote")
        p = OxmlElement("w:p")
        note.append(p)
        ppr = p.get_or_add_pPr()
        if self.rtl:
            _set_bidi(ppr, True)
        for content, superscript in (("", True), (" ", False)):
            run = OxmlElement("w:r")
            run_pr = OxmlElement("w:rPr")
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), "18")  # 9 points
            run_pr.append(size)
            if superscript:
                raised = OxmlElement("w:vertAlign")
                raised.set(qn("w:val"), "superscript")
                run_pr.append(raised)
            if self.rtl:
                run_pr.append(OxmlElement("w:rtl"))
            _set_lang(run_pr, self.lang)
            run.append(run_pr)
            run.append(_text(content) if content else OxmlElement("w:footnoteRef"))
            p.append(run)
        return r, note

    def properties(self, values: dict[str, str]) -> None:
        """Custom document properties (docProps/custom.xml), a part python-docx does not
        write: added to its package, serialised by lxml."""
        root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap={None: _CUSTOM, "vt": _VT})
        for pid, (name, value) in enumerate(values.items(), start=2):
            prop = etree.SubElement(
                root, f"{{{_CUSTOM}}}property", fmtid=_FMTID, pid=str(pid), name=name
            )
            etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = xml_safe(value)[:255]
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        package = self.doc.part.package
        part = Part(
            PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package
        )
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)

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


def _text(content: str) -> Any:
    t = OxmlElement("w:t")
    t.text = xml_safe(content)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _set_bidi(ppr: Any, on: bool) -> None:
    bidi = ppr.find(qn("w:bidi"))
    if bidi is None:
        bidi = OxmlElement("w:bidi")
        ppr.insert_element_before(bidi, *_AFTER_BIDI)
    if not on:
        bidi.set(qn("w:val"), "0")


def _hanging_indent(paragraph: Paragraph, width: int, *, hanging: bool = True) -> None:
    """The number in the margin, the text aligned after it, at the paragraph's start side
    (without ``hanging``: the whole paragraph aligned with that text).

    ``w:start`` (not ``w:left``) so that a right-to-left paragraph indents on the right.
    """
    ind = OxmlElement("w:ind")
    ind.set(qn("w:start"), str(width // 635))  # EMU to twentieths of a point
    if hanging:
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
    """The document as Word shows it; a comparison's changes as revisions."""
    return _render(document, lang, labels, revisions=True)


def render_clean(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """The newer text alone, no revisions: a comparison as its newer side."""
    return _render(document, lang, labels, revisions=False)


State = Literal["kept", "inserted", "deleted"]
_OP_OF: dict[State, OpKind] = {"kept": "equal", "inserted": "insert", "deleted": "delete"}


@dataclass(frozen=True)
class _Row:
    """One provision's paragraph: in both texts (``ops`` between them), or in one only."""

    id: str
    old: Provision | None
    new: Provision | None
    ops: tuple[Op, ...] = ()

    @property
    def state(self) -> State:
        return "inserted" if self.old is None else "deleted" if self.new is None else "kept"


@dataclass(frozen=True)
class _Article:
    number: str
    version_id: int | None  # of the newer text, when it is an article version
    state: State
    old_heading: str
    new_heading: str
    heading_ops: tuple[Op, ...]
    rows: list[_Row]
    newer: Side | None = None  # who made the newer text, when; None: a text, no changes
    # A rolling text's brackets, status and alternatives by provision id; its footnotes.
    marked: Mapping[str, Marked] = field(default_factory=dict)
    footnotes: Mapping[int, str] = field(default_factory=dict)

    def by(self, provision_id: str | None = None) -> Revision:
        side = self.newer
        assert side is not None
        author = side.authors.get(provision_id, "") if provision_id else ""
        return Revision(author or side.author, side.date)


def _rows(
    before: Sequence[Provision], after: Sequence[Provision], comparison: ArticleComparison
) -> list[_Row]:
    """The paragraphs in an order where the older text is the kept and deleted ones and the
    newer the kept and inserted ones: a provision kept in place follows the older ones
    deleted before it; a moved one is deleted where it was and inserted where it is."""
    diffs = {d.id: d for d in comparison.provisions}
    in_place = {d.id for d in comparison.provisions if d.kind in ("unchanged", "changed")}
    rows: list[_Row] = []
    i = 0
    for provision in after:
        pid = provision["id"]
        if pid not in in_place:
            rows.append(_Row(pid, None, provision))
            continue
        while before[i]["id"] != pid:
            rows.append(_Row(before[i]["id"], before[i], None))
            i += 1
        rows.append(_Row(pid, before[i], provision, diffs[pid].ops))
        i += 1
    rows.extend(_Row(p["id"], p, None) for p in before[i:])
    return rows


def _compared(comparison: ArticleComparison) -> _Article:
    before, after = comparison.before, comparison.after
    had = bool(before.heading or before.provisions)
    has = bool(after.heading or after.provisions)
    return _Article(
        number=comparison.number,
        version_id=after.version_id,
        state="kept" if had and has else "inserted" if has else "deleted",
        old_heading=before.heading,
        new_heading=after.heading,
        heading_ops=comparison.heading_ops,
        rows=_rows(before.provisions, after.provisions, comparison),
        newer=after,
    )


def _articles(document: TextDocument | InstrumentComparison | ArticleComparison) -> list[_Article]:
    if isinstance(document, TextDocument):
        return [
            _Article(
                number=a.number,
                version_id=a.version_id,
                state="kept",
                old_heading=a.heading,
                new_heading=a.heading,
                heading_ops=(Op("equal", a.heading),),
                rows=[_Row(p["id"], p, p, (Op("equal", p["text"]),)) for p in a.provisions],
                marked=a.marked or {},
                footnotes={n.number: n.text for n in a.footnotes},
            )
            for a in document.articles
        ]
    if isinstance(document, InstrumentComparison):
        return [_compared(a) for a in document.articles]
    return [_compared(document)]


def _number_ops(row: _Row) -> list[Op]:
    old = row.old["number"] if row.old else ""
    new = row.new["number"] if row.new else ""
    if old == new:
        return [Op("equal", old + "\t")] if old else []
    return [
        *([Op("delete", old + "\t")] if old else []),
        *([Op("insert", new + "\t")] if new else []),
    ]


def _text_ops(row: _Row) -> Sequence[Op]:
    if row.old is None:
        return [Op("insert", row.new["text"])] if row.new else []
    if row.new is None:
        return [Op("delete", row.old["text"])]
    return row.ops


def _write(
    word: _Docx,
    style: str | None,
    state: State,
    parts: Iterable[tuple[Op, bool]],
    by: Revision | None,
) -> Paragraph | None:
    """A paragraph of the text (runs: (op, bold)); one the newer text lacks is left out of
    the clean file. With revisions, a paragraph in one text only has its mark revised."""
    if by is None and state == "deleted":
        return None
    paragraph = word.paragraph(word.doc, style, text=True)
    for op, bold in parts:
        word.change(paragraph, op, by, bold=bold)
    if by is not None and state != "kept":
        word.mark(paragraph, "w:ins" if state == "inserted" else "w:del", by)
    return paragraph


def _write_article(word: _Docx, article: _Article, labels: Labels, revisions: bool) -> None:
    changes = revisions and article.newer is not None
    by = article.by() if changes else None
    label = labels.article.format(number=article.number)
    heading = _write(
        word, "Heading 1", article.state, [(Op(_OP_OF[article.state], label), False)], by
    )
    if heading is None:  # an article the newer text lacks, in the clean file
        return
    if article.version_id is not None:
        word.bookmark(heading, version_bookmark(article.version_id))
    if article.old_heading or article.new_heading:
        state: State = (
            "kept"
            if article.old_heading and article.new_heading
            else "inserted"
            if article.new_heading
            else "deleted"
        )
        _write(word, "Heading 2", state, [(op, False) for op in article.heading_ops], by)
    # A moved provision is deleted where it was and inserted where it is: one bookmark (a
    # name twice in a file is dropped by Word), on the place it has in the newer text.
    inserted = {row.id for row in article.rows if row.state == "inserted"}
    for row in article.rows:
        marked = article.marked.get(row.id)
        if marked is not None and row.new is not None:
            rolled = _write_marked(word, row.new["number"], marked, article.footnotes)
            word.bookmark(rolled, provision_bookmark(row.id))
            continue
        row_by = article.by(row.id) if changes else None
        paragraph = _write(
            word,
            None,
            row.state,
            [*((op, True) for op in _number_ops(row)), *((op, False) for op in _text_ops(row))],
            row_by,
        )
        if paragraph is None:
            continue
        paragraph.paragraph_format.space_after = Pt(6)
        _hanging_indent(paragraph, Mm(12))
        if row.state != "deleted" or row.id not in inserted:
            word.bookmark(paragraph, provision_bookmark(row.id))


def _write_marked(word: _Docx, number: str, marked: Marked, notes: Mapping[int, str]) -> Paragraph:
    """A rolling text's provision: its words with square brackets, each closing one
    followed by its footnote; then, indented under it, its status, the lines about it and
    its alternative wordings. The provision's own paragraph is returned (its bookmark)."""

    def provision() -> Paragraph:
        made = word.paragraph(word.doc, text=True)
        _hanging_indent(made, Mm(12))
        made.paragraph_format.space_after = Pt(2)
        return made

    def line(text: bool) -> Paragraph:
        made = word.paragraph(word.doc, text=text)
        _hanging_indent(made, Mm(12), hanging=False)
        return made

    paragraph = word.like("provision", provision)
    if number:
        word.number_run(paragraph, number)
    words: list[str] = []  # one run up to each footnote's mark
    for piece in marked.pieces:
        if piece.kind == "text":
            words.append(piece.text)
        elif piece.kind == "open":
            words.append("[")
        else:
            word.text_run(paragraph, "".join([*words, "]"]))
            words = []
            word.footnote(paragraph, notes.get(piece.number, ""))
    if words:
        word.text_run(paragraph, "".join(words))
    under = [
        (marked.status_text, 0, None, True),
        *((r.text, r.note, None, True) for r in marked.remarks),
        *((f"[{a.text}]", a.note, a, False) for a in marked.alternatives),
    ]
    for content, note, alternative, italic in under:
        wording = alternative is not None
        under_line = word.like(f"under {wording}", partial(line, wording))
        if alternative is not None:
            word.text_run(under_line, alternative.label + ": ", text=False, bold=True)
            saved, word.text_lang = word.text_lang, alternative.language
            word.text_run(under_line, content)
            word.text_lang = saved
        else:
            word.text_run(under_line, content, text=False, italic=italic)
        if note:
            word.footnote(under_line, notes.get(note, ""))
    return paragraph


def _shows(document: Exportable, revisions: bool) -> str:
    """What the file shows, for its properties: ``milestone 3``, ``compare 4..9``."""

    def ref(side: Side) -> str:
        return str(side.version_id) if side.version_id is not None else side.label

    if isinstance(document, TextDocument):
        return document.shows or document.label
    if isinstance(document, InstrumentComparison):
        if not revisions:
            return document.after_label
        return f"compare {document.before_label}..{document.after_label}"
    if isinstance(document, ArticleComparison):
        if not revisions:
            return f"version {ref(document.after)}"
        return f"compare {ref(document.before)}..{ref(document.after)}"
    return "synoptic"


def _language_line(
    document: TextDocument | InstrumentComparison | ArticleComparison, lang: str
) -> str:
    """The title block's "English · 12 March 2025": the text's language and its date (of
    the milestone or version; of the newer text's latest change in a comparison)."""
    if isinstance(document, TextDocument):
        date = document.date
    else:
        compared = document.articles if isinstance(document, InstrumentComparison) else [document]
        dates = [a.after.date for a in compared if a.after.date is not None]
        date = max(dates, default=None)
    name = str(Locale.parse(document.language).get_display_name(lang))
    return " · ".join(filter(None, [name, long_date(date, lang)]))


def _render(document: Exportable, lang: str, labels: Labels, *, revisions: bool) -> bytes:
    if isinstance(document, SynopticTable):
        return _docx_synoptic(document, lang, labels, revisions)
    flow = flow_of(document, labels)
    word = _Docx(lang, flow.language, flow.title, landscape=False)
    subtitle = flow.subtitle if revisions or not flow.comparison else flow.after_label
    word.header(flow.title, subtitle, flow.illustrative, labels, title_is_label=flow.title_is_label)
    word.run(word.paragraph(word.doc), _language_line(document, lang))
    word.missing(document, labels)
    if flow.comparison and revisions:
        word.legend(labels)
    for article in _articles(document):
        _write_article(word, article, labels, revisions)
    body = word.doc.paragraphs
    if body and body[-1]._p.find(f"{qn('w:pPr')}/{qn('w:rPr')}") is not None:
        # A document's last paragraph mark cannot go: one more, empty, after a revised one.
        word.doc.add_paragraph()
    instrument = flow.instrument or getattr(document, "instrument", "")
    word.properties(
        {
            PROPERTY_INSTRUMENT: instrument,
            PROPERTY_LANGUAGE: flow.language,
            PROPERTY_SHOWS: _shows(document, revisions),
        }
    )
    return word.save()


def _docx_synoptic(table: SynopticTable, lang: str, labels: Labels, revisions: bool) -> bytes:
    """Each proposal's cell holds its changes as revisions by its delegation, dated when it
    was tabled: accepting them all shows each proposal's text, rejecting them the base."""
    word = _Docx(lang, table.language, table.title, landscape=True)
    word.header(table.title, labels.synoptic_table, table.illustrative, labels)
    heading = word.paragraph(word.doc, "Heading 1")
    word.run(heading, labels.article.format(number=table.number))
    if table.heading:
        word.run(word.paragraph(word.doc, "Heading 2", text=True), table.heading, text=True)
    if revisions:
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
            column = table.columns[i]
            by = Revision(column.delegation, column.tabled_at) if revisions else None
            for op in diff.ops:
                word.change(paragraph, op, by)
        if row.outcome is not None:
            word.run(word.paragraph(cells[-1], text=True), row.outcome, text=True)
    word.properties(
        {
            PROPERTY_INSTRUMENT: table.instrument,
            PROPERTY_LANGUAGE: table.language,
            PROPERTY_SHOWS: f"synoptic {table.article_key}",
        }
    )
    return word.save()

"""DOCX: the text and its changes as Word shows them, right to left in Arabic, the synoptic
table on landscape pages."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from draftroom.exports.documents import default_labels
from draftroom.exports.docx import render as render_docx
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)
from tests.fixtures.wordfiles import accepted, rejected, revisions

LABELS = default_labels()


def opened(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def all_text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_text_has_title_articles_numbers_and_provisions(lang: str) -> None:
    document = text_document(lang)
    doc = opened(render_docx(document, lang, LABELS))
    text = all_text(doc)
    assert document.title in text
    assert "Article 1" in text
    for provision in document.articles[0].provisions:
        assert provision["text"] in text
    assert LABELS.illustrative in text
    assert doc.core_properties.title == document.title
    # A text alone has no changes to mark.
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert not any(r.font.strike or r.font.underline for r in runs)


def test_comparison_marks_changes_as_revisions_not_formatting() -> None:
    data = render_docx(instrument_comparison("en"), "en", LABELS)
    changes = revisions(data)
    assert ("ins", ", including electronic evidence") in {(c.kind, c.text) for c in changes}
    assert ("del", "Assistance may be refused.") in {(c.kind, c.text) for c in changes}
    # The text itself is never underlined or struck: only the legend's two sample words.
    doc = opened(data)
    formatted = {
        r.text for p in doc.paragraphs for r in p.runs if r.font.underline or r.font.strike
    }
    assert formatted == {LABELS.inserted, LABELS.deleted}
    text = all_text(doc)
    assert LABELS.legend in text
    assert "[provision deleted]" not in text  # a note would change the accepted text


def test_article_comparison_titles_the_article_and_both_sides() -> None:
    data = render_docx(article_comparison("en"), "en", LABELS)
    doc = opened(data)
    assert doc.paragraphs[0].text == "Article 1"
    assert doc.paragraphs[0].style is not None
    assert doc.paragraphs[0].style.name == "Title"
    text = all_text(doc)
    assert "Purpose and scope!" in accepted(data).paragraphs
    assert "Purpose and scope" in rejected(data).paragraphs
    assert "2007 text compared with Draft after EGM 1" in text


def test_arabic_paragraphs_and_runs_are_right_to_left() -> None:
    doc = opened(render_docx(instrument_comparison("ar"), "ar", LABELS))
    normal = doc.styles["Normal"].element
    assert normal.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert normal.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    arabic = [p for p in doc.paragraphs if "المساعدة" in p.text]
    assert arabic
    for paragraph in arabic:
        bidi = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        assert bidi is not None
        assert bidi.get(qn("w:val")) in (None, "1", "true")
        for run in paragraph.runs:
            if "المساعدة" in run.text:
                assert run.font.rtl is True
                lang = run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
                assert lang is not None
                assert lang.get(qn("w:bidi")) == "ar"
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is not None


def test_english_text_in_an_arabic_reader_file_runs_left_to_right() -> None:
    doc = opened(render_docx(text_document("en"), "ar", LABELS))
    paragraph = next(p for p in doc.paragraphs if "foreign State" in p.text)
    bidi = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
    assert bidi is not None
    assert bidi.get(qn("w:val")) == "0"
    assert all(run.font.rtl is False for run in paragraph.runs)


def test_english_file_has_no_right_to_left_markup() -> None:
    data = render_docx(instrument_comparison("en"), "en", LABELS)
    doc = opened(data)
    assert all(p._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None for p in doc.paragraphs)


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_synoptic_table_is_a_landscape_table_with_a_column_per_proposal(lang: str) -> None:
    synoptic = synoptic_table(lang)
    doc = opened(render_docx(synoptic, lang, LABELS))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width > section.page_height
    (table,) = doc.tables
    assert len(table.columns) == len(synoptic.columns) + 3
    assert len(table.rows) == len(synoptic.rows) + 1
    header = [cell.text for cell in table.rows[0].cells]
    assert header[0] == LABELS.provision
    assert header[1].startswith(LABELS.base_text)
    assert synoptic.columns[0].delegation in header[2]
    assert ", ".join(synoptic.columns[0].cosponsors) in header[2]
    assert header[-1] == LABELS.decision
    # The header row repeats on every page.
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    first = table.rows[1].cells
    assert first[1].text == synoptic.rows[0].base_text
    assert first[3].text  # the second delegation's rewording
    if lang == "ar":
        assert table._tbl.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None


def test_synoptic_cell_without_a_proposal_says_so_with_a_dash() -> None:
    synoptic = synoptic_table("en")
    doc = opened(render_docx(synoptic, "en", LABELS))
    table = doc.tables[0]
    row = next(i for i, r in enumerate(synoptic.rows, start=1) if r.cells[1] is None)
    assert table.rows[row].cells[3].text == "—"


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    document = text_document("en")
    broken = document.articles[0]._replace(
        provisions=[{"id": "art_1__para_1", "number": "1", "text": "bad\x0b\x01 text"}]
    )
    doc = opened(render_docx(type(document)(**{**document.__dict__, "articles": [broken]}), "en",
                             LABELS))  # fmt: skip
    assert "bad text" in all_text(doc)

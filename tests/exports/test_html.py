"""HTML: one standalone file, in the reader's language and direction, each text cell in the
text's, changes as <ins>/<del> with a label a screen reader speaks."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html

from draftroom.exports.documents import default_labels
from draftroom.exports.html import render as render_html
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)

LABELS = default_labels()


def parsed(data: bytes) -> Any:
    return html.document_fromstring(data.decode("utf-8"))


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_html_root_carries_the_readers_language_and_direction(lang: str) -> None:
    for document in (text_document(lang), instrument_comparison(lang), synoptic_table(lang)):
        page = parsed(render_html(document, lang, LABELS))
        assert page.get("lang") == lang
        assert page.get("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.findtext(".//title")


def test_html_is_standalone_no_script_no_external_resource() -> None:
    page = parsed(render_html(synoptic_table("en"), "en", LABELS))
    assert page.xpath("//script") == []
    assert page.xpath("//link[@rel='stylesheet']") == []
    assert page.xpath("//img") == []
    assert "Noto Sans Arabic" in page.findtext(".//style")


def test_french_reader_of_arabic_text_gets_ltr_page_and_rtl_text_cells() -> None:
    page = parsed(render_html(text_document("ar"), "fr", LABELS))
    assert page.get("dir") == "ltr"
    cells = page.xpath("//*[contains(@class, 'text')]")
    assert cells
    assert all(c.get("lang") == "ar" and c.get("dir") == "rtl" for c in cells)


def test_changes_are_ins_and_del_with_a_visually_hidden_label() -> None:
    page = parsed(render_html(instrument_comparison("en"), "en", LABELS))
    inserted = page.xpath("//main//ins")
    deleted = page.xpath("//main//del")
    assert any("including electronic evidence" in i.text_content() for i in inserted)
    assert any("Assistance may be refused." in d.text_content() for d in deleted)
    for element in inserted + deleted:
        (hidden,) = element.xpath("./span[@class='visually-hidden']")
        assert hidden.text == (LABELS.inserted if element.tag == "ins" else LABELS.deleted)
    assert page.xpath("//*[@id='art_1__para_1']")
    assert "[provision deleted]" in page.text_content()


def test_article_comparison_has_one_article_and_no_illustrative_note() -> None:
    page = parsed(render_html(article_comparison("zh"), "zh", LABELS))
    assert len(page.xpath("//section[@class='article']")) == 1
    assert page.xpath("//*[@class='illustrative']") == []


def test_illustrative_text_says_so() -> None:
    page = parsed(render_html(text_document("en"), "en", LABELS))
    (note,) = page.xpath("//*[@class='illustrative']")
    assert note.text == LABELS.illustrative
    assert note.get("role") == "note"


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_synoptic_html_table_headers_and_cells(lang: str) -> None:
    synoptic = synoptic_table(lang)
    page = parsed(render_html(synoptic, lang, LABELS))
    (table,) = page.xpath("//table")
    headers = table.xpath("./thead/tr/th")
    assert len(headers) == len(synoptic.columns) + 3
    assert all(h.get("scope") == "col" for h in headers)
    first = headers[2].text_content()
    assert synoptic.columns[0].delegation in first
    assert "2025" in first
    assert synoptic.columns[0].cosponsors[0] in first
    rows = table.xpath("./tbody/tr")
    assert len(rows) == len(synoptic.rows)
    for row in rows:
        assert row.xpath("./th[@scope='row']")
        for cell in row.xpath("./td[not(contains(@class, 'none'))]"):
            assert cell.get("lang") == lang
            assert cell.get("dir") == ("rtl" if lang == "ar" else "ltr")
    empty = table.xpath(".//td[@class='none']")
    assert empty
    assert all(LABELS.no_change in c.text_content() for c in empty)
    assert table.xpath(".//ins")
    assert table.xpath(".//del")


def test_text_is_escaped() -> None:
    document = text_document("en")
    article = document.articles[0]._replace(
        heading="<script>alert(1)</script>",
        provisions=[{"id": "art_1__para_1", "number": "1", "text": "<b>not bold</b> & more"}],
    )
    data = render_html(type(document)(**{**document.__dict__, "articles": [article]}), "en",
                       LABELS)  # fmt: skip
    page = parsed(data)
    assert page.xpath("//script") == []
    assert page.xpath("//main//b") == []
    assert "<b>not bold</b> & more" in page.text_content()

"""XLSX and CSV: the same columns, frozen headers, wrapped text, right to left in Arabic, and
no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest
from openpyxl import load_workbook

from draftroom.exports.csv import render as render_csv
from draftroom.exports.documents import default_labels
from draftroom.exports.xlsx import render as render_xlsx
from draftroom.text.diff import diff_provisions
from draftroom.text.provisions import ProvisionText
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)

LABELS = default_labels()
TEXT_SAMPLE = {"en": "mutual assistance", "ar": "المساعدة", "zh": "互助"}


def workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def rows_of(sheet: Any) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_text_sheet_has_a_frozen_header_and_wrapped_provisions(lang: str) -> None:
    document = text_document(lang)
    book = workbook(render_xlsx(document, lang, LABELS))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    rows = rows_of(sheet)
    assert rows[0] == ["Article", "Heading", "Provision", "Text", "Provision id"]
    provisions = document.articles[0].provisions
    assert [r[3] for r in rows[1:]] == [p["text"] for p in provisions]
    assert [r[4] for r in rows[1:]] == [p["id"] for p in provisions]
    assert all(sheet.cell(2, c).alignment.wrap_text for c in range(1, 6))
    assert sheet.column_dimensions["D"].width >= 60
    assert bool(sheet.sheet_view.rightToLeft) is (lang == "ar")
    about = rows_of(book.worksheets[1])
    assert [document.title] in about
    assert [LABELS.illustrative] in about


def test_arabic_text_cells_read_right_to_left() -> None:
    sheet = workbook(render_xlsx(text_document("ar"), "ar", LABELS)).worksheets[0]
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.cell(2, 4).alignment.readingOrder == 2


def test_comparison_sheet_shows_both_sides_and_the_marked_changes() -> None:
    sheet = workbook(render_xlsx(instrument_comparison("en"), "en", LABELS)).worksheets[0]
    rows = rows_of(sheet)
    assert rows[0] == [
        "Article", "Provision", "Change", "2007 text", "Draft after EGM 1", "Changes",
        "Provision id",
    ]  # fmt: skip
    by_id = {r[6]: r for r in rows[1:]}
    changed = by_id["art_1__para_1"]
    assert changed[2] == "changed"
    assert "[+, including electronic evidence+]" in changed[5]
    assert by_id["art_1__para_3"][2] == "provision deleted"
    assert by_id["art_1__para_3"][5] == "[-Assistance may be refused.-]"
    assert by_id["art_1__para_2"][2] == "unchanged"
    assert by_id["art_1"][1] == "Heading"


def test_synoptic_sheet_has_a_column_per_proposal_under_a_five_row_header() -> None:
    synoptic = synoptic_table("en")
    sheet = workbook(render_xlsx(synoptic, "en", LABELS)).worksheets[0]
    rows = rows_of(sheet)
    assert sheet.freeze_panes == "C6"
    assert rows[0][2] == "Amendment 3 (France)"
    assert rows[1][:3] == ["Delegation", "", "France"]
    assert rows[2][:3] == ["Tabled", "", "2025-03-12"]
    assert rows[3][:3] == ["Co-sponsors", "", "Chile; Kenya"]
    assert rows[4][2:4] == ["accepted", "tabled"]
    assert len(rows) == 5 + len(synoptic.rows)
    body = {r[-1]: r for r in rows[5:]}
    assert "[+and obtain +]" in body["art_1__para_1"][2]
    assert body["art_1__para_1"][3].endswith("[+ ...+]")
    assert body["art_1__para_2"][2] == ""  # nothing proposed
    assert body["art_1__para_3"][2].startswith("[provision deleted]")
    assert sheet.page_setup.orientation == "landscape"


def test_a_text_starting_with_equals_stays_text_in_xlsx() -> None:
    sheet = workbook(render_xlsx(instrument_comparison("en"), "en", LABELS)).worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0")
    assert cell.data_type == "s"


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_csv_is_utf8_with_bom_and_the_same_columns_as_xlsx(lang: str) -> None:
    for document in (text_document(lang), instrument_comparison(lang), synoptic_table(lang)):
        data = render_csv(document, lang, LABELS)
        assert data.startswith(b"\xef\xbb\xbf")
        from_csv = csv_rows(data)
        from_xlsx = rows_of(workbook(render_xlsx(document, lang, LABELS)).worksheets[0])
        assert [r[:1] for r in from_csv] == [r[:1] for r in from_xlsx]
        assert len(from_csv[0]) == len(from_xlsx[0])
    assert TEXT_SAMPLE[lang] in data.decode("utf-8-sig")


def test_csv_neutralises_formulas() -> None:
    rows = csv_rows(render_csv(instrument_comparison("en"), "en", LABELS))
    cells = [c for row in rows for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def comparison_of(old: list[ProvisionText], new: list[ProvisionText]) -> Any:
    article = replace(article_comparison("en"), provisions=diff_provisions(old, new))
    return replace(instrument_comparison("en"), articles=[article])


def test_renumbering_alone_is_reported_as_such() -> None:
    old: list[ProvisionText] = [{"id": "a", "number": "2", "text": "Same words."}]
    new: list[ProvisionText] = [{"id": "a", "number": "3", "text": "Same words."}]
    rows = csv_rows(render_csv(comparison_of(old, new), "en", LABELS))
    (row,) = [r for r in rows if r[-1] == "a"]
    assert row[1] == "3"
    assert row[2] == "unchanged; renumbered, formerly 2"
    assert row[5] == "Same words."


def test_an_inserted_bidi_control_is_named_not_invisible() -> None:
    old: list[ProvisionText] = [{"id": "a", "number": "1", "text": "abc def"}]
    new: list[ProvisionText] = [{"id": "a", "number": "1", "text": "abc \u202edef"}]
    rows = csv_rows(render_csv(comparison_of(old, new), "en", LABELS))
    (row,) = [r for r in rows if r[-1] == "a"]
    assert "[+⟨RLO⟩+]" in row[5]

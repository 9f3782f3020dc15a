"""XLSX: the spreadsheet grid on one sheet (the reader's direction, text cells in the
text's), what the file is on a second ("About"); never a formula."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from draftroom.exports.common import is_rtl, missing_summary, xml_safe
from draftroom.exports.documents import Exportable, Labels
from draftroom.exports.grid import Grid, grid_of

_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    return render_grid(
        grid_of(document, labels),
        lang,
        document.language,
        labels,
        missing_summary(document, labels),
    )


def render_grid(grid: Grid, lang: str, text_lang: str, labels: Labels, summary: str = "") -> bytes:
    """A grid made by the caller (the rolling text's status report) as this format's file;
    ``summary``: the articles missing in the text's language, for the properties."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _SHEET_NAME.sub(" ", xml_safe(grid.title))[:31].strip() or "Sheet1"
    rtl = is_rtl(lang)
    sheet.sheet_view.rightToLeft = rtl
    head_fill = PatternFill("solid", fgColor="E6E6E6")
    order = {True: 2, False: 1}  # readingOrder: 1 left to right, 2 right to left
    label_align = Alignment(wrap_text=True, vertical="top", readingOrder=order[rtl])
    text_align = Alignment(wrap_text=True, vertical="top", readingOrder=order[is_rtl(text_lang)])
    for values in grid.header:
        sheet.append([xml_safe(v) for v in values])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.alignment = label_align
            cell.data_type = "s"
    for values in grid.rows:
        sheet.append([xml_safe(v) for v in values])
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
        sheet.oddHeader.center.text = xml_safe(labels.illustrative)

    about: Any = book.create_sheet(_SHEET_NAME.sub(" ", labels.about)[:31] or "About")
    about.sheet_view.rightToLeft = rtl
    for note in grid.notes:
        if note:
            about.append([xml_safe(note)])
            about.cell(about.max_row, 1).data_type = "s"
            about.cell(about.max_row, 1).alignment = label_align
    about.column_dimensions["A"].width = 100
    book.properties.title = xml_safe(grid.title)
    if summary:
        book.properties.description = xml_safe(summary)
        book.properties.keywords = xml_safe(labels.not_translated)
    book.properties.language = text_lang
    book.properties.creator = "Draftroom"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""CSV: the spreadsheet grid, UTF-8 with a byte order mark, formulas neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from draftroom.exports.documents import Exportable, Labels
from draftroom.exports.grid import Grid, grid_of

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheets read Arabic and Chinese right."""
    return render_grid(grid_of(document, labels))


def render_grid(grid: Grid) -> bytes:
    """A grid made by the caller (the rolling text's status report) as this format's file."""
    out = io.StringIO()
    writer = csv.writer(out)
    for values in [*grid.header, *grid.rows]:
        writer.writerow([_neutralise(v) for v in values])
    return out.getvalue().encode("utf-8-sig")

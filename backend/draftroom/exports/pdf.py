"""PDF: WeasyPrint's print of the HTML page, with tagged structure for screen readers.
Needs Pango and the Noto fonts on the server (Debian packages); without them the route
answers 503 and names the formats that work."""

from __future__ import annotations

from pathlib import Path

from draftroom.exports.documents import Exportable, Labels
from draftroom.exports.html import page_source
from draftroom.kit.errors import DraftroomError
from draftroom.kit.i18n import _l


class PdfUnavailable(DraftroomError):
    status_code = 503
    message = _l(
        "PDF files cannot be made on this server (Pango and the Noto fonts are "
        "missing); download DOCX or HTML instead."
    )


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """WeasyPrint's print of the HTML; needs Pango and the Noto fonts (Debian packages)."""
    try:
        # Imported here: WeasyPrint loads Pango when imported, and only PDFs need it.
        from weasyprint import HTML

        source = page_source(document, lang, labels, templates_dir, pdf=True)
        data: bytes = HTML(string=source, base_url=None).write_pdf(pdf_tags=True)
    except OSError as exc:  # WeasyPrint could not load Pango
        raise PdfUnavailable() from exc
    return data

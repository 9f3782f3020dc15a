"""The export formats, one row each: the route, the pages' download menus, the OpenAPI
document and the tests all read this table. A new format is one module with a ``render``
and one row here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from draftroom.exports import akn, csv, docx, html, pdf, xlsx
from draftroom.exports.documents import Exportable, Labels
from draftroom.kit.i18n import _l


class Renderer(Protocol):
    """A document as one format's bytes, its words in ``labels`` (language ``lang``).
    ``templates_dir`` is where ``exports/*.html`` live; only the formats printed from HTML
    read it."""

    def __call__(
        self,
        document: Exportable,
        lang: str,
        labels: Labels,
        *,
        templates_dir: Path | None = None,
    ) -> bytes: ...


@dataclass(frozen=True)
class Format:
    key: str  # the last word of the URL: export.docx
    name: str  # the format's proper name, the same in every language
    media_type: str
    extension: str  # of the file, without the dot
    render: Renderer
    # A second row of a format (same name and media type), told apart in the menus by this
    # note, in the reader's language: the .docx without revisions.
    variant_of: str | None = None
    note: Any = None  # a lazy gettext string
    # Offered only beside a comparison: of a plain text it would be the same file.
    changes_only: bool = False

    def label(self) -> str:
        """The menu's name of the download: "DOCX", "DOCX (without revisions)"."""
        return f"{self.name} ({self.note})" if self.note else self.name


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            docx.render,
        ),
        Format(
            "docx-clean",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            docx.render_clean,
            variant_of="docx",
            note=_l("without revisions"),
            changes_only=True,
        ),
        Format(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            xlsx.render,
        ),
        Format("csv", "CSV", "text/csv; charset=utf-8", "csv", csv.render),
        Format("html", "HTML", "text/html; charset=utf-8", "html", html.render),
        Format("pdf", "PDF", "application/pdf", "pdf", pdf.render),
        Format("akn", "Akoma Ntoso", "application/akn+xml", "xml", akn.render),
    )
}

if TYPE_CHECKING:
    FormatKey = str
else:
    # A path parameter of this type is checked against the table (422 "Choose one of:
    # docx, xlsx, ...") and listed in OpenAPI as an enum, without a second list to keep.
    FormatKey = Literal[tuple(FORMATS)]

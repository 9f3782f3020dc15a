"""What the pages need to offer downloads: the formats, by name, and the files' names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote

from draftroom.exports.service import FORMATS, Format

# Proper names of file formats: the same in every language.
FORMAT_NAMES: dict[Format, str] = {
    "docx": "DOCX",
    "xlsx": "XLSX",
    "csv": "CSV",
    "html": "HTML",
    "pdf": "PDF",
    "akn": "Akoma Ntoso",
}


def download_formats() -> list[tuple[str, str]]:
    """(format, name) for every export format, in the registry's order: a page's menu."""
    return [(fmt, FORMAT_NAMES[fmt]) for fmt in FORMATS]


def _ascii(part: str) -> str:
    """``2007 text`` → ``2007-text``; letters outside ASCII lose their accents or go."""
    plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9.]+", "-", plain).strip("-.").lower()


def _unicode(part: str) -> str:
    """The same part with its own letters kept (for ``filename*``)."""
    return re.sub(r"[^\w.]+|_", "-", unicodedata.normalize("NFC", part)).strip("-.").lower()


def disposition(parts: Sequence[str], extension: str, suffix: str = "") -> str:
    """``attachment`` with an ASCII-safe ``filename`` (``model-law_art-3_fr_2007-text.pdf``)
    and the RFC 5987 ``filename*`` keeping a milestone named in any script."""
    plain = "_".join(p for p in map(_ascii, parts) if p) or "export"
    own = "_".join(p for p in map(_unicode, parts) if p) or "export"
    return (
        f'attachment; filename="{plain}{suffix}.{extension}"; '
        f"filename*=UTF-8''{quote(f'{own}{suffix}.{extension}', safe='')}"
    )

"""What the pages and the route need to offer files: the formats' menu, the words a file
adds in the current locale, and the files' names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote

from draftroom.comparisons.results import ArticleComparison, InstrumentComparison, SynopticTable
from draftroom.exports.common import ascii_digits
from draftroom.exports.documents import Exportable, Labels, TextDocument
from draftroom.exports.formats import FORMATS
from draftroom.kit.i18n import _, current_locale, language_name


def download_formats(changes: bool = True) -> list[tuple[str, str]]:
    """(format, name) for every export format, in the registry's order: a page's menu.
    Without ``changes`` (a plain text), no variant that differs only by its changes."""
    return [(f.key, f.label()) for f in FORMATS.values() if changes or not f.changes_only]


def labels() -> Labels:
    """Every word an export adds, in the current locale: the document's language (the
    routes force it)."""
    lang = current_locale()
    return Labels(
        inserted=_("inserted"),
        deleted=_("deleted"),
        article=_("Article {number}"),
        article_column=_("Article"),
        heading=_("Heading"),
        provision=_("Provision"),
        text=_("Text"),
        provision_id=_("Provision id"),
        change=_("Change"),
        changes=_("Changes"),
        unchanged=_("unchanged"),
        changed=_("changed"),
        provision_inserted=_("new provision"),
        provision_deleted=_("provision deleted"),
        provision_moved=_("provision moved"),
        renumbered=_("renumbered, formerly {number}"),
        comparison=_("{before} compared with {after}"),
        legend=_("Inserted text is underlined; deleted text is struck through."),
        legend_markers=_("[+ … +] marks inserted text; [- … -] marks deleted text."),
        base_text=_("Base text"),
        decision=_("Decision"),
        delegation=_("Delegation"),
        tabled=_("Tabled"),
        cosponsors=_("Co-sponsors"),
        status=_("Status"),
        amendment=_("Amendment {number} ({delegation})"),
        no_change=_("No change proposed"),
        synoptic_table=_("Synoptic table"),
        illustrative=_("Illustrative text, not the official Model Law"),
        about=_("About"),
        missing=_("Not yet translated into {language}, so not in this file:").format(
            language=language_name(lang, lang)
        ),
        not_translated=_("not yet translated"),
    )


def file_stem(document: Exportable) -> str:
    """A file name without extension, ASCII only: ``model-law_art_12_synoptic``; a text
    missing articles in its language says so: ``model-law_ru-incomplete``."""
    if isinstance(document, SynopticTable):
        parts = [document.instrument, document.article_key, "synoptic", document.language]
    elif isinstance(document, ArticleComparison):
        parts = [document.article_key, "comparison", document.language]
    elif isinstance(document, InstrumentComparison):
        parts = [document.instrument, "comparison", document.language]
    else:
        parts = [document.instrument or "text", document.language]
    stem = "_".join(p for p in parts if p)
    if isinstance(document, TextDocument) and document.missing:
        stem += "-incomplete"
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_digits(stem)).strip("-") or "export"


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

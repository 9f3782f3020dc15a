"""Display helpers for versions: what the system did to make a version, in the reader's
language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from babel.numbers import format_decimal

from draftroom.kit.i18n import _, current_locale, language_name

if TYPE_CHECKING:
    from draftroom.instruments.service import TranslationGap


class Labelled(Protocol):
    @property
    def label(self) -> str | None: ...

    @property
    def origin(self) -> dict[str, Any] | None: ...


def consolidated_origin(numbers: list[int]) -> dict[str, Any]:
    return {"kind": "consolidated", "amendments": sorted(numbers)}


def restored_origin(seq: int) -> dict[str, Any]:
    return {"kind": "restored", "from_seq": seq}


def origin_label(origin: Mapping[str, Any] | None) -> str | None:
    """The origin of a version as words in the current locale; None if it has none."""
    if not origin:
        return None
    lang = current_locale()
    if origin.get("kind") == "consolidated":
        numbers = ", ".join(format_decimal(n, locale=lang) for n in origin.get("amendments", []))
        return _("Consolidated: amendments {numbers}").format(numbers=numbers)
    if origin.get("kind") == "restored":
        seq = format_decimal(origin.get("from_seq", 0), locale=lang)
        return _("Restored from version {seq}").format(seq=seq)
    return None


def version_label(version: Labelled) -> str | None:
    """What a reader sees beside a version: the system's fact in their language, or the
    label a person gave it."""
    return origin_label(version.origin) or version.label


def translation_gap_text(gap: TranslationGap) -> str:
    """The warning for one gap, as "Article 3, Arabic: outdated" in the reader's language."""
    lang = current_locale()
    if gap.status == "missing":
        template = _("Article {number}, {language}: missing")
    else:
        template = _("Article {number}, {language}: outdated")
    return template.format(number=gap.article.number, language=language_name(gap.language, lang))

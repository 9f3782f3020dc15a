"""Display helpers for instruments and versions, in the reader's language: translation
statuses, provision numbers as printed, what the system did to make a version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from babel.numbers import format_decimal

from draftroom.instruments.schemas import ArticleVersionOut, ProvisionOut
from draftroom.instruments.service import Status, TranslationGap
from draftroom.kit.i18n import _, _l, current_locale, language_name
from draftroom.models import Article, ArticleVersion, Instrument
from draftroom.text.normalise import content_hash

STATUS_NAMES = {
    Status.source: _l("source text"),
    Status.current: _l("up to date"),
    Status.outdated: _l("outdated"),
    Status.missing: _l("missing"),
}


def status_name(status: Status | str) -> str:
    return str(STATUS_NAMES[Status(status)])


def display_number(number: str) -> str:
    """A subparagraph shows its own label, "(a)", as printed texts do; "4(a)" is its id."""
    return number[number.index("(") :] if "(" in number else number


def text_language(
    instrument: Instrument, wanted: str, available: list[str] | dict[str, str]
) -> str:
    """The reader's interface language if the text exists in it, else the source language."""
    return wanted if wanted in available else instrument.source_language


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


def version_out(
    instrument: Instrument, article: Article, version: ArticleVersion
) -> ArticleVersionOut:
    return ArticleVersionOut(
        id=version.id,
        seq=version.seq,
        language=version.language,
        label=version_label(version),
        origin=version.origin,
        author_id=version.author_id,
        created_at=version.created_at,
        parent_id=version.parent_id,
        translated_from_id=version.translated_from_id,
        content_hash=content_hash(version.heading, version.provisions),
        sources=version.sources,
        instrument=instrument.slug,
        article=article.key,
        number=article.number,
        heading=version.heading,
        provisions=[ProvisionOut(**p) for p in version.provisions],
        illustrative=instrument.illustrative,
    )

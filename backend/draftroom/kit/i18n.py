"""Translations and locale negotiation.

The reader's locale is chosen per request (``?lang=`` → cookie → ``Accept-Language`` with
q-values → English) and held in a context variable, so services can translate messages
without being handed a request.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.dates import format_datetime
from babel.support import LazyProxy, Translations

from draftroom.text.languages import CODES, direction

COOKIE = "draftroom_lang"
# The browser's time zone, written by static/timezone.js; an account's setting comes first.
TZ_COOKIE = "draftroom_tz"

_translations: ContextVar[_gettext.NullTranslations | None] = ContextVar(
    "translations", default=None
)
_UNTRANSLATED = _gettext.NullTranslations()
_locale: ContextVar[str] = ContextVar("locale", default="en")
_time_zone: ContextVar[str] = ContextVar("time_zone", default="UTC")


@lru_cache
def catalogues(locales_dir: Path) -> dict[str, _gettext.NullTranslations]:
    """Compiled catalogues (``make messages``) per language; loaded once per process."""
    found: dict[str, _gettext.NullTranslations] = {}
    for lang in CODES:
        mo = locales_dir / lang / "LC_MESSAGES" / "messages.mo"
        if mo.exists():
            with mo.open("rb") as fp:
                found[lang] = Translations(fp, domain="messages")
        else:
            found[lang] = _gettext.NullTranslations()
    return found


def activate(lang: str, locales_dir: Path) -> None:
    _locale.set(lang)
    _translations.set(catalogues(locales_dir)[lang])


def current_locale() -> str:
    return _locale.get()


@contextmanager
def force_locale(lang: str, locales_dir: Path) -> Iterator[None]:
    """Words in ``lang`` for a while, then the reader's again: a file speaks the language of
    the text it holds, whatever the interface it was asked from (flask-babel's
    ``force_locale``)."""
    locale_token = _locale.set(lang)
    translations_token = _translations.set(catalogues(locales_dir)[lang])
    try:
        yield
    finally:
        _translations.reset(translations_token)
        _locale.reset(locale_token)


def text_direction(lang: str) -> str:
    return direction(lang)


def gettext(message: str) -> str:
    return (_translations.get() or _UNTRANSLATED).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_translations.get() or _UNTRANSLATED).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on what it names ("open": a round in progress,
    a paragraph not yet agreed)."""
    return (_translations.get() or _UNTRANSLATED).pgettext(context, message)


_ = gettext


def lazy_pgettext(context: str, message: str) -> Any:
    return LazyProxy(pgettext, context, message, enable_cache=False)


def lazy_gettext(message: str) -> Any:
    """For messages defined at import time; translated when turned into a string."""
    return LazyProxy(gettext, message, enable_cache=False)


_l = lazy_gettext


def parse_accept_language(header: str) -> list[str]:
    """Language tags by descending q-value (RFC 9110), q=0 dropped, ties in header order."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _q, _i, tag in sorted(weighted)]


def match_language(tag: str | None, available: tuple[str, ...]) -> str | None:
    """``zh-Hans-CN`` → ``zh``; ``*`` or anything else unknown → None."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in available else None


def negotiate(
    query_lang: str | None,
    cookie_lang: str | None,
    accept_language: str | None,
    available: tuple[str, ...],
    user_lang: str | None = None,
) -> str:
    for candidate in (query_lang, user_lang, cookie_lang):
        found = match_language(candidate, available)
        if found:
            return found
    for tag in parse_accept_language(accept_language or ""):
        found = match_language(tag, available)
        if found:
            return found
    return "en"


@cache  # six by six names, asked for on every page
def language_name(code: str, in_lang: str) -> str:
    """The name of a language in another (or its own) language, via Babel's CLDR data."""
    return str(Locale.parse(code).get_display_name(in_lang))


@cache
def time_zones() -> frozenset[str]:
    """The IANA names the system knows ("Europe/Paris"), for checking and for the picker."""
    return frozenset(available_timezones())


def match_time_zone(name: str | None) -> str | None:
    """``name`` when it is a known IANA time zone, else None (a cookie may say anything)."""
    if not name or len(name) > 64 or name not in time_zones():
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def activate_time_zone(name: str | None) -> None:
    """The reader's zone for this request: the account's, else the browser's, else UTC."""
    _time_zone.set(match_time_zone(name) or "UTC")


def current_time_zone() -> str:
    return _time_zone.get()


@lru_cache(maxsize=4096)  # Babel takes ~0.1 ms a date; a synoptic table shows 40 of them
def _moment(value: datetime, locale: str, zone: str) -> str:
    when = format_datetime(value, format="medium", tzinfo=ZoneInfo(zone), locale=locale)
    return f"{when} ({zone})"


def format_moment(value: datetime) -> str:
    """Every date and time a reader is shown: in the reader's language and time zone, the
    zone always named ("1 Dec 2026, 17:45:00 (Europe/Paris)"). Stored times are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return _moment(value, current_locale(), current_time_zone())

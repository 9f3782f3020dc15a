"""Every user-facing string is in the six catalogues, translated, with its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from draftroom.config import ROOT
from draftroom.text.languages import CODES

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")
KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def catalogue(lang: str) -> Catalog:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def source_messages() -> set[str]:
    """What `make extract` would find in the code and the templates today."""
    found: set[str] = set()
    for folder, method in [("backend", "python"), ("frontend/templates", "jinja2")]:
        pattern = "**.py" if method == "python" else "**.html"
        options = {pattern: {"extensions": "jinja2.ext.i18n"}} if method == "jinja2" else {}
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(Path(ROOT, folder)),
            method_map=[(pattern, method)],
            options_map=options,
            keywords=KEYWORDS,
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", CODES)
def test_every_message_is_translated_and_not_fuzzy(lang: str) -> None:
    problems = []
    for message in catalogue(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        source = str(message.id[-1] if isinstance(message.id, tuple) else message.id)
        for text in strings:
            if text and set(PLACEHOLDER.findall(str(text))) != set(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    assert problems == []


def test_arabic_has_six_plural_forms_and_uses_them() -> None:
    arabic = catalogue("ar")
    assert arabic.num_plurals == 6
    plural = next(m for m in arabic if isinstance(m.id, tuple))
    assert isinstance(plural.string, tuple)
    assert len(plural.string) == 6
    assert all(plural.string)


@pytest.mark.parametrize("lang", CODES)
def test_every_string_in_code_and_templates_is_in_the_catalogue(lang: str) -> None:
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue(lang) if m.id}
    in_source = source_messages()
    assert len(in_source) > 50
    missing = in_source - ids
    assert missing == set(), "run `make update` and translate the new messages"

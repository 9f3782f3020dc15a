"""One table of languages (text/languages.py): every language in it is whole (catalogue,
direction, outline header both ways), and the rest of the app reads the table."""

from __future__ import annotations

import pytest
from babel import Locale

from draftroom.config import ROOT, Settings
from draftroom.kit.i18n import catalogues, text_direction
from draftroom.text.languages import CODES, FONTS, LANGUAGES, RTL, direction, language
from draftroom.text.outline import format_article_header, parse_outline


def test_the_settings_offer_the_table_in_its_order() -> None:
    assert Settings().languages == CODES == ("ar", "zh", "en", "fr", "ru", "es")
    assert set(catalogues(Settings().locales_dir)) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_language_is_whole(code: str) -> None:
    row = LANGUAGES[code]
    assert row.code == code
    assert (ROOT / "locales" / code / "LC_MESSAGES" / "messages.po").exists()
    assert Locale.parse(row.word_tag.replace("-", "_")).language == code
    assert text_direction(code) == row.direction == direction(row.word_tag)
    assert row.font in FONTS
    assert len(row.iso639_2) == 3


@pytest.mark.parametrize("code", CODES)
def test_an_article_header_written_in_a_language_is_read_back(code: str) -> None:
    marked = format_article_header("7", "Heading", code)
    bare = format_article_header("8 bis", "Other", code)  # a header without the "##" mark
    parsed = parse_outline(f"## {marked}\n1. Text.\n\n{bare}\n1. Text.\n")
    assert [(a.number, a.heading) for a in parsed.articles] == [
        ("7", "Heading"),
        ("8 bis", "Other"),
    ]


def test_only_arabic_is_written_right_to_left() -> None:
    assert set(RTL) == {"ar"}
    assert direction("ar-EG") == "rtl"
    assert language("zh-CN").word_tag == "zh-CN"
    assert language("xx").code == "en"

"""Characters with no place in a legal text are found, with where they are; the marks a script
needs are not."""

from __future__ import annotations

import pytest

from draftroom.text.characters import MARKS, first_forbidden


@pytest.mark.parametrize(
    ("text", "position", "code_point", "name"),
    [
        ("a\x00b", 2, "U+0000", "NULL"),
        ("bell\x07", 5, "U+0007", "<control-0007>"),
        ("next line\x85", 10, "U+0085", "<control-0085>"),
        ("x\ud800", 2, "U+D800", "<surrogate-D800>"),
        ("trans\u200bmit", 6, "U+200B", "ZERO WIDTH SPACE"),
        ("word\u2060joiner", 5, "U+2060", "WORD JOINER"),
        ("\ufeffStart", 1, "U+FEFF", "ZERO WIDTH NO-BREAK SPACE"),
        ("tag\U000e0041", 4, "U+E0041", "TAG LATIN CAPITAL LETTER A"),
        ("\u202eevil", 1, "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
        ("iso\u2066late", 4, "U+2066", "LEFT-TO-RIGHT ISOLATE"),
        ("line\u2028sep", 5, "U+2028", "LINE SEPARATOR"),
        ("para\u2029sep", 5, "U+2029", "PARAGRAPH SEPARATOR"),
        ("\ufdd0", 1, "U+FDD0", "<noncharacter-FDD0>"),
        ("end\uffff", 4, "U+FFFF", "<noncharacter-FFFF>"),
        ("plane\U0010fffe", 6, "U+10FFFE", "<noncharacter-10FFFE>"),
    ],
)
def test_the_first_forbidden_character_is_named_with_its_position(
    text: str, position: int, code_point: str, name: str
) -> None:
    found = first_forbidden(text)
    assert found is not None
    assert (found.position, found.code_point, found.name) == (position, code_point, name)


def test_only_the_first_of_several_is_reported() -> None:
    found = first_forbidden("a\u200bb\x00")
    assert found is not None
    assert found.code_point == "U+200B"


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم",  # Persian: ZWNJ keeps the prefix apart from the verb
        "क्\u200dष",  # ZWJ in an Indic conjunct
        "Article 12\u200e (a)",  # LRM
        "المادة\u200f 12",  # RLM
        "\u061c12 مادة",  # ALM
        "Tabs\tnew lines\nand returns\r are folded into spaces",
        "Ordinary text: «État requérant», 请求国, запрашивающее государство.",
        "",
    ],
)
def test_text_and_the_marks_a_script_needs_are_kept(text: str) -> None:
    assert first_forbidden(text) is None


def test_every_kept_mark_has_a_short_label() -> None:
    assert set(MARKS.values()) == {"ZWNJ", "ZWJ", "LRM", "RLM", "ALM"}
    assert all(first_forbidden(mark) is None for mark in MARKS)

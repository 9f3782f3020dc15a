"""The languages of the texts and the interface: one row per language, every fact about it.

Adding a language is one row here (plus its catalogue in locales/); settings, the reader's
direction, the outline parser and the exports read this table. Names of languages come
from CLDR (Babel), not from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Word's and the PDF's fonts by script; one family covers all the Latin and Cyrillic texts.
LATIN_FONT = "Noto Sans"
CJK_FONT = "Noto Sans CJK SC"
ARABIC_FONT = "Noto Sans Arabic"


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1: the key everywhere (URLs, rows, catalogues)
    direction: Literal["ltr", "rtl"]
    word_tag: str  # Word's w:lang (a region where Word needs one)
    iso639_2: str  # Akoma Ntoso's FRBRlanguage
    font: str  # the export font of its script
    # An article's header as the outline writes it ("{n}": the number) ...
    article_header: str
    # ... and the forms the outline reads under a "##" mark ({number}: the number's group,
    # then the heading's group); without the mark only the written form, followed by a
    # heading, is a header.
    article_pattern: str

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def east_asian(self) -> bool:
        """Word sets East Asian text apart (its own font and language attributes)."""
        return self.font == CJK_FONT


# In the UN's order (Arabic, Chinese, English, French, Russian, Spanish): the order of
# columns, choices and exports.
LANGUAGES: dict[str, Language] = {
    row.code: row
    for row in (
        Language(
            code="ar",
            direction="rtl",
            word_tag="ar",
            iso639_2="ara",
            font=ARABIC_FONT,
            article_header="المادة {n}.",
            article_pattern=r"المادة\s+{number}\s*[.:\-–]?\s*(.*)",
        ),
        Language(
            code="zh",
            direction="ltr",
            word_tag="zh-CN",
            iso639_2="zho",
            font=CJK_FONT,
            article_header="第{n}条",
            article_pattern=r"第\s*{number}\s*条\s*(.*)",
        ),
        Language(
            code="en",
            direction="ltr",
            word_tag="en",
            iso639_2="eng",
            font=LATIN_FONT,
            article_header="Article {n}.",
            article_pattern=r"(?i)Article\s+{number}\.?\s*(.*)",
        ),
        Language(
            code="fr",
            direction="ltr",
            word_tag="fr",
            iso639_2="fra",
            font=LATIN_FONT,
            article_header="Article {n}.",
            article_pattern=r"(?i)Article\s+{number}\.?\s*(.*)",
        ),
        Language(
            code="ru",
            direction="ltr",
            word_tag="ru",
            iso639_2="rus",
            font=LATIN_FONT,
            article_header="Статья {n}.",
            article_pattern=r"(?i)Статья\s+{number}\.?\s*(.*)",
        ),
        Language(
            code="es",
            direction="ltr",
            word_tag="es",
            iso639_2="spa",
            font=LATIN_FONT,
            article_header="Artículo {n}.",
            article_pattern=r"(?i)Artículo\s+{number}\.?\s*(.*)",
        ),
    )
}
CODES = tuple(LANGUAGES)
DEFAULT = "en"
RTL = frozenset(code for code, row in LANGUAGES.items() if row.rtl)
# Every script's font, for the stacks of the HTML and PDF exports (Latin first).
FONTS = tuple(dict.fromkeys([LATIN_FONT, *(row.font for row in LANGUAGES.values())]))


def language(tag: str) -> Language:
    """The row of a language tag ("zh-CN" → zh); English for a language we do not know."""
    return LANGUAGES.get(tag.split("-")[0], LANGUAGES[DEFAULT])


def direction(tag: str) -> Literal["ltr", "rtl"]:
    return "rtl" if tag.split("-")[0] in RTL else "ltr"

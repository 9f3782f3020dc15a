"""Characters with no place in a legal text, and the marks a script needs.

Refused: C0/C1 control characters (tab, line feed and carriage return excepted: every stored
text folds them into a space), lone surrogates, Unicode non-characters, and the invisible
characters that change what a reader sees or what a search finds without showing anything:
zero-width space, word joiner, byte order mark, tag characters, bidi embeddings, overrides and
isolates, line and paragraph separators.

Kept: the joiners and directional marks that Persian, Arabic, Indic scripts and mixed-direction
text need (ZWNJ, ZWJ, LRM, RLM, ALM). Diffs show a change in them with a visible marker
(``MARKS`` gives their short labels).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

ALLOWED_CONTROLS = frozenset("\t\n\r")

# Controls, surrogates and non-characters in one scan (the common case: nothing found).
_FORBIDDEN = regex.compile(
    r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFDD0-\uFDEF"
    r"\u200B\u2060\uFEFF\u2028\u2029\u202A-\u202E\u2066-\u2069\U000E0000-\U000E007F"
    r"\uFFFE\uFFFF\U0001FFFE\U0001FFFF\U0002FFFE\U0002FFFF\U0003FFFE\U0003FFFF"
    r"\U0004FFFE\U0004FFFF\U0005FFFE\U0005FFFF\U0006FFFE\U0006FFFF\U0007FFFE\U0007FFFF"
    r"\U0008FFFE\U0008FFFF\U0009FFFE\U0009FFFF\U000AFFFE\U000AFFFF\U000BFFFE\U000BFFFF"
    r"\U000CFFFE\U000CFFFF\U000DFFFE\U000DFFFF\U000EFFFE\U000EFFFF\U000FFFFE\U000FFFFF"
    r"\U0010FFFE\U0010FFFF]"
)

# Marks a script needs: kept in the text, shown by name in every diff.
MARKS: dict[str, str] = {
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
MARK_PATTERN = regex.compile("[" + "".join(MARKS) + "]")


@dataclass(frozen=True)
class Forbidden:
    """The first character refused in a text."""

    position: int  # 1-based, in characters (code points) of the text as sent
    char: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return character_name(self.char)


def character_name(char: str) -> str:
    """The Unicode name, or the code point label Unicode gives unnamed characters."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if name:
        return name
    if code == 0:
        return "NULL"
    if 0xD800 <= code <= 0xDFFF:
        return f"<surrogate-{code:04X}>"
    if unicodedata.category(char) == "Cc":
        return f"<control-{code:04X}>"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"<noncharacter-{code:04X}>"
    return f"<unassigned-{code:04X}>"


def first_forbidden(text: str) -> Forbidden | None:
    """The first character of ``text`` that has no place in a legal text, or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return Forbidden(position=found.start() + 1, char=found.group())

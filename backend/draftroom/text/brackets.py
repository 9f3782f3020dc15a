"""Square brackets in a provision's text, as pieces a renderer walks: pure, no I/O.

A bracket is a span of the text (start, end) with a number (its footnote). ``pieces`` cuts
the text at every bracket's edges, so that each format writes "[" and "]" (and the footnote
mark) where they belong, nested brackets included. The brackets are never part of the text
itself: the words stay plain Unicode, the spans are anchored like quotes (text/anchor.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from draftroom.text import anchor


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    number: int


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words (``kind`` "text"), or the opening or closing bracket ``number``."""

    kind: Literal["text", "open", "close"]
    text: str = ""
    number: int = 0


def locate(text: str, quote: str, hint: int = 0) -> tuple[int, int] | None:
    """Where the bracketed words are in ``text`` now (exactly or a few words reworded);
    None when they are gone: the bracket is then flagged, never dropped."""
    return anchor.find(text, quote, hint)


def pieces(text: str, spans: Sequence[Span]) -> list[Piece]:
    """The text cut at the brackets' edges (spans clamped to the text). At one position,
    brackets closing there close first ("[shall][should]"), then empty brackets open and
    close in turn, then brackets opening there open; an outer bracket opens before and
    closes after an inner one. Overlapping brackets each open before they close, around
    exactly their words."""
    events: list[tuple[int, int, int, int, Span]] = []
    for span in spans:
        start = max(0, min(span.start, len(text)))
        end = max(start, min(span.end, len(text)))
        if start == end:
            # Sorted between the closes and the opens; its own open just before its close.
            events.append((start, 1, span.number, 0, span))
            events.append((start, 1, span.number, 1, span))
            continue
        # The longer span opens first and closes last.
        events.append((start, 2, -(end - start), span.number, span))
        events.append((end, 0, end - start, -span.number, span))
    events.sort(key=lambda e: (e[0], e[1], e[2], e[3]))
    result: list[Piece] = []
    at = 0
    for position, phase, _order, closing, span in events:
        if position > at:
            result.append(Piece("text", text[at:position]))
            at = position
        opening = phase == 2 or (phase == 1 and closing == 0)
        result.append(Piece("open" if opening else "close", number=span.number))
    if at < len(text):
        result.append(Piece("text", text[at:]))
    return result


def replace(text: str, start: int, end: int, wording: str) -> str:
    """The text with the span's words replaced by ``wording`` (an alternative chosen)."""
    return text[:start] + wording + text[end:]


def plain(items: Sequence[Piece], opening: str = "[", closing: str = "]") -> str:
    """The pieces written out as plain text with square brackets."""
    out = []
    for item in items:
        if item.kind == "text":
            out.append(item.text)
        else:
            out.append(opening if item.kind == "open" else closing)
    return "".join(out)

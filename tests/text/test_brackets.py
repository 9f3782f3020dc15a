"""Square brackets cut a provision's text into pieces a renderer writes: nested, adjacent
("[shall][should]"), overlapping, empty and out-of-range spans, in Latin, Arabic and Chinese
text; removing the brackets always gives the text back, and bracketed words are re-found in
a reworded text or reported gone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from draftroom.text.brackets import Piece, Span, locate, pieces, plain, replace
from tests.fixtures.text import mixed_text

SOME = settings(max_examples=150, deadline=None)


def written(text: str, *spans: tuple[int, int, int]) -> str:
    return plain(pieces(text, [Span(*s) for s in spans]))


def numbered(items: list[Piece]) -> str:
    """The pieces with each bracket's number, to see which bracket opens and closes where."""
    return "".join(
        p.text if p.kind == "text" else (f"[{p.number}" if p.kind == "open" else f"{p.number}]")
        for p in items
    )


def words(items: list[Piece]) -> str:
    return "".join(p.text for p in items if p.kind == "text")


def test_adjacent_alternatives_read_shall_should() -> None:
    text = "The State shallshould assist."
    assert written(text, (10, 15, 1), (15, 21, 2)) == "The State [shall][should] assist."
    assert numbered(pieces(text, [Span(10, 15, 1), Span(15, 21, 2)])) == (
        "The State [1shall1][2should2] assist."
    )


def test_a_bracket_inside_another_closes_first() -> None:
    text = "requests for electronic evidence only"
    inner, outer = Span(13, 23, 2), Span(0, 32, 1)
    assert numbered(pieces(text, [inner, outer])) == (
        "[1requests for [2electronic2] evidence1] only"
    )
    # Same start, same end, or the very same words: still properly nested.
    assert written(text, (0, 8, 2), (0, 32, 1)) == "[[requests] for electronic evidence] only"
    assert numbered(pieces(text, [Span(24, 32, 2), Span(13, 32, 1)])) == (
        "requests for [1electronic [2evidence2]1] only"
    )
    assert numbered(pieces(text, [Span(13, 32, 1), Span(13, 23, 2)])) == (
        "requests for [1[2electronic2] evidence1] only"
    )
    assert numbered(pieces(text, [Span(0, 8, 1), Span(0, 8, 2)])) == (
        "[1[2requests2]1] for electronic evidence only"
    )


def test_overlapping_brackets_each_hold_exactly_their_words() -> None:
    text = "abcdef"
    items = pieces(text, [Span(0, 4, 1), Span(2, 6, 2)])
    assert numbered(items) == "[1ab[2cd1]ef2]"
    assert words(items) == text


def test_empty_brackets_open_before_they_close() -> None:
    assert written("abcdef", (2, 2, 1)) == "ab[]cdef"
    # Beside brackets closing and opening at the same place, and beside each other.
    assert numbered(pieces("abcdef", [Span(0, 3, 1), Span(3, 3, 2), Span(3, 6, 3)])) == (
        "[1abc1][22][3def3]"
    )
    assert numbered(pieces("abcdef", [Span(3, 3, 2), Span(3, 3, 1)])) == "abc[11][22]def"
    # Inside a bracket, at its start and at its end.
    assert written("abcdef", (0, 6, 1), (0, 0, 2)) == "[][abcdef]"
    assert written("abcdef", (0, 6, 1), (6, 6, 2)) == "[abcdef][]"


def test_spans_outside_the_text_are_clamped_to_it() -> None:
    assert written("abcdef", (-5, 99, 1)) == "[abcdef]"
    assert written("abcdef", (10, 20, 1)) == "abcdef[]"
    assert written("abcdef", (4, 2, 1)) == "abcd[]ef"
    assert written("", (0, 3, 1)) == "[]"
    assert pieces("abcdef", []) == [Piece("text", "abcdef")]
    assert pieces("", []) == []


def test_arabic_brackets_around_whole_words_in_reading_order() -> None:
    text = "يجوز للدولة الطالبة أن تقدم طلبا"
    start = text.index("الطالبة")
    end = start + len("الطالبة")
    assert written(text, (start, end, 1)) == "يجوز للدولة [الطالبة] أن تقدم طلبا"
    # Typeset right to left, "[" and "]" are mirrored glyphs: the characters stay in
    # logical order, an opening bracket before the words, the closing one after.
    assert written(text, (start, end, 1), (end + 1, end + 3, 2)) == (
        "يجوز للدولة [الطالبة] [أن] تقدم طلبا"
    )


def test_chinese_brackets_between_ideographs() -> None:
    text = "请求国应当提供协助"
    assert written(text, (3, 5, 1), (5, 7, 2)) == "请求国[应当][提供]协助"
    assert written(text, (0, 9, 1), (3, 5, 2)) == "[请求国[应当]提供协助]"


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(mixed_text)
    bound = st.integers(min_value=-3, max_value=len(text) + 3)
    spans = [
        Span(draw(bound), draw(bound), number)
        for number in range(1, draw(st.integers(min_value=0, max_value=6)) + 1)
    ]
    return text, spans


@SOME
@given(text_and_spans())
def test_removing_the_brackets_gives_the_text_back(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    items = pieces(text, spans)
    assert words(items) == text
    assert plain(items, "", "") == text
    # No empty runs of words; every bracket opens once, before it closes once.
    assert all(p.text for p in items if p.kind == "text")
    for span in spans:
        marks = [(i, p.kind) for i, p in enumerate(items) if p.kind != "text"]
        mine = [(i, kind) for i, kind in marks if items[i].number == span.number]
        assert [kind for _i, kind in mine] == ["open", "close"]
        # Between them, exactly the span's words (clamped to the text).
        start = max(0, min(span.start, len(text)))
        end = max(start, min(span.end, len(text)))
        assert words(items[mine[0][0] : mine[1][0]]) == text[start:end]


@SOME
@given(text_and_spans())
def test_nested_or_separate_brackets_are_well_formed(case: tuple[str, list[Span]]) -> None:
    text, drawn = case
    # Keep only spans that nest or stand apart (no two cross): the written brackets then
    # always close in the reverse order they opened.
    kept: list[Span] = []
    for span in drawn:
        start = max(0, min(span.start, len(text)))
        end = max(start, min(span.end, len(text)))
        clamped = Span(start, end, span.number)
        if all(
            clamped.end <= k.start
            or k.end <= clamped.start
            or (k.start <= clamped.start and clamped.end <= k.end)
            or (clamped.start <= k.start and k.end <= clamped.end)
            for k in kept
        ):
            kept.append(clamped)
    stack: list[int] = []
    for item in pieces(text, kept):
        if item.kind == "open":
            stack.append(item.number)
        elif item.kind == "close":
            assert stack.pop() == item.number
    assert stack == []


def test_bracketed_words_are_found_again_after_a_rewording_or_reported_gone() -> None:
    before = "The requesting State shall provide the evidence promptly."
    quote = "shall provide"
    start = before.index(quote)
    assert locate(before, quote, start) == (start, start + len(quote))
    after = "Upon request, the requesting State shall provide the evidence promptly."
    found = locate(after, quote, start)
    assert found is not None
    assert after[found[0] : found[1]] == quote
    # A word changed inside the quote: found approximately, over the words as they read now.
    reworded = "The requesting State shall supply the evidence promptly."
    near = locate(reworded, "State shall provide the evidence", 15)
    assert near is not None
    assert reworded[near[0] : near[1]].startswith("State shall")
    assert locate("Entirely different words here.", quote, start) is None
    # Of two occurrences, the one nearest where it was.
    twice = "shall provide, and shall provide"
    assert locate(twice, quote, 20) == (19, 32)


def test_an_alternative_replaces_exactly_the_bracketed_words() -> None:
    text = "La partie requise [doit] prêter assistance."
    start = text.index("doit")
    assert replace(text, start, start + 4, "peut") == "La partie requise [peut] prêter assistance."
    arabic = "يجب على الدولة"
    assert replace(arabic, 0, 3, "يجوز") == "يجوز على الدولة"

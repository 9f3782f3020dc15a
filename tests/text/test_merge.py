"""Three-way merges: both sides' changes kept when an unchanged word separates them, changes
to the same words or touching ones reported as collisions, never one side silently dropped;
provisions merged by id."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from draftroom.text.diff import diff_words, tokenise
from draftroom.text.merge import Collision, Merge, MergedProvision, merge3, merge_provisions
from draftroom.text.provisions import ProvisionText
from tests.fixtures.text import WORDS, mixed_text, piece

SOME = settings(max_examples=150, deadline=None)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """``text`` with some tokens replaced, deleted, or with pieces inserted before them."""
    out: list[str] = []
    for token in [*tokenise(text), ""]:
        action = draw(st.sampled_from(["keep", "keep", "keep", "replace", "delete", "insert"]))
        if action == "replace":
            out.append(draw(piece))
        elif action == "insert":
            out.extend([draw(piece), token])
        elif action == "keep":
            out.append(token)
    return "".join(out)


base_text = st.lists(piece, min_size=4, max_size=30).map("".join)
three_versions = base_text.flatmap(lambda b: st.tuples(st.just(b), edited(b), edited(b)))

# Distinct words, and words not among them, for edits that are one word each.
sentence_words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10, unique=True)
fresh_words = st.lists(
    st.sampled_from(["promptly", "électronique", "الإلكترونية", "электронный", "电子"]),
    min_size=2,
    max_size=2,
    unique=True,
)


@SOME
@given(mixed_text, mixed_text)
def test_unchanged_side_takes_the_other(base: str, edit: str) -> None:
    assert merge3(base, edit, base) == merge3(base, base, edit)
    assert merge3(base, edit, base).text == edit
    assert not merge3(base, edit, base).conflict
    assert merge3(base, edit, edit).text == edit


@SOME
@given(sentence_words, st.data(), fresh_words)
def test_edits_of_words_apart_are_both_kept(
    words: list[str], data: st.DataObject, fresh: list[str]
) -> None:
    # At least one unchanged word between them: adjacent words touch, and collide.
    i, j = data.draw(
        st.integers(0, len(words) - 3)
        .flatmap(lambda i: st.tuples(st.just(i), st.integers(i + 2, len(words) - 1)))
        .flatmap(st.permutations)
    )
    mine, theirs = list(words), list(words)
    mine[i], theirs[j] = fresh
    merged = merge3(" ".join(words), " ".join(mine), " ".join(theirs))
    both = list(words)
    both[i], both[j] = fresh
    assert merged.text == " ".join(both)
    assert merged.conflicts == ()


@SOME
@given(sentence_words, st.data(), fresh_words)
def test_different_edits_of_one_word_collide(
    words: list[str], data: st.DataObject, fresh: list[str]
) -> None:
    i = data.draw(st.integers(0, len(words) - 1))
    mine, theirs = list(words), list(words)
    mine[i], theirs[i] = fresh
    base = " ".join(words)
    merged = merge3(base, " ".join(mine), " ".join(theirs))
    assert merged.conflict
    assert merged.text is None
    (collision,) = merged.conflicts
    assert collision.base == words[i]
    assert (collision.mine, collision.theirs) == tuple(fresh)
    assert base[collision.start : collision.end] == words[i]


@SOME
@given(three_versions)
def test_conflict_detection_is_symmetric(versions: tuple[str, str, str]) -> None:
    base, mine, theirs = versions
    one, other = merge3(base, mine, theirs), merge3(base, theirs, mine)
    assert one.conflict == other.conflict
    assert one.text == other.text
    assert [(c.start, c.end, c.mine, c.theirs) for c in one.conflicts] == [
        (c.start, c.end, c.theirs, c.mine) for c in other.conflicts
    ]


@SOME
@given(three_versions)
def test_merge_keeps_every_insertion_of_both_sides(versions: tuple[str, str, str]) -> None:
    base, mine, theirs = versions
    merged = merge3(base, mine, theirs)
    if merged.text is None:
        assert merged.conflicts
        for c in merged.conflicts:
            assert base[c.start : c.end] == c.base
        return
    for side in (mine, theirs):
        for op in diff_words(base, side):
            if op.kind == "insert":
                assert op.text in merged.text


@SOME
@given(three_versions)
def test_merge_is_deterministic(versions: tuple[str, str, str]) -> None:
    assert merge3(*versions) == merge3(*versions)


def test_insertions_at_one_point_collide_unless_identical() -> None:
    base = "The State shall assist."
    assert merge3(
        base, "The State shall promptly assist.", "The State shall fully assist."
    ).conflict
    same = "The State shall promptly assist."
    assert merge3(base, same, same).text == same


def test_touching_edits_collide() -> None:
    base = "The requested State shall not refuse assistance."
    deleted = "The requested State shall refuse assistance."
    inserted = "The requested State shall not under any circumstances refuse assistance."
    # Merged, they would say "shall under any circumstances refuse": what nobody proposed.
    merged = merge3(base, deleted, inserted)
    assert merged.text is None
    (collision,) = merged.conflicts
    assert (collision.base, collision.mine, collision.theirs) == (
        "not ",
        "",
        "not under any circumstances ",
    )
    assert base[collision.start : collision.end] == "not "
    swapped = merge3(base, inserted, deleted)
    assert swapped.text is None
    assert [(c.base, c.mine, c.theirs) for c in swapped.conflicts] == [
        ("not ", "not under any circumstances ", "")
    ]
    # Two neighbouring words, only a space between them, are touching too.
    assert merge3(
        "The requested State shall execute the request.",
        "The receiving State shall execute the request.",
        "The requested Party shall execute the request.",
    ).conflicts == (
        Collision(4, 19, base="requested State", mine="receiving State", theirs="requested Party"),
    )


def test_edits_one_word_apart_are_both_applied_in_either_order() -> None:
    base = "The requested State shall not refuse assistance."
    deleted = "The requested State shall refuse assistance."
    inserted = "The requested State shall not refuse any assistance."
    assert (
        merge3(base, deleted, inserted).text == "The requested State shall refuse any assistance."
    )
    assert (
        merge3(base, inserted, deleted).text == "The requested State shall refuse any assistance."
    )


@st.composite
def change(draw: st.DrawFn, start: int, end: int, fresh: str) -> tuple[int, int, str | None]:
    """Words ``[start, end)`` replaced by ``fresh`` or deleted; an insertion when empty."""
    if start == end:
        return start, end, fresh
    return start, end, draw(st.sampled_from([fresh, None]))


def applied(words: list[str], *changes: tuple[int, int, str | None]) -> str:
    """``words`` with the (disjoint) changes made, joined by spaces."""
    out = list(words)
    for start, end, replacement in sorted(changes, reverse=True):
        out[start:end] = [] if replacement is None else [replacement]
    return " ".join(out)


@SOME
@given(sentence_words, st.data(), fresh_words)
def test_changes_with_no_unchanged_word_between_them_collide(
    words: list[str], data: st.DataObject, fresh: list[str]
) -> None:
    n = len(words)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    # The other change overlaps this one, or touches it at either end.
    other_start = data.draw(st.integers(0, end))
    other_end = data.draw(st.integers(max(start, other_start), n))
    one = data.draw(change(start, end, fresh[0]))
    other = data.draw(change(other_start, other_end, fresh[1]))
    assume(one != (other_start, other_end, None) or other != (start, end, None))
    base = " ".join(words)
    mine, theirs = applied(words, one), applied(words, other)
    for merged in (merge3(base, mine, theirs), merge3(base, theirs, mine)):
        assert merged.text is None
        assert merged.conflicts
        for collision in merged.conflicts:
            assert base[collision.start : collision.end] == collision.base


@SOME
@given(sentence_words, st.data(), fresh_words)
def test_changes_one_unchanged_word_apart_merge_in_either_order(
    words: list[str], data: st.DataObject, fresh: list[str]
) -> None:
    n = len(words)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start, n - 1))
    # Exactly one unchanged word, words[end], between the two changes.
    later = data.draw(change(end + 1, data.draw(st.integers(end + 1, n)), fresh[1]))
    earlier = data.draw(change(start, end, fresh[0]))
    first, second = data.draw(st.permutations([earlier, later]))
    base = " ".join(words)
    mine, theirs = applied(words, first), applied(words, second)
    expected = applied(words, earlier, later)
    assert merge3(base, mine, theirs) == Merge(expected)
    assert merge3(base, theirs, mine) == Merge(expected)


def test_english_amendment_rebased_onto_newer_text() -> None:
    base = "Mutual assistance may be refused if the request does not conform to this Law."
    amendment = "Mutual assistance may be refused only if the request does not conform to this Law."
    newer = (
        "Mutual assistance may be refused if the request does not conform to this Law or a treaty."
    )
    merged = merge3(base, amendment, newer)
    assert merged.text == (
        "Mutual assistance may be refused only if the request does not conform to this Law"
        " or a treaty."
    )


def test_arabic_amendments_merge_and_collide() -> None:
    base = "يجوز للدولة الطالبة أن تطلب المساعدة القانونية المتبادلة."
    mine = "يجب على الدولة الطالبة أن تطلب المساعدة القانونية المتبادلة."
    theirs = "يجوز للدولة الطالبة أن تطلب المساعدة القانونية المتبادلة في المسائل الجنائية."
    assert merge3(base, mine, theirs).text == (
        "يجب على الدولة الطالبة أن تطلب المساعدة القانونية المتبادلة في المسائل الجنائية."
    )
    # A diacritic on the same word is a change of that word.
    vowelled = "يجوز للدولة الطالبة أن تَطلُب المساعدة القانونية المتبادلة."
    other = "يجوز للدولة الطالبة أن تلتمس المساعدة القانونية المتبادلة."
    start = base.index("تطلب")
    assert merge3(base, vowelled, other).conflicts == (
        Collision(start, start + len("تطلب"), base="تطلب", mine="تَطلُب", theirs="تلتمس"),
    )


def test_chinese_amendments_merge_by_character() -> None:
    base = "被请求国应当执行司法协助请求。"
    mine = "被请求国应当及时执行司法协助请求。"
    theirs = "被请求国应当执行刑事司法协助请求。"
    assert merge3(base, mine, theirs).text == "被请求国应当及时执行刑事司法协助请求。"
    assert merge3(base, "被请求国可以执行司法协助请求。", "被请求国必须执行司法协助请求。").conflict


# Provisions


def p(pid: str, number: str, text: str) -> ProvisionText:
    return {"id": pid, "number": number, "text": text}


BASE = [
    p("a", "1", "The requested State shall execute the request."),
    p("b", "2", "The request shall be in writing."),
    p("c", "3", "Costs shall be borne by the requested State."),
]


def test_provisions_changed_on_both_sides_are_merged() -> None:
    mine = [
        p("a", "1", "The requested State shall promptly execute the request."),
        p("b", "2", "The request shall be in writing."),
        # c deleted
    ]
    theirs = [
        p("a", "1", "The requested State shall execute the request in full."),
        p("b", "2", "The request shall be in writing or electronic form."),
        p("d", "2 bis", "Electronic requests shall be authenticated."),
        p("c", "4", "Costs shall be borne by the requested State."),  # only renumbered
    ]
    merged = merge_provisions(BASE, mine, theirs)
    assert merged.ok
    assert merged.provisions == (
        MergedProvision(
            "a", "1", "The requested State shall promptly execute the request in full."
        ),
        MergedProvision("b", "2", "The request shall be in writing or electronic form."),
        MergedProvision("d", "2 bis", "Electronic requests shall be authenticated."),
    )
    assert merged.as_provisions()[2] == p(
        "d", "2 bis", "Electronic requests shall be authenticated."
    )


def test_deleting_a_provision_the_other_side_changed_is_a_conflict() -> None:
    reworded = p("c", "3", "Ordinary costs shall be borne by the requested State.")
    mine = [BASE[0], BASE[1]]
    theirs = [BASE[0], BASE[1], reworded]
    for one, other in ((mine, theirs), (theirs, mine)):
        merged = merge_provisions(BASE, one, other)
        assert not merged.ok
        (conflict,) = merged.conflicts
        assert conflict.id == "c"
        assert conflict.base == BASE[2]
        assert (conflict.mine, conflict.theirs) in ((None, reworded), (reworded, None))
        assert merged.provisions[-1] == MergedProvision("c", "3", None)
        with pytest.raises(ValueError, match="conflicts"):
            merged.as_provisions()


def test_rewording_one_clause_differently_is_a_conflict_with_its_collisions() -> None:
    mine = [BASE[0], p("b", "2", "The request shall be in English."), BASE[2]]
    theirs = [BASE[0], p("b", "2", "The request shall be in French."), BASE[2]]
    merged = merge_provisions(BASE, mine, theirs)
    (conflict,) = merged.conflicts
    assert [(c.base, c.mine, c.theirs) for c in conflict.collisions] == [
        ("writing", "English", "French")
    ]
    assert [m.text for m in merged.provisions] == [BASE[0]["text"], None, BASE[2]["text"]]


def test_numbers_come_from_mine_and_new_provisions_follow_their_predecessor() -> None:
    mine = [
        p("b", "1", BASE[1]["text"]),
        p("a", "2", BASE[0]["text"]),
        p("c", "3", BASE[2]["text"]),
    ]
    theirs = [
        p("z", "0", "Preamble."),
        p("a", "10", BASE[0]["text"]),
        p("x", "10 bis", "Inserted after a."),
        p("y", "10 ter", "Inserted after x."),
        p("b", "20", BASE[1]["text"]),
        p("c", "30", BASE[2]["text"]),
    ]
    merged = merge_provisions(BASE, mine, theirs)
    assert [(m.id, m.number) for m in merged.provisions] == [
        ("z", "0"),
        ("b", "1"),
        ("a", "2"),
        ("x", "10 bis"),
        ("y", "10 ter"),
        ("c", "3"),
    ]


def test_provision_added_on_both_sides_merges_only_if_identical() -> None:
    new = p("d", "4", "Electronic evidence.")
    assert merge_provisions(BASE, [*BASE, new], [*BASE, new]).as_provisions() == [*BASE, new]
    other = p("d", "4", "Special investigative techniques.")
    assert not merge_provisions(BASE, [*BASE, new], [*BASE, other]).ok


def test_a_provision_id_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        merge_provisions(BASE, [*BASE, BASE[0]], BASE)


@SOME
@given(st.permutations(BASE), st.permutations(BASE))
def test_reordering_alone_merges_in_mines_order(
    mine: list[ProvisionText], theirs: list[ProvisionText]
) -> None:
    merged = merge_provisions(BASE, mine, theirs)
    assert merged.as_provisions() == mine

"""Word-level diffs: nothing lost, both sides reproduced, in every script; provisions aligned
by id, renumbering no change, insertions, deletions and moves reported as such."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import accumulate, pairwise, product

import pytest
import regex
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from draftroom.text.diff import (
    BIDI_CONTROLS,
    Op,
    ProvisionDiff,
    _common_ends,
    _encode_texts,
    _is_cut,
    diff_provisions,
    diff_provisions_many,
    diff_words,
    diff_words_many,
    fast_char_diff,
    is_unchanged,
    longest_increasing,
    new_text,
    old_text,
    python_char_diff,
    render_inline,
    tokenise,
)
from draftroom.text.provisions import ProvisionText
from tests.fixtures.text import HAN, mixed_text, piece

SOME = settings(max_examples=150, deadline=None)

any_text = st.one_of(mixed_text, st.text(max_size=60))


def boundaries(parts: list[str]) -> set[int]:
    return set(accumulate((len(part) for part in parts), initial=0))


# Tokens


@SOME
@given(any_text)
def test_tokenising_loses_nothing(text: str) -> None:
    tokens = tokenise(text)
    assert "".join(tokens) == text
    assert all(tokens)


def unicode_words(text: str) -> list[str]:
    """UAX #29 word segmentation as the regex module does it: what ``tokenise`` follows."""
    return [piece for piece in regex.split(r"(?w)\b", text) if piece]


# One character of each kind UAX #29 tells apart in ASCII: letters, digits, "_", the marks
# that join letters (: . ') or digits (, ; . '), spaces, line ends, quotes and the rest.
ASCII_KINDS = "aZ09_:.',; \"-@\t\r\n\x00"


def test_every_short_ascii_text_is_cut_as_unicode_word_segmentation_says() -> None:
    """ASCII text has a faster tokeniser of its own: it must cut exactly where UAX #29 does.
    The rules look at most two characters to either side of a cut."""
    for size in range(1, 5):
        for chars in product(ASCII_KINDS, repeat=size):
            text = "".join(chars)
            assert tokenise(text) == unicode_words(text), text
    for pair in product(map(chr, range(128)), repeat=2):
        text = "".join(pair)
        assert tokenise(text) == unicode_words(text), text


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_is_cut_as_unicode_word_segmentation_says(text: str) -> None:
    assert tokenise(text) == unicode_words(text)


@SOME
@given(
    mixed_text.filter(
        lambda t: not any(c in t for c in BIDI_CONTROLS) and not any(c in t for c in HAN)
    )
)
def test_text_without_ideographs_or_bidi_controls_is_cut_as_unicode_says(text: str) -> None:
    assert tokenise(text) == unicode_words(text)


def test_words_spaces_and_punctuation_are_separate_tokens() -> None:
    assert tokenise("The requesting State, in 2(a),") == [
        "The",
        " ",
        "requesting",
        " ",
        "State",
        ",",
        " ",
        "in",
        " ",
        "2",
        "(",
        "a",
        ")",
        ",",
    ]


def test_each_ideograph_is_a_token() -> None:
    assert tokenise("被请求国应当执行。") == ["被", "请", "求", "国", "应", "当", "执", "行", "。"]
    assert tokenise("カタカナ") == ["カ", "タ", "カ", "ナ"]


def test_arabic_marks_stay_with_their_letter() -> None:
    assert tokenise("كَتَبَ الطَّلَبَ") == ["كَتَبَ", " ", "الطَّلَبَ"]


def test_emoji_sequences_and_bidi_controls_are_whole_tokens() -> None:
    assert tokenise("a 👩\u200d⚖️ 🇫🇷") == ["a", " ", "👩\u200d⚖️", " ", "🇫🇷"]
    assert tokenise("State\u202eetatS\u202c.") == ["State", "\u202e", "etatS", "\u202c", "."]
    assert tokenise("\u200f") == ["\u200f"]


# Word diffs


@SOME
@given(any_text, any_text)
def test_diff_reproduces_both_texts(old: str, new: str) -> None:
    ops = diff_words(old, new)
    assert new_text(ops) == new
    assert old_text(ops) == old


@SOME
@given(any_text, any_text)
def test_diff_ops_are_merged_and_cut_at_word_boundaries(old: str, new: str) -> None:
    ops = diff_words(old, new)
    assert all(op.text for op in ops)
    assert all(a.kind != b.kind for a, b in pairwise(ops))
    # Every cut between ops falls between two tokens of the side it belongs to.
    old_cuts = boundaries([op.text for op in ops if op.kind != "insert"])
    new_cuts = boundaries([op.text for op in ops if op.kind != "delete"])
    assert old_cuts <= boundaries(tokenise(old))
    assert new_cuts <= boundaries(tokenise(new))


@SOME
@given(any_text)
def test_identical_texts_give_only_equal_ops(text: str) -> None:
    ops = diff_words(text, text)
    assert is_unchanged(ops)
    assert ops == ([Op("equal", text)] if text else [])


@SOME
@given(mixed_text, mixed_text)
def test_diff_is_deterministic(old: str, new: str) -> None:
    assert diff_words(old, new) == diff_words(old, new)


def test_diff_is_the_same_in_another_process() -> None:
    pairs = [
        ("The requested State shall execute the request.", "The State shall execute it."),
        ("يجوز للدولة الطالبة أن تطلب المساعدة.", "يجب على الدولة الطالبة أن تطلب المساعدة."),
        ("被请求国应当执行请求。", "被请求国可以拒绝执行请求。"),
    ]
    here = [[[op.kind, op.text] for op in diff_words(a, b)] for a, b in pairs]
    script = (
        "import json, sys\n"
        "from draftroom.text.diff import diff_words\n"
        "pairs = json.loads(sys.stdin.read())\n"
        "print(json.dumps([[[o.kind, o.text] for o in diff_words(a, b)] for a, b in pairs]))\n"
    )
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(pairs),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert json.loads(done.stdout) == here


# Batches: a comparison tokenises and diffs all its texts at once.

EDGES = ["\u0301", "\u064e", "\u200d", "\u00ad", "\r", "\n", "\r\n", "\u2028", "🇫", "\u0600"]
edge_text = st.lists(st.one_of(piece, st.sampled_from(EDGES)), max_size=12).map("".join)
batch_text = st.one_of(mixed_text, edge_text, st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(st.lists(batch_text, min_size=1, max_size=6))
@example(["State\r", "shall"])
@example(["State", "\u0301shall", "\u200d", "👍"])
def test_texts_tokenised_together_keep_their_own_tokens(texts: list[str]) -> None:
    """Joined for one pass, no text lends a character to its neighbour: not a combining
    mark at its start, a joiner or a carriage return at its end, nor a line end inside."""
    encoded = _encode_texts(texts, spill=True)
    assert encoded is not None
    codes, tokens_of = encoded
    assert [[tokens_of[char] for char in code] for code in codes] == [tokenise(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(batch_text, batch_text), max_size=6))
def test_a_batch_gives_each_pair_what_it_gets_alone(pairs: list[tuple[str, str]]) -> None:
    assert diff_words_many(pairs) == [diff_words(old, new) for old, new in pairs]


def test_a_batch_with_more_distinct_spaces_than_stand_ins_still_gives_each_its_own() -> None:
    """There are 27 space stand-ins. Here 27 pairs each change a run of spaces of its own
    length; the last pair's single space would be the 28th, taking a stand-in of another
    class, and the clean-up would place its insertion elsewhere. Each pair gets its own."""
    pairs = [(f"b{' ' * n}c", f"d{' ' * n}e") for n in range(2, 29)] + [(" .the", " ..the")]
    ops = diff_words_many(pairs)
    assert ops == [diff_words(old, new) for old, new in pairs]
    assert ops[-1] == [Op("equal", " "), Op("insert", "."), Op("equal", ".the")]


def shared_start(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


shared_pieces = st.lists(
    st.sampled_from(["State ", "shall ", "a", ".", "é", "中", " "]), max_size=20
)


@settings(max_examples=300, deadline=None)
@given(shared_pieces, batch_text, batch_text, shared_pieces)
def test_common_ends_are_the_longest_shared_start_and_end(
    start: list[str], left: str, right: str, end: list[str]
) -> None:
    a = "".join(start) + left + "".join(end)
    b = "".join(start) + right + "".join(end)
    assert _common_ends(a, b) == (shared_start(a, b), shared_start(a[::-1], b[::-1]))


def test_english_rewording_is_a_word_change() -> None:
    ops = diff_words(
        "The requested State shall execute the request promptly.",
        "The requested State shall execute the request without delay.",
    )
    assert ops == [
        Op("equal", "The requested State shall execute the request "),
        Op("delete", "promptly"),
        Op("insert", "without delay"),
        Op("equal", "."),
    ]


def test_arabic_diacritic_change_replaces_the_whole_word() -> None:
    ops = diff_words(
        "يجوز للدولة الطالبة أن تطلب المساعدة.", "يجوز للدولة الطالبة أن تَطلُب المساعدة."
    )
    assert [op for op in ops if op.kind != "equal"] == [
        Op("delete", "تطلب"),
        Op("insert", "تَطلُب"),
    ]


def test_chinese_change_is_by_character() -> None:
    ops = diff_words("被请求国应当执行请求。", "被请求国可以拒绝执行请求。")
    assert ops == [
        Op("equal", "被请求国"),
        Op("delete", "应当"),
        Op("insert", "可以拒绝"),
        Op("equal", "执行请求。"),
    ]


# Rendering


def test_inline_rendering_marks_changes_with_labels_and_escapes() -> None:
    html = render_inline(
        [Op("equal", "a <b> "), Op("delete", "x&y"), Op("insert", "z")],
        inserted_label="inséré : ",
        deleted_label="<supprimé>",
    )
    assert html == (
        "a &lt;b&gt; "
        '<del><span class="visually-hidden">&lt;supprimé&gt;</span>x&amp;y</del>'
        '<ins><span class="visually-hidden">inséré : </span>z</ins>'
    )


def test_inline_rendering_shows_bidi_controls_inside_changes() -> None:
    ops = diff_words("pay 100", "pay \u202e001\u202c")
    html = render_inline(ops, inserted_label="inserted: ", deleted_label="deleted: ")
    assert '<span class="bidi" title="U+202E">⟨RLO⟩</span>' in html
    assert '<span class="bidi" title="U+202C">⟨PDF⟩</span>' in html
    assert "\u202e" not in html
    assert render_inline([Op("equal", "\u200fx")], "i", "d") == "\u200fx"


# Provisions


def provision(pid: str, number: str, text: str) -> ProvisionText:
    return {"id": pid, "number": number, "text": text}


def by_id(diffs: list[ProvisionDiff]) -> dict[str, ProvisionDiff]:
    return {d.id: d for d in diffs}


IDS = [f"art_1__para_{n}" for n in range(1, 9)]
provision_lists = st.lists(st.sampled_from(IDS), unique=True, max_size=8).flatmap(
    lambda ids: st.lists(mixed_text, min_size=len(ids), max_size=len(ids)).map(
        lambda texts: [
            provision(pid, str(n), t) for n, (pid, t) in enumerate(zip(ids, texts, strict=True))
        ]
    )
)


@SOME
@given(provision_lists)
def test_renumbering_alone_is_no_change(old: list[ProvisionText]) -> None:
    new: list[ProvisionText] = [
        {**p, "number": f"{p['number']} bis"} if i % 2 else p for i, p in enumerate(old)
    ]
    diffs = diff_provisions(old, new)
    assert [d.id for d in diffs] == [p["id"] for p in old]
    for i, d in enumerate(diffs):
        assert d.kind == "unchanged"
        assert not d.text_changed
        assert is_unchanged(d.ops)
        assert d.renumbered == bool(i % 2)


@SOME
@given(provision_lists, provision_lists)
def test_every_provision_appears_once_with_its_kind(
    old: list[ProvisionText], new: list[ProvisionText]
) -> None:
    diffs = diff_provisions(old, new)
    old_ids = [p["id"] for p in old]
    new_ids = [p["id"] for p in new]
    assert sorted(d.id for d in diffs) == sorted(set(old_ids) | set(new_ids))
    # The order of new, with the deleted ones in between.
    assert [d.id for d in diffs if d.kind != "deleted"] == new_ids
    kinds = by_id(diffs)
    assert {i for i, d in kinds.items() if d.kind == "inserted"} == set(new_ids) - set(old_ids)
    assert {i for i, d in kinds.items() if d.kind == "deleted"} == set(old_ids) - set(new_ids)
    # The provisions that did not move keep their relative order, and as many as possible do.
    common = [i for i in new_ids if i in old_ids]
    staying = [i for i in common if kinds[i].kind != "moved"]
    assert staying == sorted(staying, key=old_ids.index)
    assert len(staying) == len(longest_increasing([old_ids.index(i) for i in common]))
    old_texts = {p["id"]: p["text"] for p in old}
    new_texts = {p["id"]: p["text"] for p in new}
    for d in diffs:
        assert old_text(d.ops) == old_texts.get(d.id, "")
        assert new_text(d.ops) == new_texts.get(d.id, "")
        if d.kind in ("unchanged", "changed", "moved"):
            assert d.text_changed == (old_texts[d.id] != new_texts[d.id])
            assert d.kind != "unchanged" or not d.text_changed


def renamed(provisions: list[ProvisionText], article: int) -> list[ProvisionText]:
    return [{**p, "id": p["id"].replace("art_1", f"art_{article}")} for p in provisions]


@SOME
@given(st.lists(st.tuples(provision_lists, provision_lists, st.booleans()), max_size=5))
def test_versions_compared_together_give_what_each_gives_alone(
    versions: list[tuple[list[ProvisionText], list[ProvisionText], bool]],
) -> None:
    """Every article of an instrument is compared in one batch: the same result as one by
    one, whether the articles keep their provisions in order (the usual case) or not."""
    pairs = []
    for article, (old, other, reordered) in enumerate(versions, start=1):
        new: list[ProvisionText] = (
            other
            if reordered
            else [{**p, "text": q["text"]} for p, q in zip(old, other + old, strict=False)]
        )
        pairs.append((renamed(old, article), renamed(new, article)))
    many = diff_provisions_many(pairs)
    assert many == [diff_provisions(old, new) for old, new in pairs]
    # The same provision ids in two articles: compared article by article all the same.
    assume(len(pairs) > 1)
    twice = [(old, new) for old, new in pairs for _ in range(2)]
    assert diff_provisions_many(twice) == [d for d in many for _ in range(2)]


def test_a_provision_moved_to_the_next_article_leaves_one_and_enters_the_other() -> None:
    kept = provision("art_1__para_1", "1", "The request shall be in writing.")
    moving = provision("art_1__para_2", "2", "It may be sent electronically.")
    other = provision("art_2__para_1", "1", "The requested State shall answer.")
    first, second = diff_provisions_many([([kept, moving], [kept]), ([other], [moving, other])])
    assert [(d.id, d.kind) for d in first] == [
        ("art_1__para_1", "unchanged"),
        ("art_1__para_2", "deleted"),
    ]
    assert [(d.id, d.kind) for d in second] == [
        ("art_1__para_2", "inserted"),
        ("art_2__para_1", "unchanged"),
    ]


def test_a_provision_id_twice_in_one_version_is_refused() -> None:
    twice = [provision("art_1__para_1", "1", "A."), provision("art_1__para_1", "2", "B.")]
    for old, new in ((twice, twice), (twice[:1], twice)):
        with pytest.raises(ValueError, match="art_1__para_1"):
            diff_provisions(old, new)


def test_inserted_deleted_and_moved_provisions_are_reported() -> None:
    old = [
        provision("a", "1", "Purpose."),
        provision("b", "2", "Scope."),
        provision("c", "3", "Definitions."),
        provision("d", "4", "Final clause."),
    ]
    new = [
        provision("a", "1", "Purpose."),
        provision("d", "2", "Final clauses."),
        provision("e", "3", "Electronic evidence."),
        provision("c", "4", "Definitions."),
    ]
    diffs = diff_provisions(old, new)
    assert [(d.id, d.kind) for d in diffs] == [
        ("a", "unchanged"),
        ("b", "deleted"),  # after "a", its predecessor in old
        ("d", "moved"),
        ("e", "inserted"),
        ("c", "unchanged"),
    ]
    moved = by_id(diffs)["d"]
    assert moved.text_changed
    assert (moved.old_number, moved.new_number, moved.renumbered) == ("4", "2", True)
    assert by_id(diffs)["e"].ops == (Op("insert", "Electronic evidence."),)
    assert by_id(diffs)["b"].ops == (Op("delete", "Scope."),)
    assert by_id(diffs)["b"].new_number is None


def test_deleted_first_provisions_come_first() -> None:
    old = [provision("a", "1", "A."), provision("b", "2", "B."), provision("c", "3", "C.")]
    new = [provision("c", "1", "C.")]
    diffs = diff_provisions(old, new)
    assert [(d.id, d.kind) for d in diffs] == [
        ("a", "deleted"),
        ("b", "deleted"),
        ("c", "unchanged"),
    ]
    assert diffs[2].renumbered


def test_longest_increasing_subsequence() -> None:
    values = [3, 1, 2, 5, 4, 6]
    kept = longest_increasing(values)
    assert [values[i] for i in sorted(kept)] == [1, 2, 4, 6]
    assert longest_increasing([]) == set()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "c", " ", ".", "é", "ب", "中", "😀", "\u202e"]), max_size=40
    ).map("".join),
    st.lists(
        st.sampled_from(["a", "b", "c", " ", ".", "é", "ب", "中", "😀", "\u202e"]), max_size=40
    ).map("".join),
)
def test_the_cpp_diff_gives_the_same_result_as_the_python_one(old: str, new: str) -> None:
    assert fast_char_diff(old, new) == python_char_diff(old, new)


def test_both_engines_agree_on_the_demo_drafts_token_for_token() -> None:
    from draftroom.demo.service import DATA
    from draftroom.text.diff import encode
    from draftroom.text.outline import parse_outline

    old = {
        p.key: p.text
        for a in parse_outline((DATA / "en.md").read_text()).articles
        for p in a.provisions
    }
    new = {
        p.key: p.text
        for a in parse_outline((DATA / "draft-en.md").read_text()).articles
        for p in a.provisions
    }
    compared = 0
    for key in old.keys() & new.keys():
        before, after, _tokens = encode(tokenise(old[key]), tokenise(new[key]))
        assert fast_char_diff(before, after) == python_char_diff(before, after)
        compared += 1
    assert compared > 30


_PIECES = ["a", "b", " ", "  ", ".", "'", "é", "\u0301", "ب", "\u064e", "中", "😀", "\u200f"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.sampled_from(["a", "é", "ب", "中", "7"]),
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
)
def test_a_text_cut_after_a_space_before_a_letter_tokenises_as_the_whole(
    left: str, letter: str, right: str
) -> None:
    text = f"{left} {letter}{right}"
    at = len(left) + 1
    assert _is_cut(text, at)
    assert tokenise(text[:at]) + tokenise(text[at:]) == tokenise(text)


def _boundaries(text: str) -> set[int]:
    return {0, *accumulate(len(token) for token in tokenise(text))}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["the ", "State ", "shall ", "may ", ", ", "中", "ب "]), max_size=30),
    st.lists(st.sampled_from(["the ", "State", "shall ", "ma", ", ", "中", "ب "]), max_size=30),
    st.lists(st.sampled_from(["the ", "State ", "shall ", "may ", ", ", "中", "ب "]), max_size=30),
)
def test_a_change_amid_shared_text_starts_and_ends_on_word_boundaries(
    start: list[str], middle: list[str], end: list[str]
) -> None:
    """The shared start and end are left out of the token diff: the result still rebuilds
    both texts, and every change starts and ends where a word does."""
    old = "".join(start + end)
    new = "".join(start + middle + end)
    ops = diff_words(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    at_old = at_new = 0
    for op in ops:
        assert at_old in _boundaries(old)
        assert at_new in _boundaries(new)
        at_old += len(op.text) if op.kind != "insert" else 0
        at_new += len(op.text) if op.kind != "delete" else 0

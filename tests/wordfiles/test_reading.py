"""What the reader sees in a Word file as Word writes it, without a database."""

from __future__ import annotations

import pytest

from draftroom.kit.wordfile import open_word_file
from draftroom.wordfiles import placing
from draftroom.wordfiles.reading import TooManyParagraphs, read
from tests.fixtures.wordproposals import (
    article,
    comment_range,
    dele,
    formatting_change,
    ins,
    moved,
    paragraph,
    provision,
    run,
    split,
    table_with_change,
    word_file,
)


def test_both_texts_of_every_paragraph_and_what_is_not_applied() -> None:
    source, target = moved("Moved words. ")
    data = word_file(
        [
            *article("1", "Purpose"),
            provision(
                "1.",
                ins("Firstly, ")
                + split("The requ", 5)
                + run("ested ")
                + dele("old ")
                + run("State."),
            ),
            provision(
                "2.", run("Keep ") + source + comment_range(3, run("these words")) + run(".")
            ),
            provision("3.", run("Bold ") + formatting_change("here") + target),
            table_with_change(),
        ],
        comments=[(3, "Ruritania", "Why these?")],
        footnote_change=True,
    )
    document = read(open_word_file(data))
    first = document.paragraphs[2]
    assert first.before == "1.\tThe requested old State."
    assert first.after == "1.\tFirstly, The requested State."
    assert first.authors() == ["Delegation of Ruritania"]
    # A move is left where it was in both texts; its source and destination are reported.
    assert document.paragraphs[3].before == document.paragraphs[3].after
    assert "Moved words." in document.paragraphs[3].after
    assert document.paragraphs[4].after == "3.\tBold here"
    assert sorted(u.kind for u in document.unsafe) == [
        "footnote", "formatting", "move", "move", "table",
    ]  # fmt: skip
    [comment] = document.comments
    assert (comment.quote, comment.body, comment.paragraph) == ("these words", "Why these?", 3)


def test_a_version_is_chosen_by_how_many_paragraphs_it_holds_word_for_word() -> None:
    old = placing.Version(1, 1, "Purpose", [
        {"id": "p1", "number": "1.", "text": "Old one."},
        {"id": "p2", "number": "2.", "text": "Old two."},
    ])  # fmt: skip
    new = placing.Version(2, 2, "Purpose", [
        {"id": "p1", "number": "1.", "text": "New one."},
        {"id": "p2", "number": "2.", "text": "Old two."},
    ])  # fmt: skip
    data = word_file(
        [*article("1", "Purpose"), provision("1.", run("Old one.")),
         provision("2.", run("Old two.") + ins(" More."))]
    )  # fmt: skip
    placement = placing.place(
        read(open_word_file(data)), [placing.Candidates("art_1", "1", [old, new])]
    )
    [plan] = placement.articles
    assert (plan.version_id, plan.exact, plan.paragraphs, plan.how) == (1, 2, 2, "alignment")
    [change] = placement.changes
    assert (change.provision, change.after) == ("p2", "Old two. More.")
    proposed = placing.propose(old, placement.changes)
    assert placing.collisions(old.provisions, proposed.provisions, new.provisions) == []


def test_a_changed_article_heading_is_proposed_as_the_heading() -> None:
    version = placing.Version(1, 1, "Purpose", [{"id": "p1", "number": "1.", "text": "Old one."}])
    data = word_file(
        [
            paragraph(run("Article 1"), style="Heading1"),
            paragraph(run("Purpose") + ins(" and scope"), style="Heading2"),
            provision("1.", run("Old one.")),
        ]
    )
    placement = placing.place(
        read(open_word_file(data)), [placing.Candidates("art_1", "1", [version])]
    )
    [change] = placement.changes
    assert (change.kind, change.article, change.after) == ("heading", "art_1", "Purpose and scope")
    proposed = placing.propose(version, placement.changes)
    assert proposed.heading == "Purpose and scope"
    assert proposed.provisions == version.provisions


def test_a_document_of_too_many_paragraphs_is_refused_before_it_is_read() -> None:
    data = word_file([provision(str(i), run("Text.")) for i in range(1, 6)])
    with pytest.raises(TooManyParagraphs):
        read(open_word_file(data), max_paragraphs=3)


def test_a_block_too_large_to_compare_pairwise_is_paired_in_order() -> None:
    """A hundred new paragraphs joined by inserted marks: placed in order, quickly."""
    version = placing.Version(1, 1, "Purpose", [{"id": "p1", "number": "1.", "text": "One."}])
    new = [paragraph(ins(f"{i}.\tNew text {i}."), mark="ins") for i in range(2, 102)]
    data = word_file([*article("1", "Purpose"), provision("1.", run("One."), mark="ins"), *new,
                      paragraph(run(""))])  # fmt: skip
    placement = placing.place(
        read(open_word_file(data)), [placing.Candidates("art_1", "1", [version])]
    )
    inserted = [c for c in placement.changes if c.kind == "inserted"]
    assert [c.number for c in inserted] == [str(i) + "." for i in range(2, 102)]
    proposed = placing.propose(version, placement.changes)
    assert [p["text"] for p in proposed.provisions][:3] == ["One.", "New text 2.", "New text 3."]

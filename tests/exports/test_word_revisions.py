"""A comparison's .docx holds its changes as real revisions: accepting them all gives exactly
the newer text, rejecting them all exactly the older, provision by provision, in English,
Arabic and Chinese; each provision sits in a bookmark naming its id, each article heading in
one naming its version, and the file's properties name the instrument, language and what it
shows. Read back by an lxml reader of our own (tests/fixtures/wordfiles.py)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from draftroom.comparisons.results import ArticleComparison, InstrumentComparison, Provision, Side
from draftroom.exports.documents import default_labels
from draftroom.exports.docx import render, render_clean
from draftroom.text.diff import diff_provisions, diff_words
from draftroom.text.wordmarks import (
    PROPERTY_INSTRUMENT,
    PROPERTY_LANGUAGE,
    PROPERTY_SHOWS,
    provision_bookmark,
    version_bookmark,
)
from tests.exports.samples import TEXTS, article_comparison, synoptic_table, text_document
from tests.fixtures.wordfiles import (
    Reading,
    accepted,
    bookmark_names,
    properties,
    rejected,
    revisions,
    w,
)

LABELS = default_labels()
LANGS = ["en", "ar", "zh"]
WHEN = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def lines(heading: str, provisions: list[Provision]) -> list[str]:
    """An article's paragraphs as Word shows them: its label, heading, "number<tab>text"."""
    return ["Article 1", *([heading] if heading else []), *(
        f"{p['number']}\t{p['text']}" if p["number"] else p["text"] for p in provisions
    )]  # fmt: skip


def articles_part(reading: Reading) -> list[str]:
    """The paragraphs from the article's heading on (the title block, the same in both,
    may itself be "Article 1")."""
    text = reading.text
    return text[len(text) - 1 - text[::-1].index("Article 1") :]


def compared(lang: str, old: list[Provision], new: list[Provision], **after: Any) -> Any:
    heading = TEXTS[lang][1]
    return ArticleComparison(
        article_key="art_1",
        number="1",
        language=lang,
        before=Side("2007 text", heading, old, 4),
        after=Side("Draft after EGM 1", heading + "!", new, 9, **after),
        heading_ops=tuple(diff_words(heading, heading + "!")),
        provisions=diff_provisions(old, new),
        instrument="model-law",
    )


def in_instrument(comparison: ArticleComparison) -> InstrumentComparison:
    return InstrumentComparison(
        instrument="model-law",
        title=TEXTS[comparison.language][0],
        language=comparison.language,
        before_label="2007 text",
        after_label="Draft after EGM 1",
        illustrative=True,
        articles=[comparison],
    )


@pytest.mark.parametrize("kind", ["article", "instrument"])
@pytest.mark.parametrize("lang", LANGS)
def test_accept_all_gives_the_newer_text_and_reject_all_the_older(lang: str, kind: str) -> None:
    _title, heading, old, new = TEXTS[lang]
    comparison = compared(lang, old, new, author="Secretariat", date=WHEN)
    document = comparison if kind == "article" else in_instrument(comparison)
    data = render(document, lang, LABELS)
    assert articles_part(accepted(data)) == lines(heading + "!", new)
    assert articles_part(rejected(data)) == lines(heading, old)
    # Provision by provision, by the bookmark that names its id.
    after, before = accepted(data).bookmarks, rejected(data).bookmarks
    for provision in new:
        name = provision_bookmark(provision["id"])
        assert after[name] == f"{provision['number']}\t{provision['text']}"
    for provision in old:
        name = provision_bookmark(provision["id"])
        assert before[name] == f"{provision['number']}\t{provision['text']}"
    # Nothing is left to the formatting: no underline, no strike-through in the text.
    body = docx.Document(io.BytesIO(data)).element.body
    assert body.find(f".//{qn('w:u')}/../../{qn('w:bookmarkStart')}") is None
    assert all(run.find(f"{qn('w:rPr')}/{qn('w:strike')}") is None
               for run in body.iter(qn("w:r")) if run.getparent().tag == qn("w:del"))  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_revision_has_an_id_the_author_and_the_newer_texts_date(lang: str) -> None:
    _title, _heading, old, new = TEXTS[lang]
    data = render(compared(lang, old, new, author="Secretariat", date=WHEN), lang, LABELS)
    changes = revisions(data)
    assert {c.kind for c in changes} == {"ins", "del"}
    assert len({c.id for c in changes}) == len(changes)
    assert {c.author for c in changes} == {"Secretariat"}
    assert {c.date for c in changes} == {"2026-11-20T15:30:00Z"}
    # Deleted words are w:delText inside w:del, never w:t.
    body = docx.Document(io.BytesIO(data)).element.body
    for deleted in body.iter(qn("w:del")):
        assert deleted.find(f".//{qn('w:t')}") is None


def test_a_consolidated_change_is_signed_by_the_proposals_it_came_from() -> None:
    _title, _heading, old, new = TEXTS["en"]
    data = render(
        compared(
            "en",
            old,
            new,
            author="Amendment 3 (France); Amendment 4 (Egypt)",
            authors={"art_1__para_1": "Amendment 3 (France)"},
            date=WHEN,
        ),
        "en",
        LABELS,
    )
    by_text = {c.text: c.author for c in revisions(data)}
    assert by_text[", including electronic evidence"] == "Amendment 3 (France)"
    # A change no single proposal claims is signed by all the version came from.
    assert by_text["Assistance may be refused."] == "Amendment 3 (France); Amendment 4 (Egypt)"


@pytest.mark.parametrize("lang", LANGS)
def test_inserted_deleted_moved_and_renumbered_provisions_are_whole_paragraphs(
    lang: str,
) -> None:
    _title, heading, old, new = TEXTS[lang]
    a, b = old[0], old[1]
    c: Provision = {"id": "art_1__para_9", "number": "3", "text": new[-1]["text"]}
    d: Provision = {"id": "art_1__para_8", "number": "4", "text": old[0]["text"][:20]}
    before = [a, b, c, d]
    # c moves to the front and is reworded, a is renumbered, b goes, e comes.
    e: Provision = {"id": "art_1__para_7", "number": "4", "text": new[0]["text"]}
    after: list[Provision] = [
        {"id": c["id"], "number": "1", "text": c["text"] + " " + a["text"][:10]},
        {"id": a["id"], "number": "2", "text": a["text"]},
        {"id": d["id"], "number": "3", "text": d["text"]},
        e,
    ]
    data = render(compared(lang, before, after), lang, LABELS)
    assert articles_part(accepted(data)) == lines(heading + "!", after)
    assert articles_part(rejected(data)) == lines(heading, before)
    # The moved provision keeps one bookmark, where it now is.
    names = bookmark_names(data)
    assert len(names) == len(set(names))
    assert accepted(data).bookmarks[provision_bookmark(c["id"])] == "1\t" + after[0]["text"]
    # The inserted and deleted provisions' paragraph marks are revisions too.
    marks = docx.Document(io.BytesIO(data)).element.body.findall(
        f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:rPr')}/*"
    )
    assert {etree_name(m) for m in marks} == {"ins", "del"}


def etree_name(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[1]


def test_a_new_article_is_inserted_whole_and_a_dropped_one_deleted_whole() -> None:
    _title, heading, old, _new = TEXTS["en"]
    added = compared("en", [], old)
    added = replace(added, before=Side("2007 text", "", [], None), heading_ops=tuple(
        diff_words("", heading)), after=replace(added.after, heading=heading))  # fmt: skip
    data = render(in_instrument(added), "en", LABELS)
    assert articles_part(accepted(data)) == lines(heading, old)
    assert "Article 1" not in rejected(data).text
    assert not any(p["text"] in " ".join(rejected(data).text) for p in old)


@pytest.mark.parametrize("lang", LANGS)
def test_the_clean_file_is_the_newer_text_without_revisions(lang: str) -> None:
    _title, heading, old, new = TEXTS[lang]
    data = render_clean(in_instrument(compared(lang, old, new)), lang, LABELS)
    assert revisions(data) == []
    assert articles_part(accepted(data)) == lines(heading + "!", new)
    assert accepted(data).paragraphs == rejected(data).paragraphs
    assert LABELS.legend not in " ".join(accepted(data).text)
    deleted = {p["id"] for p in old} - {p["id"] for p in new}
    assert not {provision_bookmark(i) for i in deleted} & set(bookmark_names(data))
    assert properties(data)[PROPERTY_SHOWS] == "Draft after EGM 1"


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_name_each_provision_and_the_articles_version(lang: str) -> None:
    _title, _heading, old, new = TEXTS[lang]
    data = render(article_comparison(lang), lang, LABELS)
    names = bookmark_names(data)
    ids = {p["id"] for p in [*old, *new]}
    assert {provision_bookmark(i) for i in ids} <= set(names)
    assert len(names) == len(set(names))  # Word drops a bookmark whose name is taken
    data = render(compared(lang, old, new), lang, LABELS)
    assert accepted(data).bookmarks[version_bookmark(9)] == "Article 1"
    heading = docx.Document(io.BytesIO(data)).element.body.xpath(
        f"w:p[w:bookmarkStart/@w:name='{version_bookmark(9)}']"
    )[0]
    assert heading.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Heading1"


@pytest.mark.parametrize("lang", LANGS)
def test_properties_name_the_instrument_the_language_and_what_the_file_shows(
    lang: str,
) -> None:
    _title, _heading, old, new = TEXTS[lang]
    shown = properties(render(compared(lang, old, new), lang, LABELS))
    assert shown == {
        PROPERTY_INSTRUMENT: "model-law",
        PROPERTY_LANGUAGE: lang,
        PROPERTY_SHOWS: "compare 4..9",
    }
    text = properties(render(replace(text_document(lang), shows="milestone 1"), lang, LABELS))
    assert text[PROPERTY_SHOWS] == "milestone 1"
    assert text[PROPERTY_INSTRUMENT] == "model-law"


@pytest.mark.parametrize("lang", LANGS)
def test_synoptic_cells_hold_each_proposal_as_its_delegations_revisions(lang: str) -> None:
    table = synoptic_table(lang)
    data = render(table, lang, LABELS)
    authors = {c.author for c in revisions(data)}
    assert authors == {column.delegation for column in table.columns}
    france = [c for c in revisions(data) if c.author == table.columns[0].delegation]
    assert {c.date for c in france} == {"2025-03-12T09:30:00Z"}
    # Accepting every cell shows the first proposal's text where the base was.
    _title, _heading, old, new = TEXTS[lang]
    assert new[0]["text"] in accepted(data).paragraphs
    assert old[0]["text"] in rejected(data).paragraphs
    assert revisions(render_clean(table, lang, LABELS)) == []


def test_a_text_has_no_revisions_and_a_mark_on_each_provision() -> None:
    document = replace(text_document("en"), date=WHEN)
    data = render(document, "en", LABELS)
    assert revisions(data) == []
    old = document.articles[0].provisions
    assert accepted(data).bookmarks == {
        provision_bookmark(p["id"]): f"{p['number']}\t{p['text']}" for p in old
    }
    assert "English · November 20, 2026" in accepted(data).text


def test_revision_and_bookmark_ids_are_unique_in_the_file() -> None:
    data = render(in_instrument(article_comparison("en")), "en", LABELS)
    body = docx.Document(io.BytesIO(data)).element.body
    revision_ids = [e.get(qn("w:id")) for e in body.iter(qn("w:ins"), qn("w:del"))]
    assert len(revision_ids) == len(set(revision_ids))
    starts = [e.get(w("id")) for e in body.iter(qn("w:bookmarkStart"))]
    ends = [e.get(w("id")) for e in body.iter(qn("w:bookmarkEnd"))]
    assert sorted(starts) == sorted(ends)


def test_an_inserted_paragraph_is_marked_as_word_writes_it() -> None:
    """Word (and LibreOffice, which otherwise merges the insertion with one ending the
    paragraph before) reads a new paragraph from the inserted mark that ends the one before."""
    _title, heading, old, _new = TEXTS["en"]
    new: list[Provision] = [{"id": "art_1__para_0", "number": "0", "text": "New first."}, *old]
    data = render(compared("en", old, new), "en", LABELS)
    paragraphs = docx.Document(io.BytesIO(data)).element.body.findall(qn("w:p"))
    first = next(i for i, p in enumerate(paragraphs) if "New first." in "".join(p.itertext()))
    mark = f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}"
    assert paragraphs[first - 1].find(mark) is not None  # the heading's mark, "…scope!"
    assert paragraphs[first].find(mark) is None
    assert articles_part(rejected(data)) == lines(heading, old)

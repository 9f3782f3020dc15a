"""LibreOffice, an independent reader, agrees: its "Accept all" on our .docx gives exactly the
newer text and its "Reject all" exactly the older, saved by it as plain text, in English,
Arabic and Chinese, for a comparison with every kind of change and for the platform's own
downloads (milestone against milestone, a proposal against its base, a consolidated version
against its parent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.comparisons.results import ArticleComparison, InstrumentComparison, Provision, Side
from draftroom.exports.documents import default_labels
from draftroom.exports.docx import render
from draftroom.text.diff import diff_provisions, diff_words
from tests.exports.samples import TEXTS, synoptic_table
from tests.fixtures.clients import people
from tests.fixtures.factories import ARTICLE_URL, accepted_three, act, propose
from tests.fixtures.libreoffice import available, plain_text, shared_office
from tests.fixtures.wordfiles import accepted, body, w

pytestmark = pytest.mark.libreoffice

API = "/api/v1/instruments/model-law"
LANGS = ["en", "ar", "zh"]
NEW_TEXT = {
    "en": "The requested State shall execute the request, including electronic evidence.",
    "ar": "تنفذ الدولة المتلقية الطلب، بما في ذلك الأدلة الإلكترونية.",
    "zh": "被请求国应执行请求，包括电子证据。",
}


@pytest.fixture(scope="module", autouse=True)
def one_office() -> Iterator[None]:
    """One LibreOffice for the whole module, started once."""
    with shared_office():
        yield


def test_libreoffice_is_installed() -> None:
    assert available(), "soffice and python3-uno (for /usr/bin/python3) are needed"


def first_article(data: bytes) -> str:
    """The text of the file's first article heading (Heading 1)."""
    return str(body(data).xpath("string(w:p[w:pPr/w:pStyle/@w:val='Heading1'][1])",
                                namespaces={"w": w("")[1:-1]}))  # fmt: skip


def from_first_article(lines: list[str], label: str) -> list[str]:
    """The lines with text from the first article's heading on (the title blocks differ;
    an article's comparison is titled with the same label, so the last time it comes)."""
    kept = [line for line in lines if line.strip()]
    return kept[len(kept) - 1 - kept[::-1].index(label) :]


def office_text(data: bytes, *, accept: bool) -> list[str]:
    """The file's lines as LibreOffice leaves them after accepting or rejecting all."""
    return plain_text(data, accept=accept).splitlines()


def assert_agrees(compared: bytes, newer: list[str], older: list[str]) -> None:
    label = first_article(compared)
    assert from_first_article(office_text(compared, accept=True), label) == newer
    assert from_first_article(office_text(compared, accept=False), label) == older


def lines(heading: str, provisions: list[Provision]) -> list[str]:
    return ["Article 1", heading, *(f"{p['number']}\t{p['text']}" for p in provisions)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_change_accepts_and_rejects_exactly_in_libreoffice(lang: str) -> None:
    _title, heading, old, new = TEXTS[lang]
    a, b = old[0], old[1]
    c: Provision = {"id": "art_1__para_9", "number": "3", "text": new[-1]["text"]}
    before = [a, b, c]
    # c moves to the front, reworded; a is renumbered and reworded; b goes; a new one comes.
    after: list[Provision] = [
        {"id": c["id"], "number": "1", "text": c["text"] + " " + b["text"][:12]},
        {"id": a["id"], "number": "2", "text": new[0]["text"]},
        {"id": "art_1__para_7", "number": "3", "text": NEW_TEXT[lang]},
    ]
    comparison = ArticleComparison(
        article_key="art_1",
        number="1",
        language=lang,
        before=Side("2007 text", heading, before, 4),
        after=Side("Draft after EGM 1", heading + "!", after, 9, author="Secretariat"),
        heading_ops=tuple(diff_words(heading, heading + "!")),
        provisions=diff_provisions(before, after),
        instrument="model-law",
    )
    data = render(comparison, lang, default_labels())
    assert_agrees(data, lines(heading + "!", after), lines(heading, before))


async def download(client: AsyncClient, url: str, who: dict[str, str], **params: Any) -> bytes:
    response = await client.get(url, params=params, headers=who)
    assert response.status_code == 200, response.text
    return response.content


@pytest.mark.parametrize("lang", LANGS)
async def test_the_changes_since_a_milestone_accept_and_reject_exactly_in_libreoffice(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    for language in LANGS:
        read = await anonymous.get(
            ARTICLE_URL, params={"language": language}, headers=who["secretariat"]
        )
        provisions = [dict(p) for p in read.json()["provisions"]]
        provisions[0]["text"] = NEW_TEXT[language]
        provisions.pop()  # the last provision goes
        published = await anonymous.post(
            f"{ARTICLE_URL}/versions",
            json={
                "language": language,
                "heading": read.json()["heading"] + " (revised)",
                "provisions": provisions,
            },
            headers={**who["secretariat"], "If-Match": read.headers["etag"]},
        )
        assert published.status_code == 201, published.text
    made = await anonymous.post(
        f"{API}/milestones", json={"name": "Draft after EGM 1"}, headers=who["secretariat"]
    )
    second = made.json()["id"]
    reader = who["observer"]
    since = await download(
        anonymous, f"{API}/export.docx", reader, language=lang, milestone=second, since=1
    )
    newer = await download(anonymous, f"{API}/export.docx", reader, language=lang, milestone=second)
    older = await download(anonymous, f"{API}/export.docx", reader, language=lang, milestone=1)
    label = first_article(since)
    assert_agrees(
        since,
        from_first_article(accepted(newer).paragraphs, label),
        from_first_article(accepted(older).paragraphs, label),
    )


def article_lines(label: str, article: dict[str, Any], heading: str | None = None) -> list[str]:
    """An article as the file shows it: its label, heading, "number<tab>text" lines."""
    provisions = [
        f"{p['number']}\t{p['text']}" if p["number"] else p["text"]
        for p in article["provisions"]
        if p["number"] or p["text"]
    ]
    return [label, heading if heading is not None else article["heading"], *provisions]


async def test_a_proposal_and_a_consolidation_accept_and_reject_exactly_in_libreoffice(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    fr, eg, _mx = await accepted_three(anonymous, who)  # opens the round too
    base = (await anonymous.get(ARTICLE_URL, headers=who["fr"])).json()
    second = base["provisions"][1]["text"]
    proposal = await propose(
        anonymous, who["fr"], {0: NEW_TEXT["en"], 1: second.replace(" ", " also ", 1)}
    )
    assert (await act(anonymous, who["fr"], proposal["id"], "table")).status_code == 200
    data = await download(
        anonymous,
        f"{ARTICLE_URL}/compare.docx",
        who["fr"],
        before=f"version:{base['seq']}",
        after=f"amendment:{proposal['id']}",
    )
    label = first_article(data)
    assert_agrees(
        data,
        article_lines(label, proposal, base["heading"]),
        article_lines(label, base),
    )

    read = await anonymous.get(ARTICLE_URL, headers=who["secretariat"])
    made = await anonymous.post(
        f"{ARTICLE_URL}/consolidation",
        json={"language": "en", "amendments": [fr["id"], eg["id"]]},
        headers={**who["secretariat"], "If-Match": read.headers["etag"]},
    )
    assert made.status_code == 201, made.text
    data = await download(
        anonymous,
        f"{ARTICLE_URL}/compare.docx",
        who["secretariat"],
        before=f"version:{read.json()['seq']}",
        after=f"version:{made.json()['seq']}",
    )
    label = first_article(data)
    assert_agrees(data, article_lines(label, made.json()), article_lines(label, read.json()))


@pytest.mark.parametrize("lang", LANGS)
def test_the_synoptic_tables_proposals_accept_and_reject_in_libreoffice(lang: str) -> None:
    table = synoptic_table(lang)
    data = render(table, lang, default_labels())
    _title, _heading, old, new = TEXTS[lang]
    after = office_text(data, accept=True)
    before = office_text(data, accept=False)
    # The first proposal's cell for the first provision: its text once accepted, the base
    # text once rejected (the base column and the decision hold them too, once each).
    assert after.count(new[0]["text"]) == 2  # the proposal's cell and the decision
    assert before.count(new[0]["text"]) == 1  # the decision alone
    assert before.count(old[0]["text"]) == 3  # the base, and both proposals' cells


def test_articles_added_and_dropped_accept_and_reject_in_libreoffice() -> None:
    _title, heading, old, _new = TEXTS["en"]

    def article(number: str, before: list[Provision], after: list[Provision],
                old_heading: str, new_heading: str) -> ArticleComparison:  # fmt: skip
        return ArticleComparison(
            f"art_{number}",
            number,
            "en",
            Side("2007 text", old_heading, before, None),
            Side("Draft after EGM 1", new_heading, after, None),
            tuple(diff_words(old_heading, new_heading)),
            diff_provisions(before, after),
            "model-law",
        )

    added: list[Provision] = [{"id": "art_2__para_1", "number": "1", "text": "Brand new."}]
    dropped: list[Provision] = [{"id": "art_3__para_1", "number": "1", "text": "Old, gone."}]
    document = InstrumentComparison(
        instrument="model-law",
        title=TEXTS["en"][0],
        language="en",
        before_label="2007 text",
        after_label="Draft after EGM 1",
        illustrative=True,
        articles=[
            article("1", old, old[:2], heading, heading),  # its last provisions go
            article("2", [], added, "", "New article"),
            article("3", dropped, [], "Old article", ""),
        ],
    )
    data = render(document, "en", default_labels())
    assert_agrees(
        data,
        [*lines(heading, old[:2]), "Article 2", "New article", "1\tBrand new."],
        [*lines(heading, old), "Article 3", "Old article", "1\tOld, gone."],
    )

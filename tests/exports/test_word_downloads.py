"""Every comparison the platform offers downloads as a .docx whose changes are real revisions
signed by who made them: a proposal by its delegation, a draft by the secretariat, a
consolidated change by the proposals it came from. Accepting them all gives the newer text,
rejecting them all the older, provision by provision, in English, Arabic and Chinese; a clean
file sits beside each; the whole instrument for a milestone is the document the secretariat
circulates (title block, headings, right to left in Arabic, East Asian fonts in Chinese), with
the changes since an earlier milestone on request."""

from __future__ import annotations

from typing import Any

import pytest
from docx.oxml.ns import qn
from httpx import AsyncClient
from lxml import html
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.text.wordmarks import (
    PROPERTY_INSTRUMENT,
    PROPERTY_LANGUAGE,
    PROPERTY_SHOWS,
    provision_bookmark,
    version_id,
)
from tests.fixtures.clients import FRANCE, people, sign_in
from tests.fixtures.factories import (
    ARTICLE_URL,
    accepted_three,
    act,
    edited,
    open_round,
    propose,
)
from tests.fixtures.wordfiles import (
    accepted,
    authors_by_bookmark,
    body,
    properties,
    rejected,
    revisions,
    w,
)

API = "/api/v1/instruments/model-law"
LANGS = ["en", "ar", "zh"]
NEW_TEXT = {
    "en": "The requested State shall execute the request, including electronic evidence.",
    "ar": "تنفذ الدولة المتلقية الطلب، بما في ذلك الأدلة الإلكترونية.",
    "zh": "被请求国应执行请求，包括电子证据。",
}


def provision_texts(provisions: list[dict[str, Any]]) -> dict[str, str]:
    """What each provision's bookmark spans: its number, a tab, its text."""
    return {
        provision_bookmark(p["id"]): f"{p['number']}\t{p['text']}" if p["number"] else p["text"]
        for p in provisions
    }


def provisions_only(bookmarks: dict[str, str]) -> dict[str, str]:
    """The provision bookmarks that hold text (a deleted provision's is left empty)."""
    return {k: v for k, v in bookmarks.items() if version_id(k) is None and v}


async def publish_in(client: AsyncClient, who: dict[str, str], language: str) -> None:
    """The secretariat publishes a new version of Article 3 in ``language``."""
    read = await client.get(ARTICLE_URL, params={"language": language}, headers=who)
    body_, etag = read.json(), read.headers["etag"]
    response = await client.post(
        f"{ARTICLE_URL}/versions",
        json=edited(body_, NEW_TEXT[language], language),
        headers={**who, "If-Match": etag},
    )
    assert response.status_code == 201, response.text


async def download(client: AsyncClient, url: str, who: dict[str, str], **params: Any) -> bytes:
    # No params: the URL's own query stands (httpx would replace it by an empty one).
    response = await client.get(url, params=params or None, headers=who)
    assert response.status_code == 200, response.text
    assert "wordprocessingml" in response.headers["content-type"]
    return response.content


async def test_a_proposal_against_its_base_is_signed_by_its_delegation(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    base = (await anonymous.get(ARTICLE_URL, headers=who["fr"])).json()
    first = base["provisions"][0]["text"]
    made = await propose(anonymous, who["fr"], {0: first.replace("is in force", "applies")})
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    tabled = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    data = await download(
        anonymous,
        f"{ARTICLE_URL}/compare.docx",
        who["fr"],
        before=f"version:{base['seq']}",
        after=f"amendment:{made['id']}",
    )
    changes = revisions(data)
    assert changes
    assert {c.author for c in changes} == {"France"}
    assert {c.date[:16] for c in changes} == {tabled["tabled_at"][:16]}
    assert provisions_only(accepted(data).bookmarks) == provision_texts(tabled["provisions"])
    assert provisions_only(rejected(data).bookmarks) == provision_texts(base["provisions"])


async def test_a_consolidated_change_is_signed_by_the_proposals_it_came_from(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    fr, eg, _mx = await accepted_three(anonymous, who)
    read = await anonymous.get(ARTICLE_URL, headers=who["secretariat"])
    before = read.json()
    made = await anonymous.post(
        f"{ARTICLE_URL}/consolidation",
        json={"language": "en", "amendments": [fr["id"], eg["id"]]},
        headers={**who["secretariat"], "If-Match": read.headers["etag"]},
    )
    assert made.status_code == 201, made.text
    after = made.json()
    data = await download(
        anonymous,
        f"{ARTICLE_URL}/compare.docx",
        who["secretariat"],
        before=f"version:{before['seq']}",
        after=f"version:{after['seq']}",
    )
    authors = authors_by_bookmark(data)
    assert authors["dr_art_3__para_1"] == {f"Amendment {fr['number']} (France)"}
    assert authors["dr_art_3__para_2"] == {f"Amendment {eg['number']} (Egypt)"}
    assert provisions_only(accepted(data).bookmarks) == provision_texts(after["provisions"])
    assert provisions_only(rejected(data).bookmarks) == provision_texts(before["provisions"])


@pytest.mark.parametrize("lang", LANGS)
async def test_a_draft_against_the_2007_text_is_signed_by_the_secretariat(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    await publish_in(anonymous, who["secretariat"], lang)
    latest = (
        await anonymous.get(ARTICLE_URL, params={"language": lang}, headers=who["secretariat"])
    ).json()
    base = (
        await anonymous.get(
            ARTICLE_URL,
            params={"language": lang, "milestone": "2007 text"},
            headers=who["observer"],
        )
    ).json()
    data = await download(
        anonymous, f"{ARTICLE_URL}/compare.docx", who["secretariat"], language=lang
    )
    changes = revisions(data)
    assert len({c.author for c in changes}) == 1
    if lang == "en":
        assert {c.author for c in changes} == {"Secretariat"}
    assert provisions_only(accepted(data).bookmarks) == provision_texts(latest["provisions"])
    assert provisions_only(rejected(data).bookmarks) == provision_texts(base["provisions"])
    assert properties(data)[PROPERTY_LANGUAGE] == lang
    assert properties(data)[PROPERTY_INSTRUMENT] == "model-law"


async def two_milestones(client: AsyncClient, who: dict[str, dict[str, str]]) -> int:
    """Article 3 changed in English, Arabic and Chinese, then a second milestone: its id."""
    for lang in LANGS:
        await publish_in(client, who["secretariat"], lang)
    made = await client.post(
        f"{API}/milestones", json={"name": "Draft after EGM 1"}, headers=who["secretariat"]
    )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


@pytest.mark.parametrize("lang", LANGS)
async def test_milestone_against_milestone_accepts_to_the_newer_and_rejects_to_the_older(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    second = await two_milestones(anonymous, who)
    reader = who["observer"]
    newer = await download(anonymous, f"{API}/export.docx", reader, language=lang, milestone=second)
    older = await download(anonymous, f"{API}/export.docx", reader, language=lang, milestone=1)
    assert revisions(newer) == revisions(older) == []
    compared = await download(
        anonymous, f"{API}/compare.docx", reader, language=lang, before=1, after=second
    )
    assert revisions(compared)
    assert provisions_only(accepted(compared).bookmarks) == provisions_only(
        accepted(newer).bookmarks
    )
    assert provisions_only(rejected(compared).bookmarks) == provisions_only(
        accepted(older).bookmarks
    )
    # The same, from the whole-instrument document with the changes since the first.
    since = await download(
        anonymous, f"{API}/export.docx", reader, language=lang, milestone=second, since=1
    )
    assert provisions_only(accepted(since).bookmarks) == provisions_only(accepted(newer).bookmarks)
    assert provisions_only(rejected(since).bookmarks) == provisions_only(accepted(older).bookmarks)
    # The clean file beside it: the newer text, no revisions.
    clean = await download(
        anonymous, f"{API}/compare.docx-clean", reader, language=lang, before=1, after=second
    )
    assert revisions(clean) == []
    assert provisions_only(accepted(clean).bookmarks) == provisions_only(accepted(newer).bookmarks)
    assert properties(clean)[PROPERTY_SHOWS] == "Draft after EGM 1"
    assert properties(compared)[PROPERTY_SHOWS] == "compare 2007 text..Draft after EGM 1"
    assert properties(newer)[PROPERTY_SHOWS] == f"milestone {second}"


@pytest.mark.parametrize("lang", LANGS)
async def test_the_circulated_document_has_its_title_block_headings_and_script(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    data = await download(
        anonymous, f"{API}/export.docx", who["observer"], language=lang, milestone="2007 text"
    )
    text = accepted(data).text
    title = (await anonymous.get(API, headers=who["observer"])).json()["title"]
    assert text[0] == title[lang]
    assert text[1] == "2007 text"
    assert len(text[3].split(" · ")) == 2  # the language's name and the milestone's date
    root = body(data)
    styles = [p.find(f"{w('pPr')}/{w('pStyle')}") for p in root.iter(w("p"))]
    headings = [s.get(w("val")) for s in styles if s is not None]
    milestone = await anonymous.get(
        f"{API}/milestones/1", params={"language": lang}, headers=who["observer"]
    )
    count = len(milestone.json()["articles"])
    assert headings.count("Heading1") == count  # one per article: Word's navigation pane
    versions = [version_id(b.get(w("name"))) for b in root.iter(w("bookmarkStart"))]
    assert len([v for v in versions if v is not None]) == count
    assert properties(data) == {
        PROPERTY_INSTRUMENT: "model-law",
        PROPERTY_LANGUAGE: lang,
        PROPERTY_SHOWS: "milestone 1",
    }
    section = root.find(w("sectPr"))
    if lang == "ar":
        assert section.find(w("bidi")) is not None
    else:
        assert section.find(w("bidi")) is None
    if lang == "zh":
        fonts = [r.find(f"{w('rPr')}/{w('rFonts')}") for r in root.iter(w("r"))]
        assert any(f is not None and f.get(qn("w:eastAsia")) for f in fonts)


async def test_the_menus_offer_the_clean_file_and_the_changes_since_a_milestone(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    second = await two_milestones(anonymous, who)
    await sign_in(anonymous, email=FRANCE)
    compare = html.fromstring(
        (await anonymous.get("/instruments/model-law/articles/art_3/compare")).text
    )
    formats = compare.xpath("//details[@class='downloads']//a/@data-format")
    assert "docx-clean" in formats
    assert "DOCX (without revisions)" in compare.xpath("//details//a/text()")
    contents = html.fromstring(
        (await anonymous.get("/instruments/model-law", params={"milestone": second})).text
    )
    assert "docx-clean" not in contents.xpath("//details[@class='downloads']//a/@data-format")
    since = contents.xpath("//a[@data-since]")
    assert [a.text_content() for a in since] == ["2007 text"]
    href = since[0].get("href")
    assert href.startswith("/api/v1/instruments/model-law/export.docx?")
    assert "since=1" in href
    data = await download(anonymous, href, {})
    # In the reader's language, the text of the second milestone compared with the first.
    assert properties(data)[PROPERTY_SHOWS] == "compare 2007 text..Draft after EGM 1"

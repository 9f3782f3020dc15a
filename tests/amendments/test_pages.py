"""The amendment pages, as a delegate and the secretariat use them."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import csrf_token, people, sign_in, signed_in
from tests.fixtures.factories import open_round


def editor_form(csrf: str, first_text: str) -> dict[str, object]:
    return {
        "csrf_token": csrf,
        "language": "en",
        "heading": "Relationship with treaties",
        "justification": "Clearer wording.",
        "note": "Happy to discuss.",
        "provision_id": ["art_3__para_1", "art_3__para_2", "art_3__para_3", "art_3__para_4", ""],
        "number": ["1", "2", "3", "4", "5"],
        "text": [first_text, "Second.", "Third.", "Fourth.", "A new fifth paragraph."],
        "position": ["1", "2", "3", "4", "5"],
        "remove": ["art_3__para_3"],
    }


async def test_a_delegate_proposes_tables_and_the_secretariat_decides(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    form = await anonymous.get("/instruments/model-law/articles/art_3/propose?text=en")
    assert form.status_code == 200
    assert 'name="provision_id" value="art_3__para_1"' in form.text
    assert "/static/amendments.js" in form.text
    csrf = await csrf_token(anonymous)
    created = await anonymous.post(
        "/instruments/model-law/articles/art_3/propose",
        data=editor_form(csrf, "A reworded first paragraph."),
    )
    assert created.status_code == 303
    page = await anonymous.get(created.headers["location"])
    assert "Draft: only your delegation sees it" in page.text
    assert "<ins>" in page.text
    assert "<del>" in page.text
    assert "new provision" in page.text
    assert "provision deleted" in page.text
    assert "Tabling deadline:" in page.text
    assert "data-countdown" in page.text
    assert "Happy to discuss." in page.text
    etag = page.text.split('name="etag" value="')[1].split('"')[0]
    tabled = await anonymous.post(
        created.headers["location"] + "/transition",
        data={"csrf_token": csrf, "etag": etag.replace("&#34;", '"'), "action": "table"},
    )
    assert tabled.status_code == 303
    page = await anonymous.get(created.headers["location"])
    assert "tabled" in page.text
    # Another delegation co-sponsors it from the page.
    anonymous.cookies.clear()
    csrf = await signed_in(anonymous, "delegate.eg@draftroom.example")
    page = await anonymous.get(created.headers["location"])
    assert "Co-sponsor this amendment" in page.text
    assert "Happy to discuss." not in page.text  # the note is for the secretariat
    joined = await anonymous.post(
        created.headers["location"] + "/cosponsors", data={"csrf_token": csrf}
    )
    assert joined.status_code == 303
    page = await anonymous.get(created.headers["location"])
    assert "Egypt" in page.text
    assert "Stop co-sponsoring" in page.text
    # The secretariat's queue lists it; review and decide from the page.
    anonymous.cookies.clear()
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    queue = await anonymous.get("/instruments/model-law/review")
    assert created.headers["location"] in queue.text
    page = await anonymous.get(created.headers["location"])
    assert "Happy to discuss." in page.text
    etag = page.text.split('name="etag" value="')[1].split('"')[0].replace("&#34;", '"')
    await anonymous.post(
        created.headers["location"] + "/transition",
        data={"csrf_token": csrf, "etag": etag, "action": "review"},
    )
    page = await anonymous.get(created.headers["location"])
    assert "Accept with changes" in page.text
    contents = await anonymous.get("/instruments/model-law")
    row = contents.text.split('<tr id="art_3">')[1].split("</tr>")[0]
    assert "1 proposal" in row


async def test_the_proposal_count_and_propose_link_on_the_article_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3")
    assert "No proposal yet." in page.text
    assert "/instruments/model-law/articles/art_3/propose" in page.text
    anonymous.cookies.clear()
    await sign_in(anonymous, email="observer@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3")
    assert "/propose" not in page.text


async def test_the_live_preview_returns_the_diff(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = (
        await anonymous.get("/api/v1/instruments/model-law/articles/art_3", headers=who["fr"])
    ).json()
    response = await anonymous.post(
        "/api/v1/amendments/preview",
        json={
            "base_version": base["id"],
            "provisions": [
                {"id": "art_3__para_1", "number": "1", "text": "Where a treaty <b>applies</b>."}
            ],
        },
        headers={**who["fr"], "Accept-Language": "fr"},
    )
    rows = response.json()
    assert rows[0]["kind"] == "changed"
    assert "&lt;b&gt;" in rows[0]["html"]  # markup is shown as text, never run
    assert '<span class="visually-hidden">' in rows[0]["html"]
    assert {row["kind"] for row in rows[1:]} == {"deleted"}


async def test_rounds_page_opens_a_round_in_a_time_zone(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    made = await anonymous.post(
        "/instruments/model-law/rounds",
        data={
            "csrf_token": csrf,
            "name": "EGM 2",
            "deadline": "2031-06-30T18:00",
            "timezone": "Europe/Vienna",
            "articles": ["art_1", "art_2"],
        },
    )
    assert made.status_code == 303
    page = await anonymous.get("/instruments/model-law/rounds", params={"lang": "zh"})
    assert "EGM 2" in page.text
    assert "2031年6月30日" in page.text
    assert "Europe/Vienna" in page.text


async def test_a_new_article_and_a_deletion_are_proposed_from_the_pages(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    csrf = await signed_in(anonymous, "delegate.mx@draftroom.example")
    form = await anonymous.get("/instruments/model-law/propose-article")
    assert form.status_code == 200
    created = await anonymous.post(
        "/instruments/model-law/propose-article",
        data={
            "csrf_token": csrf,
            "language": "en",
            "article_number": "27 bis",
            "heading": "Electronic signatures",
            "justification": "Practice has moved on.",
            "provision_id": ["", ""],
            "number": ["1", "2"],
            "text": ["Requests may be signed electronically.", ""],
            "position": ["1", "2"],
        },
    )
    assert created.status_code == 303
    page = await anonymous.get(created.headers["location"])
    assert "a new article 27 bis" in page.text
    assert "Requests may be signed electronically." in page.text
    deletion = await anonymous.post(
        "/instruments/model-law/articles/art_31/propose-deletion",
        data={"csrf_token": csrf, "language": "en", "justification": "Redundant."},
    )
    page = await anonymous.get(deletion.headers["location"])
    assert "The article is to be deleted." in page.text
    assert "provision deleted" in page.text

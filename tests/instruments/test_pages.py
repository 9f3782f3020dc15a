"""The reader's pages: contents, an article in one to three languages, statuses."""

from __future__ import annotations

from httpx import AsyncClient

from draftroom.config import ROOT
from draftroom.kit.i18n import activate, gettext
from tests.fixtures.clients import sign_in


async def signed_in(client: AsyncClient, email: str = "delegate.fr@draftroom.example") -> None:
    status, _cookie = await sign_in(client, email=email)
    assert status == 303


async def test_pages_need_sign_in(anonymous: AsyncClient) -> None:
    response = await anonymous.get("/instruments/model-law", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/instruments/model-law"


async def test_home_lists_the_demo_instrument_labelled_illustrative(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get("/")
    assert page.status_code == 200
    assert "Model Law on Mutual Assistance in Criminal Matters" in page.text
    assert "Illustrative text, not the official Model Law" in page.text
    assert 'href="/instruments/model-law"' in page.text


async def test_contents_list_every_article_with_languages_and_status(
    anonymous: AsyncClient,
) -> None:
    await signed_in(anonymous)
    page = await anonymous.get("/instruments/model-law")
    assert page.status_code == 200
    assert page.text.count('<tr id="art_') == 32
    assert "Expedited preservation" in page.text
    assert "32 articles" in page.text
    assert "6 languages" in page.text
    assert "1 language" in page.text
    # Article 1 changed in English after the translations were made: they are outdated.
    row = page.text.split('<tr id="art_1">')[1].split("</tr>")[0]
    assert row.count("status-outdated") == 5
    row3 = page.text.split('<tr id="art_3">')[1].split("</tr>")[0]
    assert row3.count("status-current") == 5
    assert "Illustrative text, not the official Model Law" in page.text
    assert "Latest draft" in page.text


async def test_contents_in_arabic_are_right_to_left(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get("/instruments/model-law", params={"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'lang="ar" dir="rtl">القانون النموذجي' in page.text
    assert arabic("Illustrative text, not the official Model Law") in page.text


async def test_article_side_by_side_aligned_by_provision(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get(
        "/instruments/model-law/articles/art_2",
        params=[("text", "en"), ("text", "zh"), ("text", "ar")],
    )
    assert page.status_code == 200
    row = page.text.split('<tr id="art_2__text_1__point_a">')[1].split("</tr>")[0]
    assert '<td lang="en" dir="ltr">' in row
    assert '<td lang="zh" dir="ltr">' in row
    assert '<td lang="ar" dir="rtl">' in row
    assert "central authority" in row
    assert "中央机关" in row
    assert "السلطة المركزية" in row


async def test_article_marks_an_outdated_translation(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get(
        "/instruments/model-law/articles/art_1", params=[("text", "en"), ("text", "fr")]
    )
    header = page.text.split("<thead>")[1].split("</thead>")[0]
    assert "status-outdated" in header
    assert "outdated" in header


async def test_milestone_and_version_history(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    latest = await anonymous.get("/instruments/model-law/articles/art_29")
    assert "Version history" in latest.text
    assert latest.text.count('href="?text=en&amp;version=') == 2
    assert "art_29__new_1" in latest.text
    old = await anonymous.get(
        "/instruments/model-law/articles/art_29", params={"milestone": "2007 text"}
    )
    assert "Milestone: <bdi>2007 text</bdi>" in old.text
    assert "art_29__new_1" not in old.text
    first = await anonymous.get("/instruments/model-law/articles/art_29", params={"version": 1})
    assert "Version 1" in first.text
    assert "art_29__new_1" not in first.text


async def test_more_than_three_columns_is_refused(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get(
        "/instruments/model-law/articles/art_1",
        params=[("text", c) for c in ("en", "fr", "es", "ru")],
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 422
    assert "Up to 3 languages" in page.text


def arabic(message: str) -> str:
    activate("ar", ROOT / "locales")
    try:
        return gettext(message)
    finally:
        activate("en", ROOT / "locales")


async def test_dates_and_words_follow_the_reader(anonymous: AsyncClient) -> None:
    await signed_in(anonymous)
    page = await anonymous.get("/instruments/model-law/articles/art_1", params={"lang": "ar"})
    history = page.text.split('id="history"')[1]
    # Babel's Arabic date: day/month/year with right-to-left marks, and the Arabic AM/PM.
    assert "\u200f/" in history
    assert " ص" in history or " م" in history
    assert arabic("Version history") != "Version history"
    assert arabic("Version history") in page.text
    english = await anonymous.get("/instruments/model-law/articles/art_1", params={"lang": "en"})
    assert "Version history" in english.text

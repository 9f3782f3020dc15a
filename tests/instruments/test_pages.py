"""The plain pages: the instrument list and its articles, labelled illustrative."""

from __future__ import annotations

from httpx import AsyncClient


async def test_home_lists_the_demo_instrument_labelled_illustrative(client: AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert "Model Law on Mutual Assistance in Criminal Matters" in page.text
    assert "Illustrative text, not the official Model Law" in page.text
    assert 'href="/instruments/model-law"' in page.text


async def test_instrument_page_lists_every_article(client: AsyncClient) -> None:
    page = await client.get("/instruments/model-law")
    assert page.status_code == 200
    assert page.text.count('<tr id="art_') == 32
    assert "Expedited preservation" in page.text
    assert "32 articles" in page.text


async def test_instrument_page_in_arabic_is_right_to_left(client: AsyncClient) -> None:
    page = await client.get("/instruments/model-law", params={"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'lang="ar" dir="rtl">القانون النموذجي' in page.text

"""Observers read the published milestones only, and write nothing."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import Tokens, auth, sign_in

ARTICLE = "/api/v1/instruments/model-law/articles/art_29"


async def test_observers_read_milestones_not_the_working_drafts(
    anonymous: AsyncClient, tokens: Tokens
) -> None:
    observer = auth(tokens.observer)
    latest = await anonymous.get(ARTICLE, headers=observer)
    assert latest.status_code == 403
    assert latest.json()["detail"].startswith("Observers read the published milestones")
    published = await anonymous.get(ARTICLE, params={"milestone": "2007 text"}, headers=observer)
    assert published.status_code == 200
    assert "art_29__new_1" not in published.text
    versions = await anonymous.get(f"{ARTICLE}/versions", headers=observer)
    assert versions.status_code == 403
    between = await anonymous.get(
        "/api/v1/instruments/model-law/compare", params={"after": "2007 text"}, headers=observer
    )
    assert between.status_code == 200


async def test_the_observers_reader_opens_on_the_latest_milestone(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="observer@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_29")
    assert page.status_code == 200
    assert "Milestone: <bdi>2007 text</bdi>" in page.text
    assert "art_29__new_1" not in page.text
    assert "Version history" not in page.text
    assert ">Latest draft</option>" not in page.text
    refused = await anonymous.get(
        "/instruments/model-law/articles/art_29",
        params={"version": 2},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403

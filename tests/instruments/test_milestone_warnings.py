"""Publishing a milestone while translations lag behind warns, lists them, never refuses."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import Tokens, auth, signed_in
from tests.fixtures.factories import ARTICLE_URL, current, edited

MILESTONES = "/api/v1/instruments/model-law/milestones"


async def test_the_api_publishes_and_lists_the_translations_left_outdated(
    client: AsyncClient, tokens: Tokens
) -> None:
    body, etag = await current(client)
    await client.post(
        f"{ARTICLE_URL}/versions",
        json=edited(body, "Text agreed in the room."),
        headers={**auth(tokens.secretariat), "If-Match": etag},
    )
    created = await client.post(
        MILESTONES,
        json={"name": "Draft after EGM 1"},
        headers={**auth(tokens.secretariat), "Accept-Language": "fr"},
    )
    assert created.status_code == 201
    warnings = created.json()["warnings"]
    outdated = {(w["article"], w["language"]) for w in warnings if w["status"] == "outdated"}
    assert {("art_3", code) for code in ("ar", "es", "fr", "ru", "zh")} <= outdated
    arabic = next(w for w in warnings if w["article"] == "art_3" and w["language"] == "ar")
    assert "arabe" in arabic["detail"]
    listed = (await client.get(MILESTONES)).json()["items"]
    assert "Draft after EGM 1" in [m["name"] for m in listed]


async def test_the_page_asks_for_confirmation_then_publishes_all_the_same(
    anonymous: AsyncClient, client: AsyncClient, tokens: Tokens
) -> None:
    body, etag = await current(client)
    await client.post(
        f"{ARTICLE_URL}/versions",
        json=edited(body, "Text agreed in the room."),
        headers={**auth(tokens.secretariat), "If-Match": etag},
    )
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    form = {"csrf_token": csrf, "name": "Draft after EGM 1", "note": "Friday"}
    asked = await anonymous.post("/instruments/model-law/milestones", data=form)
    assert asked.status_code == 200
    assert "Some translations are not up to date" in asked.text
    assert "Arabic" in asked.text
    assert "outdated" in asked.text
    assert 'value="Draft after EGM 1"' in asked.text
    assert 'name="confirmed" value="1"' in asked.text
    listed = (await client.get(MILESTONES)).json()["items"]
    assert "Draft after EGM 1" not in [m["name"] for m in listed]
    done = await anonymous.post(
        "/instruments/model-law/milestones", data={**form, "confirmed": "1"}
    )
    assert done.status_code == 303
    listed = (await client.get(MILESTONES)).json()["items"]
    assert "Draft after EGM 1" in [m["name"] for m in listed]

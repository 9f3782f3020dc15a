"""Publishing versions and milestones: never overwriting, never losing a concurrent change."""

from __future__ import annotations

import unicodedata

from httpx import AsyncClient

from tests.fixtures.clients import Tokens, auth
from tests.fixtures.factories import current, edited

ARTICLE = "/api/v1/instruments/model-law/articles/art_3"


async def count_versions(client: AsyncClient) -> int:
    response = await client.get(f"{ARTICLE}/versions")
    return int(response.json()["total"])


async def test_secretariat_publishes_a_new_version_and_the_old_one_stays(
    client: AsyncClient, tokens: Tokens
) -> None:
    body, etag = await current(client)
    response = await client.post(
        f"{ARTICLE}/versions",
        json={**edited(body, "A reworded first paragraph."), "label": "Rev. 1"},
        headers={**auth(tokens.secretariat), "If-Match": etag},
    )
    assert response.status_code == 201
    new = response.json()
    assert new["seq"] == body["seq"] + 1
    assert new["parent_id"] == body["id"]
    assert new["provisions"][0]["text"] == "A reworded first paragraph."
    assert response.headers["etag"] != etag
    old = (await client.get(ARTICLE, params={"version": body["seq"]})).json()
    assert old == body


async def test_a_stale_if_match_is_refused_and_nothing_is_written(
    client: AsyncClient, tokens: Tokens
) -> None:
    body, etag = await current(client)
    headers = {**auth(tokens.secretariat), "If-Match": etag}
    first = await client.post(f"{ARTICLE}/versions", json=edited(body, "First."), headers=headers)
    assert first.status_code == 201
    before = await count_versions(client)
    second = await client.post(f"{ARTICLE}/versions", json=edited(body, "Second."), headers=headers)
    assert second.status_code == 412
    assert second.json()["error"] == "PreconditionFailed"
    assert await count_versions(client) == before
    assert (await current(client))[0]["provisions"][0]["text"] == "First."


async def test_a_missing_if_match_is_428(client: AsyncClient, tokens: Tokens) -> None:
    body, _etag = await current(client)
    before = await count_versions(client)
    response = await client.post(
        f"{ARTICLE}/versions", json=edited(body, "No header."), headers=auth(tokens.secretariat)
    )
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert await count_versions(client) == before


async def test_writing_needs_a_token_and_the_secretariat_role(
    client: AsyncClient, anonymous: AsyncClient, tokens: Tokens
) -> None:
    body, etag = await current(client)
    refused = await anonymous.post(
        f"{ARTICLE}/versions", json=edited(body, "x"), headers={"If-Match": etag}
    )
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    bad = await anonymous.post(
        f"{ARTICLE}/versions",
        json=edited(body, "x"),
        headers={**auth("drt_wrong"), "If-Match": etag},
    )
    assert bad.status_code == 401
    for token in (tokens.participant, tokens.observer):
        response = await client.post(
            f"{ARTICLE}/versions", json=edited(body, "x"), headers={**auth(token), "If-Match": etag}
        )
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
    assert (await current(client))[1] == etag


async def test_bad_input_is_422_and_writes_nothing(client: AsyncClient, tokens: Tokens) -> None:
    body, etag = await current(client)
    headers = {**auth(tokens.secretariat), "If-Match": etag}
    before = await count_versions(client)
    cases = [
        (edited(body, "x" * 20_001), "TextTooLong"),
        (edited(body, "   "), "InvalidInput"),
        ({**edited(body, "ok"), "language": "xx"}, "UnknownLanguage"),
        ({**edited(body, "ok"), "provisions": []}, "InvalidInput"),
        ({**edited(body, "ok"), "heading": ""}, "InvalidInput"),
        ({"language": "en"}, "InvalidInput"),
    ]
    duplicate = edited(body, "ok")
    duplicate["provisions"][1]["id"] = duplicate["provisions"][0]["id"]
    cases.append((duplicate, "DuplicateProvisionId"))
    for payload, error in cases:
        response = await client.post(f"{ARTICLE}/versions", json=payload, headers=headers)
        assert response.status_code == 422, payload
        assert response.json()["error"] == error
    assert await count_versions(client) == before


async def test_text_is_stored_nfc_normalised(client: AsyncClient, tokens: Tokens) -> None:
    body, etag = await current(client)
    decomposed = unicodedata.normalize("NFD", "La coopération  judiciaire\nest réciproque.")
    response = await client.post(
        f"{ARTICLE}/versions",
        json=edited(body, decomposed),
        headers={**auth(tokens.secretariat), "If-Match": etag},
    )
    text = response.json()["provisions"][0]["text"]
    assert text == "La coopération judiciaire est réciproque."
    assert unicodedata.is_normalized("NFC", text)


async def test_new_provisions_get_a_stable_id(client: AsyncClient, tokens: Tokens) -> None:
    body, etag = await current(client)
    payload = edited(body, body["provisions"][0]["text"])
    payload["provisions"].append({"number": "5", "text": "A new paragraph."})
    response = await client.post(
        f"{ARTICLE}/versions", json=payload, headers={**auth(tokens.secretariat), "If-Match": etag}
    )
    new_id = response.json()["provisions"][-1]["id"]
    assert new_id.startswith("art_3__p_")
    assert [p["id"] for p in response.json()["provisions"][:-1]] == [
        p["id"] for p in body["provisions"]
    ]


async def test_a_first_translation_needs_no_if_match_and_records_its_source(
    client: AsyncClient, tokens: Tokens
) -> None:
    article = "/api/v1/instruments/model-law/articles/art_20"
    source = (await client.get(article)).json()
    missing = await client.get(article, params={"language": "zh"})
    assert missing.status_code == 404
    response = await client.post(
        f"{article}/versions",
        json={
            "language": "zh",
            "heading": "第二十条",
            "provisions": [
                {"id": p["id"], "number": p["number"], "text": f"第{i}款。"}
                for i, p in enumerate(source["provisions"], start=1)
            ],
        },
        headers=auth(tokens.secretariat),
    )
    assert response.status_code == 201
    assert response.json()["translated_from_id"] == source["id"]


async def test_milestones_snapshot_the_current_text(client: AsyncClient, tokens: Tokens) -> None:
    body, etag = await current(client)
    await client.post(
        f"{ARTICLE}/versions",
        json=edited(body, "Text agreed in the room."),
        headers={**auth(tokens.secretariat), "If-Match": etag},
    )
    created = await client.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": "Draft after EGM 1", "note": "Agreed on Friday"},
        headers=auth(tokens.secretariat),
    )
    assert created.status_code == 201
    again = await client.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": "Draft after EGM 1"},
        headers=auth(tokens.secretariat),
    )
    assert again.status_code == 409
    snapshot = await client.get(ARTICLE, params={"milestone": "Draft after EGM 1"})
    assert snapshot.json()["provisions"][0]["text"] == "Text agreed in the room."
    observer = await client.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": "Mine"},
        headers=auth(tokens.observer),
    )
    assert observer.status_code == 403

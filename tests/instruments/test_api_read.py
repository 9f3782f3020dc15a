"""Reading the Model Law through the API: outline, articles per language, versions."""

from __future__ import annotations

from httpx import AsyncClient

BASE = "/api/v1/instruments/model-law"


async def test_instruments_are_listed_with_pagination(client: AsyncClient) -> None:
    response = await client.get("/api/v1/instruments", params={"limit": 1})
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 1
    assert page["limit"] == 1
    assert page["offset"] == 0
    assert page["items"][0]["slug"] == "model-law"
    assert page["items"][0]["illustrative"] is True
    assert page["items"][0]["title"]["zh"] == "刑事事项互助示范法"


async def test_outline_lists_articles_in_order_with_their_languages(client: AsyncClient) -> None:
    body = (await client.get(BASE)).json()
    numbers = [a["number"] for a in body["articles"]]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(numbers) >= 25
    first = body["articles"][0]
    assert first["key"] == "art_1"
    assert first["languages"] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert body["articles"][-1]["languages"] == ["en"]


async def test_article_reads_in_every_language_it_exists_in(client: AsyncClient) -> None:
    for language, word in [
        ("en", "mutual assistance"),
        ("fr", "entraide"),
        ("es", "asistencia"),
        ("ru", "помощ"),
        ("zh", "互助"),
        ("ar", "المساعدة"),
    ]:
        response = await client.get(f"{BASE}/articles/art_1", params={"language": language})
        assert response.status_code == 200, language
        body = response.json()
        assert body["language"] == language
        assert word in " ".join(p["text"] for p in body["provisions"]), language
        assert body["provisions"][0]["id"] == "art_1__para_1"


async def test_latest_version_is_the_draft_and_the_milestone_keeps_the_2007_text(
    client: AsyncClient,
) -> None:
    latest = (await client.get(f"{BASE}/articles/art_29")).json()
    base = (await client.get(f"{BASE}/articles/art_29", params={"milestone": "2007 text"})).json()
    first = (await client.get(f"{BASE}/articles/art_29", params={"version": 1})).json()
    assert latest["seq"] == 2
    assert latest["label"] == "Draft after EGM 1"
    assert base == first
    assert latest["parent_id"] == base["id"]
    # Inserted provisions are new ids; the old ones keep theirs while renumbered.
    latest_ids = [p["id"] for p in latest["provisions"]]
    assert "art_29__new_1" in latest_ids
    moved = next(p for p in latest["provisions"] if p["id"] == "art_29__para_3")
    assert moved["number"] == "4"


async def test_versions_are_listed_newest_first(client: AsyncClient) -> None:
    response = await client.get(f"{BASE}/articles/art_1/versions", params={"language": "en"})
    body = response.json()
    assert [v["seq"] for v in body["items"]] == [2, 1]
    assert body["total"] == 2


async def test_etag_gives_304_when_nothing_changed(client: AsyncClient) -> None:
    first = await client.get(f"{BASE}/articles/art_1", params={"language": "fr"})
    etag = first.headers["etag"]
    again = await client.get(
        f"{BASE}/articles/art_1", params={"language": "fr"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


async def test_what_a_signed_in_reader_reads_is_never_stored(client: AsyncClient) -> None:
    # A given version never changes, but it is a signed-in reader's text: no cache keeps
    # it (a client revalidates with If-None-Match instead, and gets 304).
    response = await client.get(f"{BASE}/articles/art_1", params={"version": 1})
    assert response.headers["cache-control"] == "no-store"
    latest = await client.get(f"{BASE}/articles/art_1")
    assert latest.headers["cache-control"] == "no-store"
    again = await client.get(
        f"{BASE}/articles/art_1",
        params={"version": 1},
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304


async def test_unknown_language_is_refused_naming_the_six(client: AsyncClient) -> None:
    response = await client.get(f"{BASE}/articles/art_1", params={"language": "de"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "UnknownLanguage"
    assert "ar, zh, en, fr, ru, es" in body["detail"]


async def test_unknown_ids_are_404(client: AsyncClient) -> None:
    cases: list[tuple[str, dict[str, str | int]]] = [
        ("/api/v1/instruments/nope", {}),
        (f"{BASE}/articles/art_999", {}),
        (f"{BASE}/articles/art_1", {"version": 99}),
        (f"{BASE}/articles/art_30", {"language": "zh"}),
        (f"{BASE}/articles/art_1", {"milestone": "No such milestone"}),
    ]
    for path, params in cases:
        response = await client.get(path, params=params)
        assert response.status_code == 404, path
        assert response.json()["error"] == "NotFound"


async def test_unknown_route_answers_in_the_error_shape(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": "NotFound", "detail": "Not found."}


async def test_whole_instrument_as_of_a_milestone(client: AsyncClient) -> None:
    milestones = (await client.get(f"{BASE}/milestones")).json()
    assert [m["name"] for m in milestones["items"]] == ["2007 text"]
    response = await client.get(f"{BASE}/milestones/2007 text", params={"language": "zh"})
    body = response.json()
    assert body["language"] == "zh"
    assert [a["article"] for a in body["articles"]][:2] == ["art_1", "art_2"]
    assert all(a["seq"] == 1 for a in body["articles"])

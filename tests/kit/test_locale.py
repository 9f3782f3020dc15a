"""The reader's language: ?lang= (remembered), cookie, Accept-Language with q-values, English."""

from __future__ import annotations

from httpx import AsyncClient

from draftroom.kit.i18n import negotiate, parse_accept_language

SIX = ("ar", "zh", "en", "fr", "ru", "es")


def test_accept_language_is_ordered_by_quality() -> None:
    assert parse_accept_language("fr;q=0.5, zh-Hans-CN, ru;q=0.9, de;q=0") == [
        "zh-Hans-CN",
        "ru",
        "fr",
    ]
    assert parse_accept_language("") == []
    assert parse_accept_language("en;q=bogus, es") == ["es"]


def test_negotiation_order() -> None:
    assert negotiate("ar", "fr", "zh", SIX) == "ar"
    assert negotiate(None, "fr", "zh", SIX) == "fr"
    assert negotiate(None, "xx", "de, zh-TW;q=0.8", SIX) == "zh"
    assert negotiate(None, None, "de, it", SIX) == "en"
    assert negotiate(None, "fr", None, SIX, user_lang="ru") == "ru"


async def test_responses_say_their_language_and_vary(client: AsyncClient) -> None:
    response = await client.get("/", headers={"Accept-Language": "ru, en;q=0.5"})
    assert response.headers["content-language"] == "ru"
    assert "Accept-Language" in response.headers["vary"]
    assert '<html lang="ru" dir="ltr">' in response.text


async def test_lang_parameter_is_remembered_in_a_cookie(client: AsyncClient) -> None:
    response = await client.get("/", params={"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "draftroom_lang=ar" in response.headers["set-cookie"]
    later = await client.get("/", headers={"Accept-Language": "fr"})
    assert later.headers["content-language"] == "ar"


async def test_errors_come_in_the_readers_language(client: AsyncClient) -> None:
    response = await client.get(
        "/api/v1/instruments/model-law/articles/art_1",
        params={"language": "de"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert response.headers["content-language"] == "fr"
    assert response.json()["detail"].startswith("Langue inconnue")
    assert "ar, zh, en, fr, ru, es" in response.json()["detail"]

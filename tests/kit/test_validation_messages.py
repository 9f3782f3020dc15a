"""The API explains each wrong field in the reader's language, and malformed JSON as such."""

from __future__ import annotations

from httpx import AsyncClient

from draftroom.kit.i18n import _
from tests.fixtures.clients import Tokens, auth
from tests.fixtures.forms import in_language

COMMENTS = "/api/v1/instruments/model-law/articles/art_1/comments"


async def test_a_missing_field_is_explained_in_the_readers_language(client: AsyncClient) -> None:
    response = await client.post(COMMENTS, json={}, headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.headers["content-language"] == "fr"
    with in_language("fr"):
        required = _("This field is required.")
    assert {"field": "body", "problem": required} in response.json()["fields"]
    assert "Field required" not in response.text


async def test_a_wrong_kind_of_value_is_explained_in_our_words(
    client: AsyncClient,
) -> None:
    response = await client.post(COMMENTS, json={"body": "A comment.", "parent": "first"})
    assert response.status_code == 422
    assert response.json()["fields"] == [{"field": "parent", "problem": "Give a whole number."}]


async def test_malformed_json_names_the_line_and_column_not_a_field(client: AsyncClient) -> None:
    response = await client.post(
        COMMENTS,
        content=b'{\n  "body": "An unfinished comment",\n  "language": }',
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "InvalidJson"
    assert body["detail"] == "The request body is not valid JSON (line 3, column 15)."
    assert body["fields"] == []


async def test_malformed_json_is_explained_in_french(client: AsyncClient) -> None:
    response = await client.post(
        COMMENTS,
        content=b'{"body": "x",}',
        headers={"Content-Type": "application/json", "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    with in_language("fr"):
        expected = _("The request body is not valid JSON (line {line}, column {column}).")
    assert response.json()["detail"] == expected.format(line=1, column=14)


async def test_a_service_refusal_about_one_input_names_the_field(
    client: AsyncClient, tokens: Tokens
) -> None:
    response = await client.post(
        "/api/v1/instruments/model-law/rounds",
        json={"name": "Late round", "deadline": "2020-01-01T10:00:00", "timezone": "UTC"},
        headers={**auth(tokens.secretariat), "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    with in_language("fr"):
        expected = _("The deadline must be in the future.")
    assert response.json()["detail"] == expected
    assert response.json()["fields"] == [{"field": "deadline", "problem": expected}]

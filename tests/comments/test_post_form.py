"""A refused new comment on the article page: the page again, the comment as typed, the
reason beside the field (or above the form for a quote the server rejects)."""

from __future__ import annotations

import html
import re

import pytest
from httpx import AsyncClient

from tests.fixtures.clients import csrf_token, sign_in, submit
from tests.fixtures.forms import field_error, shown

URL = "/instruments/model-law/articles/art_3/comments"
NOT_THERE = "The quoted words are not in this provision."


def body_of(page: str) -> str:
    found = re.search(r'<textarea[^>]*id="comment-body"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no comment box"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_a_forbidden_character_is_explained_beside_the_comment(
    anonymous: AsyncClient, lang: str
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    refused = await submit(
        anonymous,
        f"{URL}?lang={lang}",
        await csrf_token(anonymous),
        {"body": "Long\x07 typed comment."},
    )
    assert refused.status_code == 422
    assert shown("the comment", lang) in field_error(refused.text, "new-comment", "body")
    assert body_of(refused.text) == "Long\x07 typed comment."


async def test_a_rejected_quote_keeps_the_comment(anonymous: AsyncClient) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    refused = await submit(
        anonymous,
        f"{URL}?lang=fr",
        await csrf_token(anonymous),
        {
            "body": "This wording is unclear.",
            "provision": "art_3__para_1",
            "quote": "words that are nowhere",
        },
    )
    assert refused.status_code == 422
    message = re.search(
        r'<p class="error" id="new-comment-error" role="alert">(.*?)</p>', refused.text
    )
    assert message
    assert message.group(1) == shown(NOT_THERE, "fr")
    assert body_of(refused.text) == "This wording is unclear."
    assert 'name="quote" value="words that are nowhere"' in refused.text

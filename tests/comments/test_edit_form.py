"""A comment edit made on a stale page is not lost: the new wording stays in the form, beside
the comment as it now reads and the reason, in the reader's language."""

from __future__ import annotations

import re

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people, signed_in, submit
from tests.fixtures.forms import shown

URL = "/api/v1/instruments/model-law/articles/art_3/comments"
STALE = (
    "Someone else changed this in the meantime (current version {current}). "
    "Reload, review their change and try again."
)


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_a_stale_comment_edit_keeps_the_new_wording(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    made = await anonymous.post(URL, json={"body": "First words."}, headers=who["fr"])
    comment_id = made.json()["id"]
    stale_etag = made.headers["etag"]
    # The delegate's colleague rewords it through the API meanwhile.
    edited = await anonymous.patch(
        f"/api/v1/comments/{comment_id}",
        json={"body": "Colleague's words."},
        headers={**who["fr"], "If-Match": stale_etag},
    )
    assert edited.status_code == 200
    token = await signed_in(anonymous, "delegate.fr@draftroom.example")
    page = await submit(
        anonymous,
        f"/comments/{comment_id}/edit?lang={lang}",
        token,
        {"etag": stale_etag, "body": "My careful new wording."},
    )
    assert page.status_code == 412
    error = re.search(r'<p class="error" id="comment-error" role="alert">(.*?)</p>', page.text)
    assert error is not None
    assert error.group(1) == shown(STALE, lang, current=edited.json()["version"])
    textarea = re.search(r'<textarea id="edit-body-\d+"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert textarea is not None
    assert textarea.group(1) == "My careful new wording."
    current_body = re.search(r'<blockquote[^>]*id="current-body">(.*?)</blockquote>', page.text)
    assert current_body is not None
    assert current_body.group(1) == "Colleague&#39;s words."
    # The form now carries the current version: saving again goes through.
    fresh = re.search(r'name="etag" value="([^"]*)"', page.text)
    assert fresh is not None
    saved = await anonymous.post(
        f"/comments/{comment_id}/edit",
        data={"csrf_token": token, "etag": fresh.group(1).replace("&#34;", '"'), "body": "Final."},
    )
    assert saved.status_code == 303

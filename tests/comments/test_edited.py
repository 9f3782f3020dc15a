"""A comment reads "edited" only when its words changed: resolving and reopening it are
decisions about the thread, not edits."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import signed_in

ARTICLE = "/instruments/model-law/articles/art_4"


def _meta(page: str, comment_id: int) -> str:
    """The line above a comment's words: author, time, language, and "edited"/"resolved"."""
    block = page.split(f'id="comment-{comment_id}"')[1]
    return block.split('<p class="meta">')[1].split("</p>")[0]


def _etag(page: str, action: str) -> str:
    form = page.split(f'action="{action}"')[1].split("</form>")[0]
    return form.split('name="etag" value="')[1].split('"')[0].replace("&#34;", '"')


async def test_resolving_and_reopening_is_not_an_edit_but_changing_the_words_is(
    anonymous: AsyncClient,
) -> None:
    csrf = await signed_in(anonymous, "delegate.eg@draftroom.example")
    posted = await anonymous.post(
        f"{ARTICLE}/comments", data={"csrf_token": csrf, "body": "Settle this.", "language": "en"}
    )
    comment_id = int(posted.headers["location"].rsplit("comment-", 1)[1])
    page = (await anonymous.get(f"{ARTICLE}?text=en&lang=en")).text
    resolved = await anonymous.post(
        f"/comments/{comment_id}/resolve",
        data={"csrf_token": csrf, "etag": _etag(page, f"/comments/{comment_id}/resolve")},
    )
    assert resolved.status_code == 303
    page = (await anonymous.get(f"{ARTICLE}?text=en")).text
    assert "resolved" in _meta(page, comment_id)
    assert "edited" not in _meta(page, comment_id)
    reopened = await anonymous.post(
        f"/comments/{comment_id}/reopen",
        data={"csrf_token": csrf, "etag": _etag(page, f"/comments/{comment_id}/reopen")},
    )
    assert reopened.status_code == 303
    page = (await anonymous.get(f"{ARTICLE}?text=en")).text
    assert "edited" not in _meta(page, comment_id)
    edited = await anonymous.post(
        f"/comments/{comment_id}/edit",
        data={
            "csrf_token": csrf,
            "etag": _etag(page, f"/comments/{comment_id}/edit"),
            "body": "Settle this, please.",
        },
    )
    assert edited.status_code == 303
    page = (await anonymous.get(f"{ARTICLE}?text=en")).text
    assert "edited" in _meta(page, comment_id)
    assert "Settle this, please." in page

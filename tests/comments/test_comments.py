"""Comments: threads, quoted anchors re-found in newer text, edit history, tombstones,
resolve and reopen, visibility."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.models import CommentRevision
from draftroom.text.anchor import find
from tests.fixtures.clients import people, sign_in, signed_in, submit

URL = "/api/v1/instruments/model-law/articles/art_3/comments"
QUOTE = "the provisions of that treaty shall apply"


def test_a_quote_is_found_exactly_approximately_or_not_at_all() -> None:
    text = "Where a treaty is in force, the provisions of that treaty shall apply."
    assert find(text, "the provisions of that treaty") == (28, 57)
    reworded = "Where a treaty is in force, the provisions of this treaty shall apply."
    assert find(reworded, "the provisions of that treaty") is not None
    assert find("Something else entirely.", "the provisions of that treaty") is None


async def test_comment_reply_and_the_anchor_in_a_newer_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await anonymous.post(
        URL,
        json={
            "body": "Should this not say <b>prevail</b>? See https://example.org",
            "provision": "art_3__para_1",
            "quote": QUOTE,
        },
        headers=who["fr"],
    )
    assert made.status_code == 201, made.text
    comment = made.json()
    assert comment["body"] == "Should this not say <b>prevail</b>? See https://example.org"
    reply = await anonymous.post(
        URL, json={"body": "Agreed.", "parent": comment["id"]}, headers=who["eg"]
    )
    assert reply.json()["provision"] == "art_3__para_1"
    listed = (await anonymous.get(URL, headers=who["observer"])).json()
    assert [c["id"] for c in listed] == [comment["id"], reply.json()["id"]]
    assert listed[0]["anchor"]["found"] is True
    # The secretariat rewrites the paragraph: the quoted words are gone.
    article = "/api/v1/instruments/model-law/articles/art_3"
    current = await anonymous.get(article, headers=who["secretariat"])
    provisions = [dict(p) for p in current.json()["provisions"]]
    provisions[0]["text"] = "Treaties in force between the States concerned take precedence."
    await anonymous.post(
        f"{article}/versions",
        json={"language": "en", "heading": current.json()["heading"], "provisions": provisions},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    listed = (await anonymous.get(URL, headers=who["fr"])).json()
    assert listed[0]["anchor"] == {"found": False, "start": None, "end": None}


async def test_edit_keeps_history_delete_leaves_a_tombstone(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await anonymous.post(URL, json={"body": "First words."}, headers=who["fr"])
    url = f"/api/v1/comments/{made.json()['id']}"
    etag = made.headers["etag"]
    assert (await anonymous.patch(url, json={"body": "x"}, headers=who["eg"])).status_code == 403
    assert (await anonymous.patch(url, json={"body": "x"}, headers=who["fr"])).status_code == 428
    edited = await anonymous.patch(
        url, json={"body": "Better words."}, headers={**who["fr"], "If-Match": etag}
    )
    assert edited.json()["body"] == "Better words."
    stale = await anonymous.patch(
        url, json={"body": "Lost?"}, headers={**who["fr"], "If-Match": etag}
    )
    assert stale.status_code == 412
    deleted = await anonymous.delete(url, headers={**who["fr"], "If-Match": edited.headers["etag"]})
    assert deleted.json()["deleted"] is True
    assert deleted.json()["body"] == ""
    history = (
        await session.scalars(
            select(CommentRevision.body)
            .where(CommentRevision.comment_id == made.json()["id"])
            .order_by(CommentRevision.id)
        )
    ).all()
    assert list(history) == ["First words.", "Better words."]


async def test_resolve_and_reopen(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    made = await anonymous.post(URL, json={"body": "Open point."}, headers=who["fr"])
    url = f"/api/v1/comments/{made.json()['id']}"
    refused = await anonymous.post(
        f"{url}/resolve", headers={**who["eg"], "If-Match": made.headers["etag"]}
    )
    assert refused.status_code == 403
    resolved = await anonymous.post(
        f"{url}/resolve", headers={**who["secretariat"], "If-Match": made.headers["etag"]}
    )
    assert resolved.json()["resolved"] is True
    reopened = await anonymous.post(
        f"{url}/reopen", headers={**who["fr"], "If-Match": resolved.headers["etag"]}
    )
    assert reopened.json()["resolved"] is False


async def test_visibility_inside_the_delegation_and_for_the_secretariat(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    internal = await anonymous.post(
        URL, json={"body": "Our line.", "visibility": "delegation"}, headers=who["fr"]
    )
    private = await anonymous.post(
        URL, json={"body": "For the secretariat.", "visibility": "secretariat"}, headers=who["eg"]
    )
    for reader, expected in [
        ("fr", {internal.json()["id"]}),
        ("eg", {private.json()["id"]}),
        ("secretariat", {private.json()["id"]}),
        ("observer", set()),
    ]:
        seen = {c["id"] for c in (await anonymous.get(URL, headers=who[reader])).json()}
        assert seen & {internal.json()["id"], private.json()["id"]} == expected, reader
    hidden = await anonymous.patch(
        f"/api/v1/comments/{internal.json()['id']}",
        json={"body": "x"},
        headers={**who["eg"], "If-Match": "*"},
    )
    assert hidden.status_code == 404


async def test_bad_input_and_observers(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    for body, status in [
        ({"body": "   "}, 422),
        ({"body": "x" * 10_001}, 422),
        ({"body": "ok", "provision": "art_3__para_9"}, 404),
        ({"body": "ok", "provision": "art_3__para_1", "quote": "not in the text"}, 422),
    ]:
        assert (await anonymous.post(URL, json=body, headers=who["fr"])).status_code == status
    observer = await anonymous.post(URL, json={"body": "I have a view."}, headers=who["observer"])
    assert observer.status_code == 403
    assert (await anonymous.get(URL, headers=who["fr"])).json() == []


async def test_the_article_page_shows_the_discussion_and_takes_a_comment(
    anonymous: AsyncClient,
) -> None:

    csrf = await signed_in(anonymous, "delegate.fr@draftroom.example")
    posted = await anonymous.post(
        "/instruments/model-law/articles/art_3/comments",
        data={
            "csrf_token": csrf,
            "body": "<script>alert(1)</script> Is this clear?",
            "language": "en",
        },
    )
    assert posted.status_code == 303
    page = await anonymous.get(posted.headers["location"].split("#")[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Is this clear?" in page.text
    assert "<script>alert(1)</script>" not in page.text
    anonymous.cookies.clear()
    await sign_in(anonymous, email="observer@draftroom.example")
    observer = await anonymous.get("/instruments/model-law/articles/art_3?milestone=2007 text")
    assert "Is this clear?" in observer.text
    assert 'name="body"' not in observer.text


def _form_after(page: str, action: str, field: str) -> str:
    """The value of a hidden field in the form posting to ``action``."""
    form = page.split(f'action="{action}"')[1].split("</form>")[0]
    return form.split(f'name="{field}" value="')[1].split('"')[0].replace("&#34;", '"')


async def test_on_the_page_one_replies_edits_resolves_and_deletes(
    anonymous: AsyncClient,
) -> None:

    csrf = await signed_in(anonymous, "delegate.eg@draftroom.example")
    article = "/instruments/model-law/articles/art_4"
    posted = await anonymous.post(
        f"{article}/comments", data={"csrf_token": csrf, "body": "First thought.", "language": "en"}
    )
    comment_id = int(posted.headers["location"].rsplit("comment-", 1)[1])
    replied = await anonymous.post(
        f"{article}/comments",
        data={"csrf_token": csrf, "body": "A reply.", "language": "en", "parent": comment_id},
    )
    assert replied.status_code == 303
    page = (await anonymous.get(f"{article}?text=en")).text
    assert page.index("First thought.") < page.index("A reply.")
    assert "Amira Haddad" in page  # the author is named
    etag = _form_after(page, f"/comments/{comment_id}/edit", "etag")
    edited = await anonymous.post(
        f"/comments/{comment_id}/edit", data={"csrf_token": csrf, "etag": etag, "body": "Better."}
    )
    assert edited.status_code == 303
    stale = await submit(
        anonymous, f"/comments/{comment_id}/edit", csrf, {"etag": etag, "body": "Overwrites?"}
    )
    assert stale.status_code == 412
    page = (await anonymous.get(f"{article}?text=en")).text
    assert "Better." in page
    assert "Overwrites?" not in page
    etag = _form_after(page, f"/comments/{comment_id}/resolve", "etag")
    resolved = await anonymous.post(
        f"/comments/{comment_id}/resolve", data={"csrf_token": csrf, "etag": etag}
    )
    assert resolved.status_code == 303
    page = (await anonymous.get(f"{article}?text=en&lang=fr")).text
    assert "résolu" in page
    assert f'action="/comments/{comment_id}/reopen"' in page
    etag = _form_after(page, f"/comments/{comment_id}/delete", "etag")
    deleted = await anonymous.post(
        f"/comments/{comment_id}/delete", data={"csrf_token": csrf, "etag": etag}
    )
    assert deleted.status_code == 303
    page = (await anonymous.get(f"{article}?text=en&lang=en")).text
    assert "This comment was deleted." in page
    assert "A reply." in page  # the thread stays

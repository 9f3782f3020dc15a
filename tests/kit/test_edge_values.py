"""Values checked at the edge: text with a character that has no place in a legal text, ids and
numbers no database row can have, provisions sent twice. Each is a 4xx in the reader's language
that names what is wrong, and nothing is written; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.models import Amendment, ArticleVersion, Comment, Milestone, SignInFailure
from tests.fixtures.clients import csrf_token, people, sign_in, sign_in_token, submit
from tests.fixtures.factories import AMENDMENTS, ROUNDS, draft, open_round

HUGE = str(2**63)
ARTICLE = "/api/v1/instruments/model-law/articles/art_3"
COMMENTS = f"{ARTICLE}/comments"


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def refused(response: Any, field: str, code_point: str, name: str, position: int) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "ForbiddenCharacter"
    assert field in body["detail"]
    assert f"character {position} is {code_point} ({name})" in body["detail"]


async def test_a_nul_in_a_comment_is_refused_naming_field_and_character(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    before = await count(session, Comment)
    response = await anonymous.post(COMMENTS, json={"body": "Agreed\x00."}, headers=who["fr"])
    refused(response, "body", "U+0000", "NULL", 7)
    assert await count(session, Comment) == before


async def test_the_refusal_is_in_the_readers_language(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    response = await anonymous.post(
        COMMENTS,
        json={"body": "x\u200by"},
        headers={**who["fr"], "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert response.headers["content-language"] == "fr"
    assert "U+200B" in response.json()["detail"]


async def test_a_lone_surrogate_in_json_is_a_422_not_a_500(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    before = await count(session, Comment)
    headers = {**who["fr"], "Content-Type": "application/json"}
    # The JSON escape of a lone surrogate, as a client script may send it.
    response = await anonymous.post(COMMENTS, content=rb'{"body": "a\ud800b"}', headers=headers)
    refused(response, "body", "U+D800", "<surrogate-D800>", 2)
    language = await anonymous.post(
        COMMENTS, content=rb'{"body": "ok", "language": "\ud800"}', headers=headers
    )
    refused(language, "language", "U+D800", "<surrogate-D800>", 1)
    assert await count(session, Comment) == before


async def test_a_zero_width_space_inside_a_provision_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    current = await anonymous.get(ARTICLE, headers=who["secretariat"])
    provisions = [dict(p) for p in current.json()["provisions"]]
    provisions[0]["text"] = "The requested State shall trans\u200bmit the records."
    before = await count(session, ArticleVersion)
    response = await anonymous.post(
        f"{ARTICLE}/versions",
        json={"language": "en", "heading": current.json()["heading"], "provisions": provisions},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    refused(response, "provisions.0.text", "U+200B", "ZERO WIDTH SPACE", 32)
    heading = await anonymous.post(
        f"{ARTICLE}/versions",
        json={"language": "en", "heading": "Head\x00ing", "provisions": provisions[1:]},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    refused(heading, "heading", "U+0000", "NULL", 5)
    assert await count(session, ArticleVersion) == before


async def test_a_nul_in_a_milestone_name_or_a_justification_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    milestones = await count(session, Milestone)
    milestone = await anonymous.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": "Draft\x00 after EGM 1"},
        headers=who["secretariat"],
    )
    refused(milestone, "name", "U+0000", "NULL", 6)
    assert await count(session, Milestone) == milestones
    amendments = await count(session, Amendment)
    base = (await anonymous.get(ARTICLE, headers=who["fr"])).json()
    amendment = await anonymous.post(
        AMENDMENTS,
        json={
            "article": "art_3",
            "provisions": base["provisions"],
            "justification": "Clearer\x00 wording.",
        },
        headers=who["fr"],
    )
    refused(amendment, "justification", "U+0000", "NULL", 8)
    bidi = await anonymous.post(
        ROUNDS,
        json={"name": "\u202eRound", "deadline": "2099-01-01T10:00:00"},
        headers=who["secretariat"],
    )
    refused(bidi, "name", "U+202E", "RIGHT-TO-LEFT OVERRIDE", 1)
    assert await count(session, Amendment) == amendments


async def test_the_marks_a_script_needs_are_kept(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    persian = "می\u200cخواهم این ماده را اصلاح کنیم"
    made = await anonymous.post(COMMENTS, json={"body": persian}, headers=who["eg"])
    assert made.status_code == 201, made.text
    assert made.json()["body"] == persian
    marked = "المادة\u200f 12\u061c و\u200d"
    comment = await anonymous.post(COMMENTS, json={"body": marked}, headers=who["eg"])
    assert comment.json()["body"] == marked


async def test_a_nul_in_the_sign_in_email_is_refused_and_nothing_is_counted(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    failures = await count(session, SignInFailure)
    token = await sign_in_token(anonymous)
    page = await submit(
        anonymous,
        "/sign-in",
        token,
        {"email": "observer\x00@draftroom.example", "password": "nope"},
    )
    assert page.status_code == 422
    assert "U+0000" in page.text
    assert await count(session, SignInFailure) == failures


async def test_a_nul_posted_from_the_comment_form_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    await sign_in(anonymous, "delegate.fr@draftroom.example")
    csrf = await csrf_token(anonymous)
    before = await count(session, Comment)
    page = await submit(
        anonymous,
        "/instruments/model-law/articles/art_3/comments",
        csrf,
        {"body": "Form\x00 text", "language": "en"},
    )
    assert page.status_code == 422
    assert "U+0000" in page.text
    assert await count(session, Comment) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/v1/amendments/{HUGE}"),
        ("POST", f"/api/v1/amendments/{HUGE}/cosponsors"),
        ("PATCH", f"/api/v1/comments/{HUGE}"),
        ("POST", f"/api/v1/rounds/{HUGE}/close"),
        ("DELETE", f"/api/v1/tokens/{HUGE}"),
        ("GET", f"/api/v1/amendments/{'9' * 40}"),
        # Past a 32-bit INTEGER column: PostgreSQL would refuse to even compare it.
        ("GET", f"/api/v1/amendments/{2**31}"),
        ("DELETE", f"/api/v1/tokens/{2**31}"),
        ("GET", "/api/v1/instruments/model%00law"),
        ("GET", f"/api/v1/instruments/model-law/milestones/{HUGE}"),
        ("GET", f"{ARTICLE}?milestone={HUGE}"),
    ],
)
async def test_ids_no_row_can_have_are_not_found(
    anonymous: AsyncClient, session: AsyncSession, method: str, path: str
) -> None:
    who = await people(session)
    response = await anonymous.request(method, path, json={"body": "x"}, headers=who["secretariat"])
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "NotFound"


@pytest.mark.parametrize(
    "path",
    [f"/amendments/{HUGE}", f"/amendments/{HUGE}/edit", "/instruments/model%00law"],
)
async def test_pages_with_ids_no_row_can_have_are_not_found(
    anonymous: AsyncClient, path: str
) -> None:
    await sign_in(anonymous, "delegate.fr@draftroom.example")
    page = await anonymous.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<html" in page.text


@pytest.mark.parametrize(
    "query",
    [
        {"offset": HUGE},
        {"version": HUGE},
        {"language": "en\x00"},
    ],
)
async def test_query_numbers_out_of_range_and_nul_are_422(
    client: AsyncClient, query: dict[str, str]
) -> None:
    url = f"{ARTICLE}/versions" if "offset" in query else ARTICLE
    response = await client.get(url, params=query)
    assert response.status_code == 422, response.text
    assert next(iter(query)) in response.json()["detail"]


async def test_body_ids_out_of_range_are_422_and_nothing_is_written(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    before = await count(session, Comment)
    reply = await anonymous.post(COMMENTS, json={"body": "ok", "parent": HUGE}, headers=who["fr"])
    assert reply.status_code == 422
    assert "parent" in reply.json()["detail"]
    on = await anonymous.post(COMMENTS, json={"body": "ok", "amendment": 2**64}, headers=who["fr"])
    assert on.status_code == 422
    assert await count(session, Comment) == before
    preview = await anonymous.post(
        "/api/v1/amendments/preview",
        json={"base_version": 2**63, "provisions": [{"text": "x"}]},
        headers=who["fr"],
    )
    assert preview.status_code == 422


async def test_duplicate_provision_ids_are_refused_naming_the_id(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    base = (await anonymous.get(ARTICLE, headers=who["fr"])).json()
    twice = [dict(p) for p in base["provisions"]]
    twice[1]["id"] = twice[0]["id"]
    preview = await anonymous.post(
        "/api/v1/amendments/preview",
        json={"base_version": base["id"], "provisions": twice},
        headers=who["fr"],
    )
    assert preview.status_code == 422, preview.text
    assert preview.json()["error"] == "DuplicateProvisionId"
    assert "art_3__para_1" in preview.json()["detail"]
    made = await anonymous.post(
        AMENDMENTS, json={"article": "art_3", "provisions": twice}, headers=who["fr"]
    )
    assert made.status_code == 422
    assert "art_3__para_1" in made.json()["detail"]
    proposal = await draft(anonymous, who["fr"])
    current = await anonymous.get(f"/api/v1/amendments/{proposal['id']}", headers=who["fr"])
    edited = await anonymous.put(
        f"/api/v1/amendments/{proposal['id']}",
        json={"provisions": twice},
        headers={**who["fr"], "If-Match": current.headers["etag"]},
    )
    assert edited.status_code == 422
    assert edited.json()["error"] == "DuplicateProvisionId"

"""One conversation across languages: every reader sees every comment, marked with the
language it was written in; a language filter says what it hides; observers are not
shown words quoted from a working draft; a comment on a delegation's draft amendment
stays with those who may see the draft."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal.service import delegation_visibility
from draftroom.models import Comment, JournalEntry
from tests.fixtures.clients import people, sign_in, signed_in, token_for
from tests.fixtures.factories import act, draft, open_round

URL = "/api/v1/instruments/model-law/articles/art_3/comments"
ZH_QUOTE = "适用该条约的规定"
DRAFT_ONLY = "the protection of personal data"  # in the working draft of article 4 only


async def test_a_comment_written_in_chinese_reaches_the_english_reader(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    cn = await token_for(session, "delegate.cn@draftroom.example")
    made = await anonymous.post(
        f"{URL}?lang=zh",
        json={"body": "建议删除“在……范围内”。", "provision": "art_3__para_1", "quote": ZH_QUOTE},
        headers=cn,
    )
    assert made.status_code == 201, made.text
    assert made.json()["language"] == "zh"
    french = await anonymous.post(
        URL, json={"body": "Nous préférons le texte actuel.", "language": "fr"}, headers=who["fr"]
    )
    assert french.json()["language"] == "fr"

    listed = await anonymous.get(f"{URL}?lang=en", headers=who["eg"])
    assert [(c["language"], c["body"]) for c in listed.json()] == [
        ("zh", "建议删除“在……范围内”。"),
        ("fr", "Nous préférons le texte actuel."),
    ]
    # The quote stays in Chinese and is re-found in the Chinese text, not the English one.
    chinese = listed.json()[0]
    assert chinese["quote"] == ZH_QUOTE
    assert chinese["anchor"]["found"] is True
    assert chinese["anchor"]["end"] - chinese["anchor"]["start"] == len(ZH_QUOTE)
    assert listed.headers["x-comments-total"] == "2"
    assert listed.headers["x-comments-hidden"] == "0"

    only = await anonymous.get(f"{URL}?comment_lang=zh", headers=who["eg"])
    assert [c["language"] for c in only.json()] == ["zh"]
    assert only.headers["x-comments-total"] == "2"
    assert only.headers["x-comments-hidden"] == "1"
    unknown = await anonymous.get(f"{URL}?comment_lang=xx", headers=who["eg"])
    assert unknown.status_code == 422


async def test_the_article_page_marks_each_comment_with_its_language_and_counts_them_all(
    anonymous: AsyncClient, session: AsyncSession
) -> None:

    cn = await token_for(session, "delegate.cn@draftroom.example")
    await anonymous.post(
        URL,
        json={
            "body": "建议修改。",
            "language": "zh",
            "provision": "art_3__para_1",
            "quote": ZH_QUOTE,
        },
        headers=cn,
    )
    await anonymous.post(URL, json={"body": "Agreed in principle.", "language": "en"}, headers=cn)
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = (await anonymous.get("/instruments/model-law/articles/art_3?text=en&lang=en")).text
    assert '<p class="prose" lang="zh" dir="auto">建议修改。</p>' in page
    assert '<p class="prose" lang="en" dir="auto">Agreed in principle.</p>' in page
    assert f'<blockquote lang="zh" dir="ltr">{ZH_QUOTE}</blockquote>' in page
    assert 'title="Written in Chinese">Chinese</span>' in page
    assert "2 comments, in all languages" in page
    assert '<option value="everyone">Everyone, observers included</option>' in page

    french = (await anonymous.get("/instruments/model-law/articles/art_3?text=en&lang=fr")).text
    assert ">chinois</span>" in french  # the language named in the reader's language

    filtered = (
        await anonymous.get("/instruments/model-law/articles/art_3?text=en&lang=en&comment_lang=zh")
    ).text
    assert "建议修改。" in filtered
    assert "Agreed in principle." not in filtered
    assert (
        "Filtered: only comments written in Chinese are shown; 1 comment in other languages "
        "is hidden." in filtered
    )
    assert ">Show all languages</a>" in filtered


async def test_observers_are_not_shown_words_quoted_from_a_working_draft(
    anonymous: AsyncClient, session: AsyncSession
) -> None:

    who = await people(session)
    url = "/api/v1/instruments/model-law/articles/art_4/comments"
    quoted = await anonymous.post(
        url,
        json={
            "body": "Which data?",
            "language": "en",
            "provision": "art_4__para_2",
            "quote": DRAFT_ONLY,
        },
        headers=who["fr"],
    )
    assert quoted.status_code == 201, quoted.text
    published = await anonymous.post(
        URL,
        json={
            "body": "Which treaty?",
            "language": "en",
            "provision": "art_3__para_1",
            "quote": "the provisions of that treaty shall apply",
        },
        headers=who["fr"],
    )
    assert published.status_code == 201, published.text

    delegate = (await anonymous.get(url, headers=who["eg"])).json()
    assert delegate[0]["quote"] == DRAFT_ONLY
    assert delegate[0]["quote_withheld"] is False
    observer = (await anonymous.get(url, headers=who["observer"])).json()
    assert observer[0]["body"] == "Which data?"
    assert observer[0]["quote"] is None
    assert observer[0]["quote_withheld"] is True
    assert observer[0]["anchor"] is None
    # Words quoted from a version a milestone holds are published: observers read them.
    on_published = (await anonymous.get(URL, headers=who["observer"])).json()
    assert on_published[0]["quote"] == "the provisions of that treaty shall apply"
    assert on_published[0]["anchor"]["found"] is True

    await sign_in(anonymous, email="observer@draftroom.example")
    page = (
        await anonymous.get("/instruments/model-law/articles/art_4?milestone=2007 text&lang=en")
    ).text
    assert "Which data?" in page
    assert DRAFT_ONLY not in page
    assert "Quoted words from a working draft: observers read the published text only." in page


async def test_a_comment_on_a_draft_amendment_stays_with_those_who_see_the_draft(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    amendment = await draft(anonymous, who["fr"])
    made = await anonymous.post(
        URL,
        json={"body": "Our draft, for discussion.", "amendment": amendment["id"]},
        headers=who["fr"],
    )
    assert made.status_code == 201, made.text
    comment_id = made.json()["id"]
    reply = await anonymous.post(
        URL, json={"body": "Fine by us.", "parent": comment_id}, headers=who["fr"]
    )
    assert reply.json()["amendment_id"] == amendment["id"]

    assert {c["id"] for c in (await anonymous.get(URL, headers=who["fr"])).json()} == {
        comment_id,
        reply.json()["id"],
    }
    for reader in ("eg", "observer", "secretariat"):
        listed = await anonymous.get(URL, headers=who[reader])
        assert listed.json() == [], reader
        assert listed.headers["x-comments-total"] == "0"
        hidden = await anonymous.patch(
            f"/api/v1/comments/{comment_id}",
            json={"body": "x"},
            headers={**who[reader], "If-Match": "*"},
        )
        assert hidden.status_code == 404, reader
        assert str(amendment["id"]) not in hidden.text
    # The live stream and its replay: only the delegation receives the comment's events.
    stored = await session.scalar(select(Comment).where(Comment.id == comment_id))
    assert stored is not None
    assert stored.delegation_id is not None
    visibilities = set(
        (
            await session.scalars(
                select(JournalEntry.visibility).where(
                    JournalEntry.object_type == "comment",
                    JournalEntry.object_id.in_([comment_id, reply.json()["id"]]),
                )
            )
        ).all()
    )
    assert visibilities == {delegation_visibility(stored.delegation_id)}

    tabled = await act(anonymous, who["fr"], amendment["id"], "table")
    assert tabled.status_code == 200, tabled.text
    seen = (await anonymous.get(URL, headers=who["eg"])).json()
    assert [c["body"] for c in seen] == ["Our draft, for discussion.", "Fine by us."]


async def test_the_amendment_page_shows_its_discussion_in_every_language(
    anonymous: AsyncClient, session: AsyncSession
) -> None:

    who = await people(session)
    cn = await token_for(session, "delegate.cn@draftroom.example")
    await open_round(anonymous, who["secretariat"])
    amendment = await draft(anonymous, who["fr"])
    tabled = await act(anonymous, who["fr"], amendment["id"], "table")
    assert tabled.status_code == 200, tabled.text
    await anonymous.post(
        URL, json={"body": "支持。", "language": "zh", "amendment": amendment["id"]}, headers=cn
    )
    await anonymous.post(URL, json={"body": "Not about the amendment."}, headers=cn)

    csrf = await signed_in(anonymous, "delegate.eg@draftroom.example")
    posted = await anonymous.post(
        "/instruments/model-law/articles/art_3/comments",
        data={
            "csrf_token": csrf,
            "body": "نؤيد التعديل.",
            "language": "ar",
            "amendment": str(amendment["id"]),
        },
    )
    assert posted.status_code == 303
    assert posted.headers["location"].startswith(f"/amendments/{amendment['id']}#comment-")
    page = (await anonymous.get(f"/amendments/{amendment['id']}?lang=en")).text
    assert '<p class="prose" lang="zh" dir="auto">支持。</p>' in page
    assert '<p class="prose" lang="ar" dir="auto">نؤيد التعديل.</p>' in page
    assert ">Arabic</span>" in page
    assert "Not about the amendment." not in page
    assert "2 comments, in all languages" in page
    article = (await anonymous.get("/instruments/model-law/articles/art_3?text=en&lang=en")).text
    assert "3 comments, in all languages" in article
    assert f"on amendment {amendment['number']}</a>" in article

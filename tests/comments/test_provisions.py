"""Comments on a provision, as the article page shows them: the provision named as people
name it, the quoted words highlighted in the text, counts beside provisions and articles."""

from __future__ import annotations

import html

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.comments.present import provision_label
from draftroom.config import ROOT
from draftroom.kit.i18n import activate, gettext
from tests.fixtures.clients import csrf_token, people, sign_in

ARTICLE = "/instruments/model-law/articles/art_3"
QUOTE = "on the basis of this Law and of reciprocity"
AR_QUOTE = "على أساس هذا القانون ومبدأ المعاملة بالمثل"


def in_arabic(message: str) -> str:
    activate("ar", ROOT / "locales")
    try:
        return gettext(message)
    finally:
        activate("en", ROOT / "locales")


def test_a_provision_is_named_by_its_article_and_its_own_number() -> None:
    activate("en", ROOT / "locales")
    assert provision_label("3", "2") == "Article 3, paragraph 2"
    assert provision_label("1", "4(a)") == "Article 1, paragraph 4, subparagraph (a)"
    assert provision_label("2", "(a)") == "Article 2, subparagraph (a)"
    assert provision_label("7", "") == "Article 7"


async def post_from_the_page(client: AsyncClient, **fields: str) -> str:
    csrf = await csrf_token(client)
    posted = await client.post(f"{ARTICLE}/comments", data={"csrf_token": csrf, **fields})
    assert posted.status_code == 303, posted.text
    return str(posted.headers["location"])


async def test_a_comment_posted_from_the_page_quotes_words_highlighted_in_the_text(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    back = await post_from_the_page(
        anonymous,
        body="Reciprocity should not be a condition.",
        language="en",
        provision="art_3__para_2",
        quote=QUOTE,
    )
    assert back.startswith(f"{ARTICLE}?text=en#comment-")
    page = (await anonymous.get(f"{ARTICLE}?text=en&lang=en")).text
    # The header names the provision, never by its id.
    assert 'href="#art_3__para_2">Article 3, paragraph 2</a>' in page
    assert "art_3__para_2</" not in page
    # The quoted words are marked in paragraph 2, with a label read out, not colour alone.
    row = page.split('<tr id="art_3__para_2">')[1].split("</tr>")[0]
    assert (
        '<mark class="quoted"><span class="visually-hidden">Quoted in a comment: </span>'
        f"{QUOTE}</mark>" in row
    )
    assert "<mark" not in page.split('<tr id="art_3__para_1">')[1].split("</tr>")[0]
    # Beside the paragraph: how many comments, a link to them alone.
    assert 'comment_provision=art_3__para_2#discussion"><span aria-hidden="true">1 comment' in row
    assert "1 comment on Article 3, paragraph 2" in row
    assert '<span class="visually-hidden">Comment on Article 3, paragraph 4</span>' in page
    # The table of contents counts the article's comments.
    contents = (await anonymous.get("/instruments/model-law?lang=en")).text
    row3 = contents.split('<tr id="art_3">')[1].split("</tr>")[0]
    assert f'href="{ARTICLE}#discussion">1 comment</a>' in row3
    assert '<td class="comment-counts">—</td>' in contents.split('<tr id="art_4">')[1]


async def test_the_provision_filter_shows_its_comments_and_says_what_it_hides(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    api = f"/api/v1{ARTICLE}/comments"
    await anonymous.post(
        api, json={"body": "On paragraph 2.", "provision": "art_3__para_2"}, headers=who["eg"]
    )
    await anonymous.post(api, json={"body": "On the whole article."}, headers=who["eg"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = (await anonymous.get(f"{ARTICLE}?text=en&lang=en&comment_provision=art_3__para_2")).text
    assert "On paragraph 2." in page
    assert "On the whole article." not in page
    assert (
        "Filtered: only comments on Article 3, paragraph 2 are shown; 1 other comment is hidden."
        in page
    )
    assert ">Show the whole discussion</a>" in page


async def test_without_script_the_comment_link_sets_the_form_on_the_provision(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = (await anonymous.get(f"{ARTICLE}?text=en&lang=en")).text
    link = 'href="?text=en&amp;lang=en&amp;comment_on=art_3__para_2#new-comment"'
    assert link in page
    form = (await anonymous.get(ARTICLE + html.unescape(link[6:-1].split("#")[0]))).text
    assert (
        '<input type="hidden" id="comment-provision" name="provision" value="art_3__para_2">'
        in (form)
    )
    assert "Your comment is on Article 3, paragraph 2." in form
    back = await post_from_the_page(
        anonymous, body="A general remark.", language="en", provision="art_3__para_2"
    )
    shown = (await anonymous.get(back.split("#")[0])).text
    assert 'href="#art_3__para_2">Article 3, paragraph 2</a>' in shown


async def test_in_arabic_the_provision_and_the_label_of_the_quote_are_arabic(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    await post_from_the_page(
        anonymous, body="ملاحظة.", language="ar", provision="art_3__para_2", quote=AR_QUOTE
    )
    page = (await anonymous.get(f"{ARTICLE}?lang=ar")).text
    label = in_arabic("Article {article}, paragraph {paragraph}").format(article=3, paragraph=2)
    assert f'href="#art_3__para_2">{label}</a>' in page
    assert (
        f'<mark class="quoted"><span class="visually-hidden">{in_arabic("Quoted in a comment:")}'
        f" </span>{AR_QUOTE}</mark>" in page
    )


async def test_a_quote_no_longer_in_the_text_is_not_highlighted_and_says_so(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await anonymous.post(
        f"/api/v1{ARTICLE}/comments",
        json={"body": "Why reciprocity?", "provision": "art_3__para_2", "quote": QUOTE},
        headers=who["fr"],
    )
    article = f"/api/v1{ARTICLE}"
    current = await anonymous.get(article, headers=who["secretariat"])
    provisions = [dict(p) for p in current.json()["provisions"]]
    provisions[1]["text"] = "Assistance may be provided without any treaty at all."
    rewritten = await anonymous.post(
        f"{article}/versions",
        json={"language": "en", "heading": current.json()["heading"], "provisions": provisions},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert rewritten.status_code == 201, rewritten.text
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = (await anonymous.get(f"{ARTICLE}?text=en&lang=en")).text
    assert "<mark" not in page
    assert "(no longer found in the text)" in page

"""The secretariat consolidates from the pages; the article page shows the trail."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import SECRETARIAT, people, sign_in, signed_in
from tests.fixtures.factories import accepted_three

PAGE = "/instruments/model-law/articles/art_3/consolidate"


@pytest.fixture
async def three(anonymous: AsyncClient, session: AsyncSession) -> tuple[str, list[str]]:
    """Three accepted proposals on article 3, and ``anonymous`` signed in as the secretariat:
    its CSRF token and the proposals' ids."""
    made = await accepted_three(anonymous, await people(session))
    return await signed_in(anonymous, SECRETARIAT), [str(a["id"]) for a in made]


async def test_preview_resolve_confirm_and_the_trail(
    anonymous: AsyncClient, three: tuple[str, list[str]]
) -> None:
    csrf, ids = three
    listing = await anonymous.get(PAGE)
    assert listing.text.count('name="amendment"') == 3
    preview = await anonymous.post(
        PAGE, data={"csrf_token": csrf, "language": "en", "amendment": ids}
    )
    assert preview.status_code == 200
    assert "Collisions" in preview.text
    assert "France" in preview.text
    assert "Mexico" in preview.text
    assert "Resolve every collision" in preview.text
    resolved = await anonymous.post(
        PAGE,
        data={
            "csrf_token": csrf,
            "language": "en",
            "amendment": ids,
            "resolve": "art_3__para_1",
            "resolution:art_3__para_1": "Where a treaty applies, its provisions prevail.",
        },
    )
    assert "Consolidate into a new version" in resolved.text
    assert "compromise text" in resolved.text
    etag = resolved.text.split('name="etag" value="')[1].split('"')[0].replace("&#34;", '"')
    done = await anonymous.post(
        PAGE + "/confirm",
        data={
            "csrf_token": csrf,
            "language": "en",
            "etag": etag,
            "amendment": ids,
            "resolution:art_3__para_1": "Where a treaty applies, its provisions prevail.",
        },
    )
    assert done.status_code == 303
    article = await anonymous.get("/instruments/model-law/articles/art_3")
    assert "Where a treaty applies, its provisions prevail." in article.text
    assert (
        "Based on proposals: <bdi>Amendment 1 (France)</bdi>; <bdi>Amendment 2 (Egypt)</bdi>; "
        "<bdi>Amendment 3 (Mexico)</bdi>" in article.text
    )
    assert "Make this version current again" in article.text
    synoptic = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    assert synoptic.text.count("amendment-consolidated") == 3


async def test_participants_cannot_open_the_consolidation_page(anonymous: AsyncClient) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(PAGE, headers={"Accept": "text/html"})
    assert page.status_code == 403


async def test_collision_columns_show_each_proposal_as_a_word_diff_of_the_current_text(
    anonymous: AsyncClient, three: tuple[str, list[str]]
) -> None:
    csrf, ids = three
    preview = await anonymous.post(
        PAGE, data={"csrf_token": csrf, "language": "en", "amendment": ids}
    )
    collision = preview.text.split('class="collision"')[1].split("</table>")[0]
    assert '<ins><span class="visually-hidden">inserted: </span>applies</ins>' in collision
    assert '<ins><span class="visually-hidden">inserted: </span>has effect</ins>' in collision
    deleted = '<del><span class="visually-hidden">deleted: </span>is in force</del>'
    assert collision.count(deleted) == 2


async def test_a_compromise_stays_editable_after_its_preview(
    anonymous: AsyncClient, three: tuple[str, list[str]]
) -> None:
    csrf, ids = three
    form = {"csrf_token": csrf, "language": "en", "amendment": ids, "resolve": "art_3__para_1"}
    first = "Where a treaty applies, its provisions prevail."
    resolved = await anonymous.post(PAGE, data={**form, "resolution:art_3__para_1": first})
    assert "Consolidate into a new version" in resolved.text
    assert "Your compromise text is kept below" in resolved.text
    assert f'name="resolution:art_3__para_1" rows="3" lang="en" dir="ltr">{first}</textarea>' in (
        resolved.text
    )
    assert 'href="#r-art_3__para_1">Edit the compromise text of provision 1' in resolved.text
    second = "Where a treaty has effect, its provisions prevail."
    again = await anonymous.post(PAGE, data={**form, "resolution:art_3__para_1": second})
    assert f">{second}</textarea>" in again.text
    assert f'name="resolution:art_3__para_1" value="{second}"' in again.text


async def test_a_refused_compromise_comes_back_as_typed_the_reason_beside_it(
    anonymous: AsyncClient, three: tuple[str, list[str]]
) -> None:
    csrf, ids = three
    typed = "Where a treaty\u200b applies, its provisions prevail."
    refused = await anonymous.post(
        PAGE,
        data={
            "csrf_token": csrf,
            "language": "en",
            "amendment": ids,
            "resolve": "art_3__para_1",
            "resolution:art_3__para_1": typed,
        },
        headers={"Accept-Language": "fr"},
    )
    assert refused.status_code == 422
    textarea = refused.text.split('id="r-art_3__para_1"')[1].split("</textarea>")[0]
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="consolidate-resolution:art_3__para_1-error"' in textarea
    assert textarea.endswith(f">{typed}")
    beside = refused.text.split("</textarea>")[1].split("</section>")[0]
    assert 'id="consolidate-resolution:art_3__para_1-error" role="alert">' in beside
    assert "U+200B" in beside
    assert "texte" in beside  # in French, the reader's language
    assert "Consolidate into a new version" not in refused.text


async def test_a_stale_confirmation_comes_back_previewed_again_with_the_compromise_kept(
    anonymous: AsyncClient, three: tuple[str, list[str]]
) -> None:
    csrf, ids = three
    typed = "Where a treaty applies, its provisions prevail."
    refused = await anonymous.post(
        PAGE + "/confirm",
        data={
            "csrf_token": csrf,
            "language": "en",
            "etag": '"999999"',
            "amendment": ids,
            "resolve": "art_3__para_1",
            "resolution:art_3__para_1": typed,
        },
    )
    assert refused.status_code == 412
    assert 'id="consolidate-error" role="alert">Someone else changed this' in refused.text
    assert f'lang="en" dir="ltr">{typed}</textarea>' in refused.text
    assert f'name="resolution:art_3__para_1" value="{typed}"' in refused.text
    assert "Consolidate into a new version" in refused.text
    article = await anonymous.get("/instruments/model-law/articles/art_3")
    assert typed not in article.text

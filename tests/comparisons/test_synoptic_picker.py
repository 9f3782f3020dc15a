"""The synoptic table's delegation filter is a picker of the delegations with proposals,
named in the reader's language; fifteen proposals all reach the table."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import sign_in
from tests.fixtures.synoptic import ARTICLE, table_fifteen, tokens

PAGE = f"/instruments/model-law/articles/{ARTICLE}/synoptic"


async def test_the_picker_lists_the_delegations_with_proposals_and_filters_by_them(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    secretariat, proposers = await tokens(session)
    await table_fifteen(anonymous, secretariat, proposers)
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(PAGE, params={"language": "en"})
    assert page.status_code == 200
    assert "15 proposals" in page.text
    assert 'id="s-delegation"' not in page.text
    picker = page.text.split('class="delegation-picker"')[1].split("</fieldset>")[0]
    assert picker.count('type="checkbox" name="delegation"') == 13
    assert '<input type="checkbox" name="delegation" value="FR" > <bdi>France</bdi>' in picker
    assert "<bdi>International Criminal Police Organization</bdi>" in picker
    filtered = await anonymous.get(PAGE, params={"language": "en", "delegation": ["FR", "EG"]})
    assert "3 proposals" in filtered.text
    picker = filtered.text.split('class="delegation-picker"')[1].split("</fieldset>")[0]
    assert 'value="FR" checked>' in picker
    assert 'value="EG" checked>' in picker
    assert picker.count("checked") == 2
    assert picker.count('type="checkbox"') == 13
    arabic = await anonymous.get(PAGE, params={"language": "en", "lang": "ar"})
    picker = arabic.text.split('class="delegation-picker"')[1].split("</fieldset>")[0]
    assert "<bdi>فرنسا</bdi>" in picker
    assert "<bdi>مصر</bdi>" in picker


async def test_the_picker_of_an_article_without_proposals_offers_none(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    picker = page.text.split('class="delegation-picker"')[1].split("</fieldset>")[0]
    assert 'type="checkbox"' not in picker
    assert "No proposal yet." in picker


async def test_each_proposal_cell_names_its_proposal_for_the_narrow_view(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    secretariat, proposers = await tokens(session)
    made = await table_fifteen(anonymous, secretariat, proposers)
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(PAGE, params={"language": "en"})
    last = made[-1]["number"]
    assert f'data-label="Amendment {last} · Mexico"' in page.text
    assert '<th scope="col" class="syn-base">Base text</th>' in page.text
    assert '<td class="syn-base" data-label="Base text"' in page.text

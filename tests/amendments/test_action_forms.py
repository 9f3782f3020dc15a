"""The amendment page's actions: no Table button without an open round (the page says why),
and a refused action shown again beside its form with what was typed."""

from __future__ import annotations

import re

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people, sign_in, signed_in, submit
from tests.fixtures.factories import act, draft, open_round
from tests.fixtures.forms import field_error, input_value, shown

NO_ROUND = "No amendment round is open for this article: amendments cannot be tabled now."
REASON_NEEDED = "Give the reason for rejecting the amendment: the proposing delegation reads it."


def etag_of(html: str) -> str:
    found = re.search(r'name="etag" value="([^"]*)"', html)
    assert found
    return found.group(1).replace("&#34;", '"')


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_no_table_button_without_an_open_round_and_the_page_says_why(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}?lang={lang}")
    assert page.status_code == 200
    assert 'name="action" value="table"' not in page.text
    note = re.search(r'<p class="notice" role="note" id="no-tabling">(.*?)</p>', page.text)
    assert note is not None
    assert note.group(1) == shown(NO_ROUND, lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_a_reject_without_a_reason_is_explained_beside_the_reason(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    assert (await act(anonymous, who["secretariat"], made["id"], "review")).status_code == 200
    token = await signed_in(anonymous, "secretariat@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}")
    refused = await submit(
        anonymous,
        f"/amendments/{made['id']}/transition?lang={lang}",
        token,
        {"etag": etag_of(page.text), "action": "reject", "reason": " "},
    )
    assert refused.status_code == 422
    assert field_error(refused.text, "action-reject", "reason") == shown(REASON_NEEDED, lang)
    assert input_value(refused.text, "reason-reject") == " "


async def test_a_stale_page_is_explained_on_the_amendment_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    token = await signed_in(anonymous, "secretariat@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}")
    stale = etag_of(page.text)
    # Meanwhile a colleague starts the review through the API.
    assert (await act(anonymous, who["secretariat"], made["id"], "review")).status_code == 200
    refused = await submit(
        anonymous,
        f"/amendments/{made['id']}/transition",
        token,
        {"etag": stale, "action": "review", "reason": "Looks fine."},
    )
    assert refused.status_code == 412
    message = re.search(r'<p class="error" id="action-error" role="alert">(.*?)</p>', refused.text)
    assert message is not None
    assert "Someone else changed this in the meantime" in message.group(1)
    # The page is the amendment's, as it now stands, with its other actions.
    assert 'name="action" value="reject"' in refused.text

"""A sub-amendment whose parent left the table (consolidated, withdrawn, rejected) says so,
on its page and in the list, with what its proposer can do."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people, sign_in
from tests.fixtures.factories import AMENDMENTS, act, draft, open_round

ARTICLE = "/api/v1/instruments/model-law/articles/art_3"


async def sub_amendment(
    client: AsyncClient, who: dict[str, dict[str, str]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """France tables an amendment; Egypt tables a sub-amendment to it."""
    await open_round(client, who["secretariat"])
    parent = await draft(client, who["fr"], text="France's first paragraph.")
    assert (await act(client, who["fr"], parent["id"], "table")).status_code == 200
    provisions = [dict(p) for p in parent["provisions"]]
    provisions[0]["text"] = "Egypt's first paragraph."
    made = await client.post(
        AMENDMENTS,
        json={
            "parent": parent["id"],
            "language": "en",
            "provisions": provisions,
            "justification": "Better still.",
        },
        headers=who["eg"],
    )
    assert made.status_code == 201, made.text
    child = made.json()
    assert (await act(client, who["eg"], child["id"], "table")).status_code == 200
    return parent, child


async def test_a_sub_amendment_whose_parent_was_consolidated_says_into_which_version(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    parent, child = await sub_amendment(anonymous, who)
    await act(anonymous, who["secretariat"], child["id"], "review")
    await act(anonymous, who["secretariat"], child["id"], "accept")
    await act(anonymous, who["secretariat"], parent["id"], "review")
    assert (await act(anonymous, who["secretariat"], parent["id"], "accept")).status_code == 200
    current = await anonymous.get(ARTICLE, headers=who["secretariat"])
    version = await anonymous.post(
        f"{ARTICLE}/consolidation",
        json={"language": "en", "amendments": [parent["id"]]},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert version.status_code == 201, version.text
    seq = version.json()["seq"]
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get(f"/amendments/{child['id']}")
    assert (
        f"The amendment it amends (amendment {parent['number']}) was consolidated into "
        f"version {seq}." in page.text
    )
    assert "withdraw it, or propose your change as an amendment" in page.text
    listed = await anonymous.get("/instruments/model-law/amendments")
    row = listed.text.split(f'href="/amendments/{child["id"]}"')[1].split("</tr>")[0]
    assert f"was consolidated into version {seq}." in row
    # The parent itself and other amendments carry no such notice.
    parent_page = await anonymous.get(f"/amendments/{parent['id']}")
    assert "The amendment it amends" not in parent_page.text


async def test_a_sub_amendment_whose_parent_was_withdrawn_says_so(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    parent, child = await sub_amendment(anonymous, who)
    assert (await act(anonymous, who["fr"], parent["id"], "withdraw")).status_code == 200
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get(f"/amendments/{child['id']}")
    assert f"The amendment it amends (amendment {parent['number']}) was withdrawn." in page.text
    # Once the sub-amendment is withdrawn too, nothing is left to say.
    assert (await act(anonymous, who["eg"], child["id"], "withdraw")).status_code == 200
    page = await anonymous.get(f"/amendments/{child['id']}")
    assert "The amendment it amends" not in page.text

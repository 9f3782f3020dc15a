"""Carrying an amendment over to a newer text when it collides: the collision page shows the
base, the proposal and the current text of each colliding provision; the proposer writes the
text to propose and the amendment is carried over. Drafts and tabled amendments alike."""

from __future__ import annotations

import html

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import csrf_token, people, sign_in, signed_in
from tests.fixtures.factories import NEWER, act, draft, open_round, page_etag, publish


async def carry_over_by_hand(anonymous: AsyncClient, amendment_id: int, button: str) -> None:
    page = await anonymous.get(f"/amendments/{amendment_id}")
    assert button in page.text
    csrf = await csrf_token(anonymous)
    collided = await anonymous.post(
        f"/amendments/{amendment_id}/rebase",
        data={"csrf_token": csrf, "etag": page_etag(page.text)},
    )
    # Not an error page: the collisions, side by side.
    assert collided.status_code == 303
    assert collided.headers["location"] == f"/amendments/{amendment_id}/rebase"
    collisions = await anonymous.get(collided.headers["location"])
    assert collisions.status_code == 200
    text = html.unescape(collisions.text)
    assert "Provision 1" in text
    assert "Text the amendment was made on" in text
    assert "The amendment’s proposal" in text
    assert "Current text" in text
    assert "Amended text." in text
    assert NEWER in text
    assert 'name="resolution:art_3__para_1"' in collisions.text
    done = await anonymous.post(
        f"/amendments/{amendment_id}/rebase",
        data={
            "csrf_token": csrf,
            "etag": page_etag(collisions.text),
            "resolve": ["art_3__para_1"],
            "resolution:art_3__para_1": "The secretariat's own first paragraph, as amended.",
        },
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/amendments/{amendment_id}"


async def test_a_colliding_draft_is_carried_over_on_the_collision_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await publish(anonymous, who["secretariat"], {0: NEWER, 1: "A new second paragraph."})
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    await carry_over_by_hand(anonymous, made["id"], "Carry the changes over to the new version")
    after = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    assert after["stale"] is False
    assert after["status"] == "draft"
    assert after["provisions"][0]["text"] == "The secretariat's own first paragraph, as amended."
    assert after["provisions"][1]["text"] == "A new second paragraph."  # merged without asking
    page = await anonymous.get(f"/amendments/{made['id']}")
    assert "Carried over to a newer version" in page.text
    assert "The article has a newer version" not in page.text


async def test_a_colliding_tabled_amendment_has_a_way_forward(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="Amended text.")
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    await publish(anonymous, who["secretariat"], {0: NEWER})
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    await carry_over_by_hand(anonymous, made["id"], "Carry over to the new text")
    after = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    assert after["status"] == "tabled"
    assert after["stale"] is False
    assert after["provisions"][0]["text"] == "The secretariat's own first paragraph, as amended."


async def test_an_empty_resolution_proposes_deleting_the_provision(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await publish(anonymous, who["secretariat"], {0: NEWER})
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    csrf = await signed_in(anonymous, "delegate.fr@draftroom.example")
    done = await anonymous.post(
        f"/amendments/{made['id']}/rebase",
        data={
            "csrf_token": csrf,
            "etag": current.headers["etag"],
            "resolve": ["art_3__para_1"],
            "resolution:art_3__para_1": "  ",
        },
    )
    assert done.status_code == 303
    after = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    assert "art_3__para_1" not in [p["id"] for p in after["provisions"]]
    assert len(after["provisions"]) == len(current.json()["provisions"]) - 1


async def test_another_delegation_cannot_open_the_collision_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await act(anonymous, who["fr"], made["id"], "table")
    await publish(anonymous, who["secretariat"], {0: NEWER})
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}/rebase")
    assert page.status_code == 403


async def test_the_api_carries_a_colliding_amendment_over_with_resolutions(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await publish(anonymous, who["secretariat"], {0: NEWER})
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    url = f"/api/v1/amendments/{made['id']}/rebase"
    headers = {**who["fr"], "If-Match": current.headers["etag"]}
    refused = await anonymous.post(url, json={"resolutions": {}}, headers=headers)
    assert refused.status_code == 409
    assert refused.json()["error"] == "RebaseConflict"
    done = await anonymous.post(
        url, json={"resolutions": {"art_3__para_1": "Both, reconciled."}}, headers=headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["provisions"][0]["text"] == "Both, reconciled."
    assert done.json()["stale"] is False

"""Consolidation: accepted proposals merged into the next version, collisions surfaced and
resolved, provenance kept; restore; milestones with content hashes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.identity.service import create_delegation, create_user
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import get_instrument
from draftroom.models import AmendmentKind, DelegationKind, Role, User
from draftroom.models.base import utcnow
from tests.fixtures.clients import people
from tests.fixtures.factories import accepted_three, act, open_round, propose
from tests.fixtures.race import race, track

ARTICLE = "/api/v1/instruments/model-law/articles/art_3"
FIRST = (
    "Where a treaty on mutual legal assistance is in force between [name of State] and "
    "the requesting State"
)


async def test_preview_merges_non_colliding_proposals_with_provenance(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    fr, eg, _mx = await accepted_three(anonymous, who)
    before = (await anonymous.get(f"{ARTICLE}/versions", headers=who["secretariat"])).json()
    response = await anonymous.post(
        f"{ARTICLE}/consolidation/preview",
        json={"language": "en", "amendments": [fr["id"], eg["id"]]},
        headers=who["secretariat"],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["collisions"] == []
    texts = [p["text"] for p in body["provisions"]]
    assert "applies" in texts[0]
    assert texts[1].startswith("Failing")
    assert body["provenance"] == {"art_3__para_1": [fr["id"]], "art_3__para_2": [eg["id"]]}
    # Per changed span: which amendment produced it.
    spans = body["spans"]["art_3__para_1"]
    assert {"text": "applies", "amendments": [fr["id"]]}.items() <= next(
        s for s in spans if s["text"] == "applies"
    ).items()
    assert any(s["deleted"] and s["amendments"] == [fr["id"]] for s in spans)
    kinds = [p["kind"] for p in body["comparison"]["provisions"]]
    assert kinds[:3] == ["changed", "changed", "unchanged"]
    after = (await anonymous.get(f"{ARTICLE}/versions", headers=who["secretariat"])).json()
    assert after["total"] == before["total"]  # a preview writes nothing


async def test_colliding_proposals_surface_and_must_be_resolved(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    ids = [a["id"] for a in await accepted_three(anonymous, who)]
    body = {"language": "en", "amendments": ids}
    preview = (
        await anonymous.post(
            f"{ARTICLE}/consolidation/preview", json=body, headers=who["secretariat"]
        )
    ).json()
    assert len(preview["collisions"]) == 1
    collision = preview["collisions"][0]
    assert collision["provision_id"] == "art_3__para_1"
    assert [c["delegation"] for c in collision["candidates"]] == ["France", "Mexico"]
    current = await anonymous.get(ARTICLE, headers=who["secretariat"])
    refused = await anonymous.post(
        f"{ARTICLE}/consolidation",
        json=body,
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "UnresolvedCollisions"
    compromise = collision["current"].replace("is in force", "applies and has effect")
    made = await anonymous.post(
        f"{ARTICLE}/consolidation",
        json={**body, "resolutions": {"art_3__para_1": compromise}},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert made.status_code == 201, made.text
    version = made.json()
    assert version["provisions"][0]["text"] == compromise
    assert version["sources"]["amendments"] == ids
    assert version["sources"]["compromises"] == {"art_3__para_1": [ids[0], ids[2]]}
    assert version["sources"]["spans"]["art_3__para_1"][0]["compromise"] is True
    assert version["label"] == "Consolidated: amendments 1, 2, 3"
    for amendment_id in ids:
        state = (
            await anonymous.get(f"/api/v1/amendments/{amendment_id}", headers=who["observer"])
        ).json()
        assert state["status"] == "consolidated"
    again = await anonymous.post(
        f"{ARTICLE}/consolidation",
        json=body,
        headers={**who["secretariat"], "If-Match": made.headers["etag"]},
    )
    assert again.status_code == 409
    assert again.json()["error"] == "NotConsolidatable"


async def test_touching_proposals_collide_for_the_secretariat(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    """France deletes "not"; Mexico inserts words right after it. Merged they would read
    "does under any circumstances involve", which nobody proposed: a collision instead."""
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    third = (await anonymous.get(ARTICLE, headers=who["fr"])).json()["provisions"][2]["text"]
    assert "the assistance does not involve coercive measures" in third
    made = [
        await propose(anonymous, who["fr"], {2: third.replace("does not involve", "does involve")}),
        await propose(
            anonymous,
            who["mx"],
            {2: third.replace("does not involve", "does not under any circumstances involve")},
        ),
    ]
    for amendment, delegate in zip(made, ("fr", "mx"), strict=True):
        assert (await act(anonymous, who[delegate], amendment["id"], "table")).status_code == 200
        await act(anonymous, who["secretariat"], amendment["id"], "review")
        accepted = await act(anonymous, who["secretariat"], amendment["id"], "accept")
        assert accepted.status_code == 200
    ids = [a["id"] for a in made]
    preview = await anonymous.post(
        f"{ARTICLE}/consolidation/preview",
        json={"language": "en", "amendments": ids},
        headers=who["secretariat"],
    )
    assert preview.status_code == 200, preview.text
    (collision,) = preview.json()["collisions"]
    assert collision["provision_id"] == "art_3__para_3"
    assert collision["current"] == third
    assert [(c["delegation"], c["text"]) for c in collision["candidates"]] == [
        ("France", third.replace("does not involve", "does involve")),
        ("Mexico", third.replace("does not involve", "does not under any circumstances involve")),
    ]
    assert all(
        "does under any circumstances involve" not in p["text"]
        for p in preview.json()["provisions"]
    )
    current = await anonymous.get(ARTICLE, headers=who["secretariat"])
    refused = await anonymous.post(
        f"{ARTICLE}/consolidation",
        json={"language": "en", "amendments": ids},
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "UnresolvedCollisions"


async def test_only_the_secretariat_consolidates(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    ids = [a["id"] for a in await accepted_three(anonymous, who)]
    for role in ("fr", "observer"):
        response = await anonymous.post(
            f"{ARTICLE}/consolidation/preview", json={"amendments": ids}, headers=who[role]
        )
        assert response.status_code in (403, 404), role


async def test_restore_makes_an_old_version_current_as_a_new_one(
    client: AsyncClient, tokens: Any
) -> None:
    headers = {"Authorization": f"Bearer {tokens.secretariat}"}
    url = "/api/v1/instruments/model-law/articles/art_1"
    latest = await client.get(url)
    assert latest.json()["seq"] == 2
    restored = await client.post(
        f"{url}/restore",
        json={"language": "en", "version": 1},
        headers={**headers, "If-Match": latest.headers["etag"]},
    )
    assert restored.status_code == 201
    body = restored.json()
    first = (await client.get(url, params={"version": 1})).json()
    assert body["seq"] == 3
    assert body["provisions"] == first["provisions"]
    assert body["sources"] == {"restored_from": first["id"]}
    stale = await client.post(
        f"{url}/restore",
        json={"language": "en", "version": 1},
        headers={**headers, "If-Match": latest.headers["etag"]},
    )
    assert stale.status_code == 412


async def test_milestones_carry_a_content_hash_per_language(client: AsyncClient) -> None:
    milestones = (await client.get("/api/v1/instruments/model-law/milestones")).json()
    hashes = milestones["items"][0]["content_hashes"]
    assert set(hashes) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert all(len(h) == 64 for h in hashes.values())


async def _accepted_two(session: AsyncSession, settings: Settings, secretariat: User) -> list[int]:
    """France rewords paragraph 1 and Egypt paragraph 2; both accepted: their ids."""
    instrument = await get_instrument(session, "law")
    await amendments.open_round(
        session,
        instrument,
        name="R",
        timezone="UTC",
        deadline=utcnow() + timedelta(days=1),
        article_keys=None,
        actor=secretariat,
    )
    ids = []
    for code, index in (("FR", 0), ("EG", 1)):
        await create_delegation(session, DelegationKind.state, code, None, None)
        delegate = await create_user(session, f"{code}@example.org", code, Role.participant, code)
        texts = ["First paragraph.", "Second paragraph."]
        texts[index] = f"Changed by {code}."
        made = await amendments.create(
            session,
            settings,
            instrument,
            amendments.Proposal(
                kind=AmendmentKind.provisions,
                language="en",
                heading=None,
                note=None,
                justification="j",
                article_key="art_1",
                provisions=[
                    ProvisionIn(id=f"art_1__para_{i + 1}", number=str(i + 1), text=t)
                    for i, t in enumerate(texts)
                ],
            ),
            delegate,
        )
        for action, actor in (
            ("table", delegate),
            ("review", secretariat),
            ("accept", secretariat),
        ):
            await amendments.transition(
                session, settings, made, action, actor, amendments.etag(made)
            )
        ids.append(made.id)
    return ids


async def test_two_consolidations_in_parallel_one_wins(migrated_url: str) -> None:
    """On a real database (separate connections): one 201, the other 412, nothing lost."""
    async with track(migrated_url, _accepted_two) as ground:
        client, ids = ground.client, ground.seeded
        url = "/api/v1/instruments/law/articles/art_1"
        etag = (await client.get(url)).headers["etag"]

        async def consolidate(i: int) -> Response:
            return await client.post(
                f"{url}/consolidation", json={"amendments": [ids[i]]}, headers={"If-Match": etag}
            )

        responses = await race(len(ids), consolidate)
        assert sorted(r.status_code for r in responses) == [201, 412]
        winner = next(r for r in responses if r.status_code == 201).json()
        loser_id = next(i for i in ids if i not in winner["sources"]["amendments"])
        assert (await client.get(f"/api/v1/amendments/{loser_id}")).json()["status"] == "accepted"
        latest = (await client.get(url)).json()
        assert latest["id"] == winner["id"]

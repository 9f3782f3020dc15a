"""Amendments through the API: drafting privately, tabling before the deadline,
co-sponsoring, the secretariat's decisions, stale bases."""

from __future__ import annotations

from datetime import timedelta

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.models import AmendmentRound
from draftroom.models.base import utcnow
from tests.fixtures.clients import people
from tests.fixtures.factories import AMENDMENTS, act, draft, open_round, publish


async def test_a_draft_is_visible_only_inside_its_delegation(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    assert made["status"] == "draft"
    assert made["delegation"] == "France"
    assert made["provisions"][0]["text"] == "Amended text."
    url = f"/api/v1/amendments/{made['id']}"
    assert (await anonymous.get(url, headers=who["fr"])).status_code == 200
    for other in ("eg", "secretariat", "observer"):
        response = await anonymous.get(url, headers=who[other])
        assert response.status_code == 404, other
    listed = await anonymous.get(AMENDMENTS, headers=who["eg"])
    assert made["id"] not in [a["id"] for a in listed.json()["items"]]
    mine = await anonymous.get(AMENDMENTS, params={"status": "draft"}, headers=who["fr"])
    assert [a["id"] for a in mine.json()["items"]] == [made["id"]]


async def test_only_participants_propose(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    for role in ("secretariat", "observer"):
        response = await anonymous.post(
            AMENDMENTS, json={"article": "art_3", "provisions": [{"text": "x"}]}, headers=who[role]
        )
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"


async def test_tabling_needs_an_open_round_and_if_match(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    url = f"/api/v1/amendments/{made['id']}/transitions"
    refused = await act(anonymous, who["fr"], made["id"], "table")
    assert refused.status_code == 409
    assert refused.json()["error"] == "NoOpenRound"
    await open_round(anonymous, who["secretariat"])
    missing = await anonymous.post(url, json={"action": "table"}, headers=who["fr"])
    assert missing.status_code == 428
    stale = await anonymous.post(
        url, json={"action": "table"}, headers={**who["fr"], "If-Match": '"a1.999"'}
    )
    assert stale.status_code == 412
    tabled = await act(anonymous, who["fr"], made["id"], "table")
    assert tabled.status_code == 200
    assert tabled.json()["status"] == "tabled"
    assert tabled.json()["tabled_at"] is not None
    # Now everyone sees it.
    assert (
        await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["observer"])
    ).status_code == 200


async def test_after_the_deadline_tabling_is_refused_with_the_deadline_in_the_readers_language(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    opened = await anonymous.post(
        "/api/v1/instruments/model-law/rounds",
        json={"name": "EGM 1", "deadline": "2030-03-15T18:00:00", "timezone": "Europe/Vienna"},
        headers=who["secretariat"],
    )
    assert opened.status_code == 201
    assert opened.json()["deadline"].startswith("2030-03-15T17:00:00")
    await session.execute(update(AmendmentRound).values(deadline=utcnow() - timedelta(hours=1)))
    await session.flush()
    before = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    refused = await act(anonymous, {**who["fr"], "Accept-Language": "fr"}, made["id"], "table")
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "RoundClosed"
    assert "Europe/Vienna" in body["detail"]
    assert refused.headers["content-language"] == "fr"
    months = (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    )
    assert any(month in body["detail"] for month in months)
    after = (await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])).json()
    assert after == before


async def test_cosponsors_join_and_leave_with_dates(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    url = f"/api/v1/amendments/{made['id']}/cosponsors"
    assert (await anonymous.post(url, headers=who["eg"])).status_code == 404  # still a draft
    await act(anonymous, who["fr"], made["id"], "table")
    joined = await anonymous.post(url, headers=who["eg"])
    assert joined.status_code == 200
    assert [c["delegation"] for c in joined.json()["cosponsors"]] == ["Egypt"]
    assert joined.json()["cosponsors"][0]["since"]
    assert (await anonymous.post(url, headers=who["eg"])).status_code == 409
    assert (await anonymous.post(url, headers=who["fr"])).status_code == 403
    assert (await anonymous.post(url, headers=who["observer"])).status_code == 403
    await anonymous.post(url, headers=who["mx"])
    left = await anonymous.delete(url, headers=who["eg"])
    assert [c["delegation"] for c in left.json()["cosponsors"]] == ["Mexico"]


async def test_the_secretariat_accepts_with_changes_and_the_proposer_agrees(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    await act(anonymous, who["fr"], made["id"], "table")
    early = await act(anonymous, who["secretariat"], made["id"], "accept")
    assert early.status_code == 409
    assert early.json()["error"] == "TransitionNotAllowed"
    assert (await act(anonymous, who["fr"], made["id"], "review")).status_code == 403
    assert (await act(anonymous, who["secretariat"], made["id"], "review")).json()["status"] == (
        "under_review"
    )
    no_text = await act(anonymous, who["secretariat"], made["id"], "accept_with_changes")
    assert no_text.status_code == 422
    changed = [dict(p) for p in made["provisions"]]
    changed[0]["text"] = "Amended text, as the secretariat words it."
    accepted = await act(
        anonymous,
        who["secretariat"],
        made["id"],
        "accept_with_changes",
        provisions=changed,
        reason="Aligned with article 4.",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted_with_changes"
    assert accepted.json()["secretariat_text"][0]["text"].endswith("secretariat words it.")
    assert (await act(anonymous, who["eg"], made["id"], "agree")).status_code == 403
    agreed = await act(anonymous, who["fr"], made["id"], "agree")
    assert agreed.json()["proposer_response"] == "agreed"
    again = await act(anonymous, who["fr"], made["id"], "object")
    assert again.status_code == 409


async def test_withdraw_and_reject_are_final(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    first = await draft(anonymous, who["fr"])
    await act(anonymous, who["fr"], first["id"], "table")
    assert (await act(anonymous, who["fr"], first["id"], "withdraw")).json()["status"] == (
        "withdrawn"
    )
    assert (await act(anonymous, who["fr"], first["id"], "table")).status_code == 409
    second = await draft(anonymous, who["eg"], text="Another text.")
    await act(anonymous, who["eg"], second["id"], "table")
    await act(anonymous, who["secretariat"], second["id"], "review")
    rejected = await act(
        anonymous, who["secretariat"], second["id"], "reject", reason="Out of scope"
    )
    assert rejected.json()["status"] == "rejected"
    assert (await act(anonymous, who["eg"], second["id"], "withdraw")).status_code == 409


async def test_only_the_proposer_edits_a_draft_with_if_match(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    url = f"/api/v1/amendments/{made['id']}"
    etag = (await anonymous.get(url, headers=who["fr"])).headers["etag"]
    body = {"article": "art_3", "provisions": made["provisions"], "justification": "Better."}
    assert (await anonymous.put(url, json=body, headers=who["eg"])).status_code == 404
    assert (await anonymous.put(url, json=body, headers=who["fr"])).status_code == 428
    edited = await anonymous.put(url, json=body, headers={**who["fr"], "If-Match": etag})
    assert edited.status_code == 200
    assert edited.json()["justification"] == "Better."
    assert edited.json()["version"] == made["version"] + 1
    stale = await anonymous.put(url, json=body, headers={**who["fr"], "If-Match": etag})
    assert stale.status_code == 412


async def test_bad_input_changes_nothing(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    url = f"/api/v1/amendments/{made['id']}"
    etag = (await anonymous.get(url, headers=who["fr"])).headers["etag"]
    for provisions, error in [
        ([{"id": "art_3__para_1", "text": "   "}], "InvalidInput"),
        ([{"id": "art_3__para_1", "text": "x" * 20_001}], "TextTooLong"),
        ([], "InvalidInput"),
    ]:
        response = await anonymous.put(
            url,
            json={"article": "art_3", "provisions": provisions, "justification": "j"},
            headers={**who["fr"], "If-Match": etag},
        )
        assert response.status_code == 422, provisions
        assert response.json()["error"] == error
    unknown = await anonymous.post(
        AMENDMENTS,
        json={"article": "art_3", "language": "de", "provisions": [{"text": "x"}]},
        headers=who["fr"],
    )
    assert unknown.status_code == 422
    nothing = await anonymous.post(
        AMENDMENTS, json={"article": "art_999", "provisions": [{"text": "x"}]}, headers=who["fr"]
    )
    assert nothing.status_code == 404
    after = (await anonymous.get(url, headers=who["fr"])).json()
    assert after["version"] == made["version"]
    assert after["provisions"] == made["provisions"]


async def test_an_amendment_that_changes_nothing_cannot_be_tabled(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    base = (
        await anonymous.get("/api/v1/instruments/model-law/articles/art_3", headers=who["fr"])
    ).json()
    made = await anonymous.post(
        AMENDMENTS,
        json={"article": "art_3", "provisions": base["provisions"], "justification": "None"},
        headers=who["fr"],
    )
    refused = await act(anonymous, who["fr"], made.json()["id"], "table")
    assert refused.status_code == 422
    assert refused.json()["detail"] == "The amendment changes nothing in the text."


async def test_new_article_delete_article_and_sub_amendment(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    new = await anonymous.post(
        AMENDMENTS,
        json={
            "kind": "new_article",
            "heading": "Electronic signatures",
            "new_article_number": "8 bis",
            "provisions": [{"number": "1", "text": "Requests may be signed electronically."}],
            "justification": "Practice has moved on.",
        },
        headers=who["fr"],
    )
    assert new.status_code == 201
    assert new.json()["article"] is None
    assert (await act(anonymous, who["fr"], new.json()["id"], "table")).status_code == 200
    deletion = await anonymous.post(
        AMENDMENTS,
        json={"kind": "delete_article", "article": "art_31", "justification": "Redundant."},
        headers=who["eg"],
    )
    assert deletion.status_code == 201
    assert deletion.json()["provisions"] == []
    parent = await draft(anonymous, who["fr"])
    await act(anonymous, who["fr"], parent["id"], "table")
    own = await anonymous.post(
        AMENDMENTS,
        json={"parent": parent["id"], "provisions": parent["provisions"]},
        headers=who["fr"],
    )
    assert own.status_code == 422
    sub_provisions = [dict(p) for p in parent["provisions"]]
    sub_provisions[0]["text"] = "Amended text, further amended."
    sub = await anonymous.post(
        AMENDMENTS,
        json={"parent": parent["id"], "provisions": sub_provisions, "justification": "Precision."},
        headers=who["mx"],
    )
    assert sub.status_code == 201
    assert sub.json()["parent_id"] == parent["id"]
    assert sub.json()["article"] == "art_3"


async def test_rounds_are_the_secretariats(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    body = {"name": "R", "deadline": "2031-01-01T12:00:00", "timezone": "Asia/Shanghai"}
    for role in ("fr", "observer"):
        response = await anonymous.post(
            "/api/v1/instruments/model-law/rounds", json=body, headers=who[role]
        )
        assert response.status_code == 403
    bad_zone = await anonymous.post(
        "/api/v1/instruments/model-law/rounds",
        json={**body, "timezone": "Mars/Olympus"},
        headers=who["secretariat"],
    )
    assert bad_zone.status_code == 422
    past = await anonymous.post(
        "/api/v1/instruments/model-law/rounds",
        json={**body, "deadline": "2001-01-01T00:00:00"},
        headers=who["secretariat"],
    )
    assert past.status_code == 422
    made = await anonymous.post(
        "/api/v1/instruments/model-law/rounds", json=body, headers=who["secretariat"]
    )
    assert made.json()["open"] is True
    assert "Asia/Shanghai" in made.json()["deadline_text"]
    closed = await anonymous.post(
        f"/api/v1/rounds/{made.json()['id']}/close", headers=who["secretariat"]
    )
    assert closed.json()["open"] is False


async def test_a_stale_amendment_is_rebased_onto_the_new_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    assert made["stale"] is False
    # The secretariat rewords paragraph 2; the amendment changed paragraph 1.
    await publish(anonymous, who["secretariat"], {1: "A new second paragraph."})
    stale = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    assert stale.json()["stale"] is True
    rebased = await anonymous.post(
        f"/api/v1/amendments/{made['id']}/rebase",
        headers={**who["fr"], "If-Match": stale.headers["etag"]},
    )
    assert rebased.status_code == 200, rebased.text
    body = rebased.json()
    assert body["stale"] is False
    assert body["provisions"][0]["text"] == "Amended text."
    assert body["provisions"][1]["text"] == "A new second paragraph."


async def test_a_colliding_rebase_names_the_provision_and_changes_nothing(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await publish(anonymous, who["secretariat"], {0: "The secretariat's own first paragraph."})
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    refused = await anonymous.post(
        f"/api/v1/amendments/{made['id']}/rebase",
        headers={**who["fr"], "If-Match": current.headers["etag"]},
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "RebaseConflict"
    assert " 1:" in refused.json()["detail"] or " 1 " in refused.json()["detail"]
    after = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    assert after.json() == current.json()
    # The proposer resolves by hand: edit against the new version.
    latest = await anonymous.get("/api/v1/instruments/model-law/articles/art_3", headers=who["fr"])
    provisions = [dict(p) for p in latest.json()["provisions"]]
    provisions[0]["text"] = "The secretariat's own first paragraph, as amended."
    resolved = await anonymous.put(
        f"/api/v1/amendments/{made['id']}",
        json={
            "article": "art_3",
            "provisions": provisions,
            "justification": "Clearer wording.",
            "base_version": latest.json()["id"],
        },
        headers={**who["fr"], "If-Match": after.headers["etag"]},
    )
    assert resolved.status_code == 200
    assert resolved.json()["stale"] is False

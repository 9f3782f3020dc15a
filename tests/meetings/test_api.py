"""The meetings API: the secretariat plans, opens and closes meetings and chairs them (the
pointer, the list of speakers, decisions tied to the exact text); a delegation's members ask
for its floor; everyone signed in follows through one answer (``/state``). Every refusal is
a 4xx in the reader's language that changes nothing."""

from __future__ import annotations

import hashlib
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people
from tests.fixtures.factories import act, open_round, propose
from tests.fixtures.meetings import (
    MEETINGS,
    P1,
    P2,
    P3,
    ask_floor,
    create_meeting,
    decide,
    meeting_body,
    meeting_url,
    open_meeting,
    point,
    speaker_url,
    state,
)
from tests.fixtures.negotiation_http import ART, journal_head, paragraph, placed, rolling, text_now

RECIPROCITY = "and of reciprocity"


# --- meetings ---------------------------------------------------------------------------


async def test_the_secretariat_plans_changes_opens_and_closes_a_meeting_everyone_reads_it(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await anonymous.post(
        MEETINGS, json=meeting_body(delegations=["FR", "EG"]), headers=who["secretariat"]
    )
    assert made.status_code == 201, made.text
    meeting = made.json()
    assert made.headers["etag"] == meeting["etag"]
    assert meeting["status"] == "planned"
    assert meeting["status_name"] == "planned"
    assert meeting["timezone"] == "Europe/Vienna"
    assert meeting["agenda"] == [
        {"title": "Part I", "articles": ["art_1", "art_2"]},
        {"title": None, "articles": ["art_3"]},
    ]
    assert [d["code"] for d in meeting["delegations"]] == ["FR", "EG"]
    assert meeting["delegations"][0]["name"] == "France"
    assert meeting["pointer"] is None
    url = meeting_url(meeting["id"])
    # Observers follow and read, in their language.
    read = await anonymous.get(url, params={"lang": "fr"}, headers=who["observer"])
    assert read.status_code == 200
    assert read.json()["delegations"][1]["name"] == "Égypte"
    listed = await anonymous.get(MEETINGS, headers=who["observer"])
    assert meeting["id"] in [m["id"] for m in listed.json()]
    # The chair changes it (If-Match), then opens and closes it.
    changed = await anonymous.put(
        url,
        json=meeting_body(title="Second meeting, resumed", speaking_seconds=None),
        headers={**who["secretariat"], "If-Match": meeting["etag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["title"] == "Second meeting, resumed"
    assert changed.json()["speaking_seconds"] is None
    assert changed.json()["delegations"] == []
    # (?lang=fr above left a language cookie: this answer is asked for in English.)
    opened = await anonymous.post(
        f"{url}/open",
        params={"lang": "en"},
        headers={**who["secretariat"], "If-Match": changed.headers["etag"]},
    )
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"
    assert opened.json()["status_name"] == "in session"
    assert opened.json()["opened_at"] is not None
    again = await anonymous.post(
        f"{url}/open", headers={**who["secretariat"], "If-Match": opened.headers["etag"]}
    )
    assert again.status_code == 409
    assert again.json()["error"] == "MeetingStep"
    assert again.json()["detail"] == "This meeting has been opened already."
    closed = await anonymous.post(
        f"{url}/close", headers={**who["secretariat"], "If-Match": opened.headers["etag"]}
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None
    late = await anonymous.put(
        url, json=meeting_body(), headers={**who["secretariat"], "If-Match": closed.headers["etag"]}
    )
    assert late.status_code == 409


async def test_only_the_secretariat_plans_or_chairs(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    url = meeting_url(held["id"])
    head = await journal_head(session)
    for name in ("fr", "observer"):
        refused = await anonymous.post(MEETINGS, json=meeting_body(), headers=who[name])
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Only the secretariat chairs a meeting."
        for path in ("close", "list/close"):
            answer = await anonymous.post(
                f"{url}/{path}", headers={**who[name], "If-Match": held["etag"]}
            )
            assert answer.status_code == 403
        moved = await point(anonymous, who[name], held["id"], if_match=held["etag"])
        assert moved.status_code == 403
        decided = await decide(anonymous, who[name], held["id"], "agreed", provision=P1)
        assert decided.status_code == 403
    unsigned = await anonymous.get(url)
    assert unsigned.status_code == 401
    assert await journal_head(session) == head


async def test_bad_dates_time_zones_agendas_and_delegations_are_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    head = await journal_head(session)
    cases: list[tuple[dict[str, Any], str | None]] = [
        (
            {"starts_on": "2027-03-02", "ends_on": "2027-03-01"},
            "The meeting cannot end before it starts.",
        ),
        ({"timezone": "Europe/Atlantis"}, "“Europe/Atlantis” is not a time zone."),
        (
            {"agenda": [{"articles": ["art_3", "art_999"]}]},
            "Agenda item 1: name articles of this instrument (art_999).",
        ),
        ({"agenda": [{"title": "Empty", "articles": []}]}, None),
        ({"delegations": ["FR", "ZZZ"]}, "No delegation “ZZZ”."),
        ({"title": "  "}, "A meeting needs a title."),
        ({"speaking_seconds": 5}, "Speaking time is between 10 seconds and an hour."),
        ({"starts_on": "2027-02-30"}, None),
    ]
    for changes, detail in cases:
        refused = await anonymous.post(
            MEETINGS, json=meeting_body(**changes), headers=who["secretariat"]
        )
        assert refused.status_code == 422, (changes, refused.text)
        if detail is not None:
            assert refused.json()["detail"] == detail, changes
    # In the reader's language.
    french = await anonymous.post(
        MEETINGS,
        params={"lang": "fr"},
        json=meeting_body(timezone="Mars/Olympus"),
        headers=who["secretariat"],
    )
    assert french.status_code == 422
    assert "Mars/Olympus" in french.json()["detail"]
    assert await journal_head(session) == head


async def test_unknown_meetings_and_requests_are_404(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    missing = await anonymous.get(meeting_url(2_000_000), headers=who["fr"])
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No meeting 2000000 on this instrument."
    elsewhere = await anonymous.get(
        f"/api/v1/instruments/no-such-law/meetings/{held['id']}", headers=who["fr"]
    )
    assert elsewhere.status_code == 404
    speaker = await anonymous.post(
        f"{speaker_url(held['id'], 2_000_000)}/withdraw", headers=who["fr"]
    )
    assert speaker.status_code == 404
    assert speaker.json()["detail"] == "No request for the floor 2000000 in this meeting."
    # A request of another meeting is not this meeting's.
    other = await open_meeting(anonymous, who["secretariat"])
    asked = await ask_floor(anonymous, who["fr"], other["id"])
    crossed = await anonymous.post(
        f"{speaker_url(held['id'], asked.json()['id'])}/withdraw", headers=who["fr"]
    )
    assert crossed.status_code == 404


# --- the chair's pointer ----------------------------------------------------------------


async def test_the_chair_points_at_words_and_every_follower_reads_where(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    moved = await point(
        anonymous, who["secretariat"], held["id"], provision=P2, quote=RECIPROCITY, view="rolling"
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["pointer"] == {
        "article": "art_3",
        "article_number": "3",
        "provision": P2,
        "provision_number": "2",
        "view": "rolling",
        "view_name": "the rolling text",
        "amendment_id": None,
        "amendment_number": None,
        "quote": RECIPROCITY,
    }
    assert moved.headers["etag"] != held["etag"]
    for name in ("observer", "eg"):
        seen = await state(anonymous, who[name], held["id"])
        assert seen["meeting"]["pointer"]["provision"] == P2
        assert seen["meeting"]["pointer"]["quote"] == RECIPROCITY
    # A stale pointer (another chair's tab) and a missing If-Match change nothing.
    head = await journal_head(session)
    stale = await point(anonymous, who["secretariat"], held["id"], if_match=held["etag"])
    assert stale.status_code == 412
    unconditional = await anonymous.put(
        f"{meeting_url(held['id'])}/pointer", json={"article": "art_3"}, headers=who["secretariat"]
    )
    assert unconditional.status_code == 428
    assert await journal_head(session) == head
    assert (await state(anonymous, who["fr"], held["id"]))["meeting"]["pointer"]["provision"] == P2


async def test_pointing_at_what_is_not_there_or_not_in_session_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    planned = await create_meeting(anonymous, chair)
    head = await journal_head(session)
    resting = await point(anonymous, chair, planned["id"])
    assert resting.status_code == 409
    assert resting.json()["detail"] == "The meeting is not in session."
    held = await open_meeting(anonymous, chair)
    head = await journal_head(session)
    not_said = await point(anonymous, chair, held["id"], provision=P1, quote="no such words")
    assert not_said.status_code == 422
    assert not_said.json()["error"] == "NotInText"
    bad_view = await point(anonymous, chair, held["id"], view="slides")
    assert bad_view.status_code == 422
    no_proposal = await point(anonymous, chair, held["id"], view="proposal")
    assert no_proposal.status_code == 422
    assert no_proposal.json()["detail"] == "Name the proposal to show."
    no_article = await point(anonymous, chair, held["id"], article="art_999")
    assert no_article.status_code == 404
    no_paragraph = await point(anonymous, chair, held["id"], provision="art_3__para_99")
    assert no_paragraph.status_code == 404
    assert await journal_head(session) == head


# --- the list of speakers ---------------------------------------------------------------


async def test_delegations_ask_for_the_floor_and_the_list_reads_alike_in_every_language(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    mid = held["id"]
    france = await ask_floor(anonymous, who["fr"], mid)
    assert france.status_code == 201, france.text
    assert france.json()["place"] == 0
    assert france.json()["status"] == "waiting"
    assert france.headers["etag"] == france.json()["etag"]
    egypt = await ask_floor(anonymous, who["eg"], mid, on_behalf_of="the African Group")
    assert egypt.status_code == 201
    assert egypt.json()["label"] == "Egypt, on behalf of the African Group"
    assert egypt.json()["place"] == 1
    # Asking twice: 409, the list unchanged.
    head = await journal_head(session)
    twice = await ask_floor(anonymous, who["fr"], mid)
    assert twice.status_code == 409
    assert twice.json()["detail"] == "Your delegation is on the list of speakers already."
    assert await journal_head(session) == head
    # A point of order asked last goes first.
    order = await ask_floor(anonymous, who["mx"], mid, kind="point_of_order")
    assert order.status_code == 201
    assert order.json()["place"] == 0
    assert order.json()["label"] == "Mexico (point of order)"
    english = await state(anonymous, who["observer"], mid)
    assert [s["delegation"]["code"] for s in english["speakers"]] == ["MX", "FR", "EG"]
    assert [s["kind_name"] for s in english["speakers"]] == ["point of order", "floor", "floor"]
    assert english["speaking"] is None
    assert english["list_closed"] is False
    assert english["seq"] >= head
    arabic = await state(anonymous, who["observer"], mid, lang="ar")
    assert [s["id"] for s in arabic["speakers"]] == [s["id"] for s in english["speakers"]]
    assert arabic["speakers"][1]["delegation"]["name"] == "فرنسا"
    chinese = await state(anonymous, who["fr"], mid, lang="zh")
    assert chinese["speakers"][2]["delegation"]["name"] == "埃及"


async def test_the_chair_gives_the_floor_times_it_and_moves_requests(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    held = await open_meeting(anonymous, chair, speaking_seconds=120)
    mid = held["id"]
    fr = (await ask_floor(anonymous, who["fr"], mid)).json()
    eg = (await ask_floor(anonymous, who["eg"], mid)).json()
    mx = (await ask_floor(anonymous, who["mx"], mid)).json()
    # Mexico moved to the front (If-Match of the request).
    missing = await anonymous.put(
        f"{speaker_url(mid, mx['id'])}/position", json={"index": 0}, headers=chair
    )
    assert missing.status_code == 428
    moved = await anonymous.put(
        f"{speaker_url(mid, mx['id'])}/position",
        json={"index": 0},
        headers={**chair, "If-Match": mx["etag"]},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["place"] == 0
    stale = await anonymous.put(
        f"{speaker_url(mid, mx['id'])}/position",
        json={"index": 2},
        headers={**chair, "If-Match": mx["etag"]},
    )
    assert stale.status_code == 412
    seen = await state(anonymous, who["observer"], mid)
    assert [s["delegation"]["code"] for s in seen["speakers"]] == ["MX", "FR", "EG"]
    # The floor to France (a stale ETag first), then to Egypt: France is done.
    refused = await anonymous.post(
        f"{speaker_url(mid, fr['id'])}/floor", headers={**chair, "If-Match": '"sp0.9"'}
    )
    assert refused.status_code == 412
    delegate = await anonymous.post(
        f"{speaker_url(mid, fr['id'])}/floor", headers={**who["fr"], "If-Match": fr["etag"]}
    )
    assert delegate.status_code == 403
    given = await anonymous.post(
        f"{speaker_url(mid, fr['id'])}/floor", headers={**chair, "If-Match": fr["etag"]}
    )
    assert given.status_code == 200, given.text
    assert given.json()["status"] == "speaking"
    assert given.json()["status_name"] == "speaking"
    seen = await state(anonymous, who["eg"], mid)
    assert seen["speaking"]["delegation"]["code"] == "FR"
    assert seen["speakers"][0]["id"] == fr["id"]
    assert seen["speaking_since"] is not None
    assert seen["speaking_seconds"] == 120
    assert 100 <= seen["remaining_seconds"] <= 120
    # France cannot withdraw once speaking (409); the chair gives Egypt the floor.
    late = await anonymous.post(f"{speaker_url(mid, fr['id'])}/withdraw", headers=who["fr"])
    assert late.status_code == 409
    assert late.json()["detail"] == "This request for the floor is no longer waiting."
    next_ = await anonymous.post(
        f"{speaker_url(mid, eg['id'])}/floor", headers={**chair, "If-Match": eg["etag"]}
    )
    assert next_.status_code == 200
    seen = await state(anonymous, who["eg"], mid)
    assert seen["speaking"]["delegation"]["code"] == "EG"
    assert [s["delegation"]["code"] for s in seen["speakers"]] == ["EG", "MX"]
    done = await anonymous.post(f"{speaker_url(mid, eg['id'])}/done", headers=chair)
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["place"] is None
    again = await anonymous.post(f"{speaker_url(mid, eg['id'])}/done", headers=chair)
    assert again.status_code == 409
    seen = await state(anonymous, who["eg"], mid)
    assert seen["speaking"] is None
    assert seen["remaining_seconds"] is None
    # Done, France may ask again.
    assert (await ask_floor(anonymous, who["fr"], mid)).status_code == 201


async def test_withdrawing_is_for_the_delegation_itself_or_the_chair(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    mid = held["id"]
    fr = (await ask_floor(anonymous, who["fr"], mid)).json()
    url = f"{speaker_url(mid, fr['id'])}/withdraw"
    assert (await anonymous.post(url, headers=who["eg"])).status_code == 404
    assert (await anonymous.post(url, headers=who["observer"])).status_code == 403
    withdrawn = await anonymous.post(url, headers=who["fr"])
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert (await anonymous.post(url, headers=who["fr"])).status_code == 409
    assert (await state(anonymous, who["fr"], mid))["speakers"] == []
    eg = (await ask_floor(anonymous, who["eg"], mid)).json()
    by_chair = await anonymous.post(
        f"{speaker_url(mid, eg['id'])}/withdraw", headers=who["secretariat"]
    )
    assert by_chair.status_code == 200


async def test_who_may_ask_for_the_floor_and_when(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    planned = await create_meeting(anonymous, chair)
    resting = await ask_floor(anonymous, who["fr"], planned["id"])
    assert resting.status_code == 409
    assert resting.json()["detail"] == "The meeting is not in session."
    held = await open_meeting(anonymous, chair, delegations=["FR"])
    mid = held["id"]
    for name in ("observer", "secretariat", "eg"):
        refused = await ask_floor(anonymous, who[name], mid)
        assert refused.status_code == 403, name
        assert refused.json()["detail"] == (
            "Only a member of a delegation taking part asks for its floor."
        )
    # The chair closes the list: no more requests for the floor, points of order still.
    closing = await anonymous.post(
        f"{meeting_url(mid)}/list/close", headers={**chair, "If-Match": held["etag"]}
    )
    assert closing.status_code == 200
    assert closing.json()["list_closed"] is True
    closed = await ask_floor(anonymous, who["fr"], mid)
    assert closed.status_code == 409
    assert closed.json()["detail"] == "The chair has closed the list of speakers."
    assert (await ask_floor(anonymous, who["fr"], mid, kind="point_of_order")).status_code == 201
    assert (await ask_floor(anonymous, who["fr"], mid, kind="reply")).status_code == 201
    assert (await state(anonymous, who["observer"], mid))["list_closed"] is True
    stale = await anonymous.post(
        f"{meeting_url(mid)}/list/reopen", headers={**chair, "If-Match": held["etag"]}
    )
    assert stale.status_code == 412
    reopened = await anonymous.post(
        f"{meeting_url(mid)}/list/reopen", headers={**chair, "If-Match": closing.headers["etag"]}
    )
    assert reopened.status_code == 200
    assert reopened.json()["list_closed"] is False
    assert (await ask_floor(anonymous, who["fr"], mid)).status_code == 201
    # Closing the meeting ends every request.
    closed_meeting = await anonymous.post(
        f"{meeting_url(mid)}/close", headers={**chair, "If-Match": reopened.headers["etag"]}
    )
    assert closed_meeting.status_code == 200
    assert (await state(anonymous, who["fr"], mid))["speakers"] == []


# --- decisions --------------------------------------------------------------------------


async def test_an_agreement_records_the_version_and_words_and_the_rolling_text_shows_it(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    held = await open_meeting(anonymous, chair)
    mid = held["id"]
    assert (await point(anonymous, chair, mid, provision=P1)).status_code == 200
    words = await text_now(anonymous, who["fr"], P1)
    version = (await anonymous.get(ART, params={"language": "en"}, headers=who["fr"])).json()
    decided = await decide(
        anonymous, chair, mid, "agreed", reserved=["EG"], note="Agreed after consultations."
    )
    assert decided.status_code == 201, decided.text
    decision = decided.json()
    assert decision["kind"] == "agreed"
    assert decision["kind_name"] == "agreed"
    assert decision["article"] == "art_3"
    assert decision["provision"] == P1
    assert decision["version_id"] == version["id"]
    assert decision["version_seq"] == version["seq"]
    assert decision["words"] == words
    assert decision["words_hash"] == hashlib.sha256(words.encode()).hexdigest()
    assert [d["code"] for d in decision["reserved"]] == ["EG"]
    assert decision["note"] == "Agreed after consultations."
    rolled = (await rolling(anonymous, who["fr"])).json()
    assert paragraph(rolled, P1)["status"] == "agreed"
    assert paragraph(rolled, P1)["reason"] == "Agreed after consultations."
    # Ad referendum on paragraph 2 by name, awaiting France's capital; deferred on 3.
    ad_ref = await decide(anonymous, chair, mid, "ad_referendum", confirm=["FR"], provision=P2)
    assert ad_ref.status_code == 201, ad_ref.text
    assert [d["name"] for d in ad_ref.json()["confirm"]] == ["France"]
    deferred = await decide(anonymous, chair, mid, "deferred", provision=P3)
    assert deferred.status_code == 201
    rolled = (await rolling(anonymous, who["fr"])).json()
    assert paragraph(rolled, P2)["status"] == "ad_referendum"
    assert paragraph(rolled, P2)["pending"] == ["France"]
    assert paragraph(rolled, P3)["status"] == "open"
    listed = await anonymous.get(f"{meeting_url(mid)}/decisions", headers=who["observer"])
    assert [d["kind"] for d in listed.json()] == ["agreed", "ad_referendum", "deferred"]
    arabic = await anonymous.get(
        f"{meeting_url(mid)}/decisions", params={"lang": "ar"}, headers=who["observer"]
    )
    assert arabic.json()[0]["reserved"][0]["name"] == "مصر"
    seen = await state(anonymous, who["observer"], mid)
    assert [d["id"] for d in seen["decisions"]] == [d["id"] for d in listed.json()]


async def test_decisions_are_refused_out_of_session_or_on_bracketed_words(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    planned = await create_meeting(anonymous, chair)
    head = await journal_head(session)
    resting = await decide(anonymous, chair, planned["id"], "agreed", article="art_3", provision=P1)
    assert resting.status_code == 409
    held = await open_meeting(anonymous, chair)
    head = await journal_head(session)
    nothing_shown = await decide(anonymous, chair, held["id"], "agreed")
    assert nothing_shown.status_code == 422
    assert nothing_shown.json()["detail"] == "Name the article decided on."
    unknown = await decide(anonymous, chair, held["id"], "agreed", article="art_3", provision=P1,
                           reserved=["ZZZ"])  # fmt: skip
    assert unknown.status_code == 422
    assert await journal_head(session) == head
    # Words still in brackets cannot be agreed: the decision and the status are refused.
    await placed(anonymous, chair, P2, RECIPROCITY)
    head = await journal_head(session)
    bracketed = await decide(anonymous, chair, held["id"], "agreed", article="art_3", provision=P2)
    assert bracketed.status_code == 409
    assert await journal_head(session) == head
    listed = await anonymous.get(f"{meeting_url(held['id'])}/decisions", headers=chair)
    assert listed.json() == []


async def test_a_proposal_shown_is_accepted_by_decision(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    chair = who["secretariat"]
    await open_round(anonymous, chair)
    current = await text_now(anonymous, who["fr"], P1)
    proposal = await propose(anonymous, who["fr"], {0: current.replace("is in force", "applies")})
    assert (await act(anonymous, who["fr"], proposal["id"], "table")).status_code == 200
    held = await open_meeting(anonymous, chair)
    mid = held["id"]
    shown = await point(
        anonymous, chair, mid, provision=None, view="proposal", amendment_id=proposal["id"]
    )
    assert shown.status_code == 200, shown.text
    assert shown.json()["pointer"]["amendment_number"] == proposal["number"]
    decided = await decide(anonymous, chair, mid, "accepted", note="The room supports it.")
    assert decided.status_code == 201, decided.text
    assert decided.json()["amendment_id"] == proposal["id"]
    assert decided.json()["amendment_number"] == proposal["number"]
    assert decided.json()["kind_name"] == "proposal accepted"
    assert decided.json()["words"] is None
    read = await anonymous.get(f"/api/v1/amendments/{proposal['id']}", headers=who["fr"])
    assert read.json()["status"] == "accepted"
    # Another delegation's draft is nobody else's to show: it does not exist for the chair.
    draft = await propose(anonymous, who["eg"], {1: "Another wording."})
    hidden = await point(
        anonymous, chair, mid, provision=None, view="proposal", amendment_id=draft["id"]
    )
    assert hidden.status_code == 404
    assert (await state(anonymous, who["eg"], mid))["meeting"]["pointer"]["amendment_id"] == (
        proposal["id"]
    )

"""The negotiation API: statuses with ad referendum confirmations, brackets asked for and
decided, alternatives added, supported, translated and chosen, the rolling text and the
progress towards agreement; every refusal a 4xx in the reader's language that changes
nothing."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people
from tests.fixtures.factories import act, open_round, propose, publish
from tests.fixtures.negotiation_http import (
    ART,
    INSTRUMENT,
    alternative,
    alternative_url,
    bracket,
    bracket_url,
    choose,
    confirm,
    decide_bracket,
    journal_head,
    paragraph,
    placed,
    provision_url,
    rolling,
    set_status,
    status_etag,
    text_now,
)

P1, P2, P3, P4 = (f"art_3__para_{n}" for n in range(1, 5))
SHALL = "the provisions of that treaty shall apply"
RECIPROCITY = "and of reciprocity"


# --- statuses ---------------------------------------------------------------------------


async def test_a_status_is_read_set_and_guarded_by_its_etag(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    url = f"{provision_url(P2)}/status"
    never = await anonymous.get(url, headers=who["fr"])
    assert never.status_code == 200
    assert never.json()["status"] == "open"
    assert never.json()["version"] == 0
    assert never.headers["etag"] == '"s0"'
    body = {"status": "agreed", "reason": "Agreed in the plenary."}
    head = await journal_head(session)
    missing = await anonymous.put(url, json=body, headers=who["secretariat"])
    assert missing.status_code == 428
    observer = await anonymous.put(url, json=body, headers={**who["observer"], "If-Match": '"s0"'})
    assert observer.status_code == 403
    delegation = await anonymous.put(url, json=body, headers={**who["fr"], "If-Match": '"s0"'})
    assert delegation.status_code == 403
    assert delegation.json()["error"] == "Forbidden"
    assert await journal_head(session) == head
    agreed = await anonymous.put(url, json=body, headers={**who["secretariat"], "If-Match": '"s0"'})
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["status"] == "agreed"
    assert agreed.json()["status_name"] == "agreed"
    assert agreed.json()["reason"] == "Agreed in the plenary."
    assert agreed.headers["etag"] != '"s0"'
    assert await journal_head(session) == head + 1
    # A second secretariat tab still holding "s0" is refused, and nothing changes.
    stale = await anonymous.put(
        url,
        json={"status": "open", "reason": "x"},
        headers={**who["secretariat"], "If-Match": '"s0"'},
    )
    assert stale.status_code == 412
    assert await journal_head(session) == head + 1
    read = await anonymous.get(url, headers=who["eg"])
    assert read.json()["status"] == "agreed"
    assert read.headers["etag"] == agreed.headers["etag"]
    # Observers follow the published text, never the working state.
    assert (await anonymous.get(url, headers=who["observer"])).status_code == 403


async def test_a_refusal_speaks_the_readers_language_and_changes_nothing(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    head = await journal_head(session)
    no_match = await anonymous.put(
        f"{provision_url(P2)}/status?lang=fr",
        json={"status": "agreed", "reason": "Agreed."},
        headers=who["secretariat"],
    )
    assert no_match.status_code == 428
    assert no_match.headers["content-language"] == "fr"
    assert no_match.json()["detail"].startswith("Envoyez l’en-tête If-Match")
    no_status = await anonymous.put(
        f"{provision_url(P2)}/status?lang=ar",
        json={"reason": "Agreed."},
        headers={**who["secretariat"], "If-Match": '"s0"'},
    )
    assert no_status.status_code == 422
    assert no_status.headers["content-language"] == "ar"
    assert no_status.json()["fields"][0]["problem"] == "هذا الحقل إلزامي."
    no_reason = await anonymous.put(
        f"{provision_url(P2)}/status",
        json={"status": "agreed"},
        headers={**who["secretariat"], "If-Match": '"s0"'},
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["fields"][0]["field"] == "reason"
    unknown = await anonymous.put(
        f"{provision_url('art_3__para_99')}/status",
        json={"status": "agreed", "reason": "r"},
        headers={**who["secretariat"], "If-Match": '"s0"'},
    )
    assert unknown.status_code == 404
    bad_status = await anonymous.put(
        f"{provision_url(P2)}/status",
        json={"status": "settled", "reason": "r"},
        headers={**who["secretariat"], "If-Match": '"s0"'},
    )
    assert bad_status.status_code == 422
    assert await journal_head(session) == head
    assert (await anonymous.get(f"{provision_url(P2)}/status", headers=who["fr"])).json()[
        "version"
    ] == 0


async def test_ad_referendum_awaits_named_delegations_and_the_last_confirmation_agrees(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    head = await journal_head(session)
    nobody = await set_status(anonymous, who["secretariat"], P2, "ad_referendum")
    assert nobody.status_code == 422
    assert nobody.json()["fields"][0]["field"] == "confirm"
    unknown = await set_status(anonymous, who["secretariat"], P2, "ad_referendum", confirm=["ZZ"])
    assert unknown.status_code == 422
    assert "ZZ" in unknown.json()["detail"]
    assert await journal_head(session) == head
    made = await set_status(
        anonymous, who["secretariat"], P2, "ad_referendum", confirm=["FR", "EG"]
    )
    assert made.status_code == 200, made.text
    assert [d["code"] for d in made.json()["confirm"]] == ["FR", "EG"]
    assert made.json()["confirm"][0]["name"] == "France"
    etag = made.headers["etag"]
    # Mexico's capital was not asked; the secretariat does not confirm for a capital.
    assert (await confirm(anonymous, who["mx"], P2, etag)).status_code == 409
    assert (await confirm(anonymous, who["secretariat"], P2, etag)).status_code == 403
    assert (await confirm(anonymous, who["fr"], P2, '"s0"')).status_code == 412
    france = await confirm(anonymous, who["fr"], P2, etag)
    assert france.status_code == 200, france.text
    assert france.json()["status"] == "ad_referendum"
    assert [d["code"] for d in france.json()["confirmed"]] == ["FR"]
    again = await confirm(anonymous, who["fr"], P2, france.headers["etag"])
    assert again.status_code == 409
    rolled = (await rolling(anonymous, who["eg"])).json()
    assert paragraph(rolled, P2)["pending"] == ["Egypt"]
    assert "Egypt" in paragraph(rolled, P2)["status_note"]
    egypt = await confirm(anonymous, who["eg"], P2, france.headers["etag"])
    assert egypt.status_code == 200
    assert egypt.json()["status"] == "agreed"
    assert [d["code"] for d in egypt.json()["confirmed"]] == ["FR", "EG"]
    rolled = (await rolling(anonymous, who["eg"])).json()
    assert paragraph(rolled, P2)["clean"] == await text_now(anonymous, who["eg"], P2)


# --- brackets ---------------------------------------------------------------------------


async def test_a_delegation_asks_for_brackets_others_join_and_the_secretariat_places_them(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    asked = await bracket(anonymous, who["fr"], P1, SHALL, reason="Too rigid.")
    assert asked["status"] == "requested"
    assert asked["requests"] == [
        {
            "delegation": {
                "id": asked["requests"][0]["delegation"]["id"],
                "code": "FR",
                "name": "France",
            },
            "reason": "Too rigid.",
        }
    ]
    assert asked["spans"][0]["language"] == "en"
    assert asked["spans"][0]["quote"] == SHALL
    url = bracket_url(asked["id"])
    joined = await anonymous.post(
        f"{url}/support", json={"reason": "We agree with France."}, headers=who["eg"]
    )
    assert joined.status_code == 200, joined.text
    assert [r["delegation"]["code"] for r in joined.json()["requests"]] == ["FR", "EG"]
    twice = await anonymous.post(f"{url}/support", json={"reason": "Again."}, headers=who["eg"])
    assert twice.status_code == 409
    by_chair = await anonymous.post(
        f"{url}/support", json={"reason": "r"}, headers=who["secretariat"]
    )
    assert by_chair.status_code == 403
    # A delegation does not place brackets; a stale or missing If-Match changes nothing.
    head = await journal_head(session)
    assert (await decide_bracket(anonymous, who["fr"], asked["id"], "place")).status_code == 403
    stale = await decide_bracket(
        anonymous, who["secretariat"], asked["id"], "place", if_match=f'"b{asked["id"]}.1"'
    )
    assert stale.status_code == 412
    missing = await anonymous.post(f"{url}/place", json={"reason": "r"}, headers=who["secretariat"])
    assert missing.status_code == 428
    assert await journal_head(session) == head
    put = await decide_bracket(anonymous, who["secretariat"], asked["id"], "place")
    assert put.status_code == 200, put.text
    assert put.json()["status"] == "placed"
    assert put.json()["reason"] == "As the room agreed."
    # Placed brackets cannot be placed or declined again.
    assert (
        await decide_bracket(anonymous, who["secretariat"], asked["id"], "decline")
    ).status_code == 409
    rolled = (await rolling(anonymous, who["mx"])).json()
    p1 = paragraph(rolled, P1)
    assert p1["status"] == "bracketed"
    assert p1["bracketed"].count("[" + SHALL + "]") == 1
    assert p1["clean"] == "[pending]"
    (mark,) = p1["brackets"]
    assert mark["delegations"] == ["France", "Egypt"]
    note = next(n for n in rolled["notes"] if n["number"] == mark["note"])
    assert "France" in note["text"]
    assert "Egypt" in note["text"]


async def test_agreeing_words_in_brackets_is_refused_until_they_are_lifted(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    head = await journal_head(session)
    refused = await set_status(anonymous, who["secretariat"], P2, "agreed")
    assert refused.status_code == 409
    assert refused.json()["error"] == "StillOpen"
    assert await journal_head(session) == head
    lifted = await decide_bracket(anonymous, who["secretariat"], made["id"], "lift")
    assert lifted.status_code == 200
    assert lifted.json()["status"] == "lifted"
    assert (await set_status(anonymous, who["secretariat"], P2, "agreed")).status_code == 200


async def test_brackets_on_words_not_in_the_text_are_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    head = await journal_head(session)
    response = await anonymous.post(
        f"{provision_url(P2)}/brackets?lang=fr",
        json={"language": "en", "quote": "words nobody wrote", "reason": "r"},
        headers=who["fr"],
    )
    assert response.status_code == 422
    assert response.json()["error"] == "NotInText"
    assert "words nobody wrote" in response.json()["detail"]
    assert response.headers["content-language"] == "fr"
    language = await anonymous.post(
        f"{provision_url(P2)}/brackets",
        json={"language": "xx", "quote": RECIPROCITY, "reason": "r"},
        headers=who["fr"],
    )
    assert language.status_code == 422
    empty = await anonymous.post(
        f"{provision_url(P2)}/brackets",
        json={"language": "en", "quote": RECIPROCITY, "reason": " "},
        headers=who["fr"],
    )
    assert empty.status_code == 422
    observer = await anonymous.post(
        f"{provision_url(P2)}/brackets",
        json={"language": "en", "quote": RECIPROCITY, "reason": "r"},
        headers=who["observer"],
    )
    assert observer.status_code == 403
    assert await journal_head(session) == head


async def test_an_unknown_bracket_or_one_on_another_article_is_not_found(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    assert (await anonymous.get(bracket_url(999_999), headers=who["fr"])).status_code == 404
    other = f"{INSTRUMENT}/articles/art_1"
    assert (
        await anonymous.get(bracket_url(made["id"], other), headers=who["fr"])
    ).status_code == 404
    lift = await anonymous.post(
        f"{bracket_url(999_999)}/lift",
        json={"reason": "r"},
        headers={**who["secretariat"], "If-Match": "*"},
    )
    assert lift.status_code == 404
    assert lift.json()["error"] == "NotFound"
    # Out of range: no row at all, never a database error.
    assert (await anonymous.get(bracket_url(2**40), headers=who["fr"])).status_code == 404


async def test_the_secretariat_declines_a_request_and_aligns_brackets_across_languages(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    asked = await bracket(anonymous, who["eg"], P2, RECIPROCITY)
    declined = await decide_bracket(
        anonymous, who["secretariat"], asked["id"], "decline", reason="No support in the room."
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    made = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    url = f"{bracket_url(made['id'])}/spans/fr"
    etag = (await anonymous.get(bracket_url(made["id"]), headers=who["secretariat"])).headers[
        "etag"
    ]
    wrong = await anonymous.put(
        url, json={"quote": "and of reciprocity"}, headers={**who["secretariat"], "If-Match": etag}
    )
    assert wrong.status_code == 422
    french = "et de la réciprocité"
    assert (
        await anonymous.put(url, json={"quote": french}, headers={**who["fr"], "If-Match": etag})
    ).status_code == 403
    aligned = await anonymous.put(
        url, json={"quote": french}, headers={**who["secretariat"], "If-Match": etag}
    )
    assert aligned.status_code == 200, aligned.text
    assert {s["language"]: s["quote"] for s in aligned.json()["spans"]} == {
        "en": RECIPROCITY,
        "fr": french,
    }
    assert aligned.headers["etag"] != etag
    stale = await anonymous.put(
        url, json={"quote": french}, headers={**who["secretariat"], "If-Match": etag}
    )
    assert stale.status_code == 412
    rolled = (await rolling(anonymous, who["fr"], language="fr")).json()
    assert f"[{french}]" in paragraph(rolled, P2)["bracketed"]
    unknown_language = await anonymous.put(
        f"{bracket_url(made['id'])}/spans/xx",
        json={"quote": french},
        headers={**who["secretariat"], "If-Match": aligned.headers["etag"]},
    )
    assert unknown_language.status_code == 422


# --- alternatives -----------------------------------------------------------------------


async def test_choosing_an_alternative_writes_a_new_version_and_retires_the_others(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    wording = "Failing a treaty, assistance may be provided on the basis of this Law."
    first = await alternative(anonymous, who["secretariat"], P2, {"en": wording})
    second = await alternative(
        anonymous, who["secretariat"], P2, {"en": "Assistance shall be provided regardless."}
    )
    assert first["status"] == "open"
    assert first["texts"] == {"en": wording}
    refused = await anonymous.post(
        f"{provision_url(P2)}/alternatives", json={"texts": {"en": "Mine."}}, headers=who["fr"]
    )
    assert refused.status_code == 403
    no_source = await anonymous.post(
        f"{provision_url(P2)}/alternatives",
        json={"texts": {"fr": "Le mien."}},
        headers=who["secretariat"],
    )
    assert no_source.status_code == 422
    supported = await anonymous.post(f"{alternative_url(first['id'])}/support", headers=who["eg"])
    assert supported.status_code == 200
    assert [d["code"] for d in supported.json()["supporters"]] == ["EG"]
    translated = await anonymous.put(
        f"{alternative_url(first['id'])}/texts/fr",
        json={"text": "À défaut de traité, l'entraide peut être accordée."},
        headers={**who["secretariat"], "If-Match": supported.headers["etag"]},
    )
    assert translated.status_code == 200, translated.text
    assert set(translated.json()["texts"]) == {"en", "fr"}
    rolled = (await rolling(anonymous, who["fr"])).json()
    p2 = paragraph(rolled, P2)
    assert p2["status"] == "bracketed"
    assert [a["label"] for a in p2["alternatives"]] == ["Alt. 2", "Alt. 3"]
    assert p2["alternatives"][0]["supporters"] == ["Egypt"]
    assert p2["alternatives"][0]["etag"] == translated.headers["etag"]
    # Agreeing the paragraph while wordings are open is refused.
    assert (await set_status(anonymous, who["secretariat"], P2, "agreed")).status_code == 409
    head = await journal_head(session)
    stale = await choose(anonymous, who["secretariat"], first["id"], if_match=first["etag"])
    assert stale.status_code == 412
    assert (await choose(anonymous, who["fr"], first["id"])).status_code == 403
    assert await journal_head(session) == head
    chosen = await choose(anonymous, who["secretariat"], first["id"])
    assert chosen.status_code == 200, chosen.text
    version = chosen.json()["version"]
    assert version["seq"] > 1
    assert chosen.headers["etag"] == f'"{version["id"]}"'
    assert next(p for p in version["provisions"] if p["id"] == P2)["text"] == wording
    assert chosen.json()["alternative"]["status"] == "chosen"
    assert await text_now(anonymous, who["fr"], P2) == wording
    other = (await anonymous.get(alternative_url(second["id"]), headers=who["fr"])).json()
    assert other["status"] == "retired"
    closed = await anonymous.post(f"{alternative_url(second['id'])}/support", headers=who["mx"])
    assert closed.status_code == 409
    rolled = (await rolling(anonymous, who["fr"])).json()
    assert paragraph(rolled, P2)["alternatives"] == []
    assert paragraph(rolled, P2)["status"] == "open"


async def test_choosing_a_span_alternative_replaces_the_bracketed_words_and_lifts_them(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P1, "shall apply, and")
    span = await alternative(
        anonymous, who["secretariat"], P1, {"en": "should apply, and"}, bracket_id=made["id"]
    )
    assert span["bracket_id"] == made["id"]
    rolled = (await rolling(anonymous, who["eg"])).json()
    (mark,) = paragraph(rolled, P1)["brackets"]
    assert [a["source_text"] for a in mark["alternatives"]] == ["should apply, and"]
    # Lifting brackets whose wording is still open is refused.
    assert (
        await decide_bracket(anonymous, who["secretariat"], made["id"], "lift")
    ).status_code == 409
    before = await text_now(anonymous, who["eg"], P1)
    chosen = await choose(anonymous, who["secretariat"], span["id"])
    assert chosen.status_code == 200, chosen.text
    after = await text_now(anonymous, who["eg"], P1)
    assert after == before.replace("shall apply, and", "should apply, and", 1)
    lifted = (await anonymous.get(bracket_url(made["id"]), headers=who["eg"])).json()
    assert lifted["status"] == "lifted"
    rolled = (await rolling(anonymous, who["eg"])).json()
    assert paragraph(rolled, P1)["brackets"] == []


async def test_a_tabled_proposal_becomes_an_alternative_and_choosing_it_consolidates_it(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    base = (await anonymous.get(ART, headers=who["fr"])).json()
    wording = base["provisions"][1]["text"].replace("In the absence", "Failing")
    proposal = await propose(anonymous, who["fr"], {1: wording})
    url = f"{provision_url(P2)}/alternatives/from-proposal"
    draft = await anonymous.post(
        url, json={"amendment": proposal["id"]}, headers=who["secretariat"]
    )
    assert draft.status_code in (404, 409)  # a draft is France's alone
    assert (await act(anonymous, who["fr"], proposal["id"], "table")).status_code == 200
    await anonymous.post(f"/api/v1/amendments/{proposal['id']}/cosponsors", headers=who["mx"])
    wrong = await anonymous.post(
        f"{provision_url(P3)}/alternatives/from-proposal",
        json={"amendment": proposal["id"]},
        headers=who["secretariat"],
    )
    assert wrong.status_code == 422
    unknown = await anonymous.post(url, json={"amendment": 999_999}, headers=who["secretariat"])
    assert unknown.status_code == 404
    made = await anonymous.post(url, json={"amendment": proposal["id"]}, headers=who["secretariat"])
    assert made.status_code == 201, made.text
    alt = made.json()
    assert alt["amendment_id"] == proposal["id"]
    assert alt["amendment_number"] == proposal["number"]
    assert [d["code"] for d in alt["supporters"]] == ["FR", "MX"]
    assert alt["texts"] == {"en": wording}
    chosen = await choose(anonymous, who["secretariat"], alt["id"])
    assert chosen.status_code == 200, chosen.text
    assert await text_now(anonymous, who["fr"], P2) == wording
    amendment = await anonymous.get(f"/api/v1/amendments/{proposal['id']}", headers=who["fr"])
    assert amendment.json()["status"] == "consolidated"


async def test_keeping_the_text_retires_the_wordings_and_lifts_their_brackets(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P1, "shall apply, and")
    span = await alternative(
        anonymous, who["secretariat"], P1, {"en": "should apply, and"}, bracket_id=made["id"]
    )
    whole = await alternative(anonymous, who["secretariat"], P1, {"en": "Treaties prevail."})
    url = f"{provision_url(P1)}/alternatives/keep"
    assert (await anonymous.post(url, json={"reason": "r"}, headers=who["fr"])).status_code == 403
    unknown = await anonymous.post(
        url, json={"reason": "r", "bracket_id": 999_999}, headers=who["secretariat"]
    )
    assert unknown.status_code == 404
    elsewhere = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    head = await journal_head(session)
    other = await anonymous.post(
        url, json={"reason": "r", "bracket_id": elsewhere["id"]}, headers=who["secretariat"]
    )
    assert other.status_code == 404
    assert await journal_head(session) == head
    still = (await anonymous.get(bracket_url(elsewhere["id"]), headers=who["fr"])).json()
    assert still["status"] == "placed"
    kept = await anonymous.post(
        url,
        json={"reason": "The text stands.", "bracket_id": made["id"]},
        headers=who["secretariat"],
    )
    assert kept.status_code == 200, kept.text
    state = kept.json()
    statuses = {a["id"]: a["status"] for a in state["alternatives"]}
    assert statuses == {span["id"]: "retired", whole["id"]: "open"}
    assert [b["status"] for b in state["brackets"]] == ["lifted"]
    kept = await anonymous.post(url, json={"reason": "Alt. 1."}, headers=who["secretariat"])
    assert {a["id"]: a["status"] for a in kept.json()["alternatives"]}[whole["id"]] == "retired"
    assert (await set_status(anonymous, who["secretariat"], P1, "agreed")).status_code == 200


# --- reading ----------------------------------------------------------------------------


async def test_observers_read_the_rolling_text_of_a_milestone_only(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    refused = await rolling(anonymous, who["observer"])
    assert refused.status_code == 403
    assert "milestone" in refused.json()["detail"]
    created = await anonymous.post(
        f"{INSTRUMENT}/milestones", json={"name": "Rev.1"}, headers=who["secretariat"]
    )
    assert created.status_code == 201, created.text
    # After the milestone the brackets are lifted: the milestone still holds them.
    await decide_bracket(anonymous, who["secretariat"], made["id"], "lift")
    frozen = await rolling(anonymous, who["observer"], milestone="Rev.1")
    assert frozen.status_code == 200, frozen.text
    assert frozen.json()["milestone"] == "Rev.1"
    assert f"[{RECIPROCITY}]" in paragraph(frozen.json(), P2)["bracketed"]
    now = (await rolling(anonymous, who["fr"])).json()
    assert paragraph(now, P2)["brackets"] == []
    unknown = await rolling(anonymous, who["observer"], milestone="Rev.9")
    assert unknown.status_code == 404
    language = await rolling(anonymous, who["fr"], language="xx")
    assert language.status_code == 422


async def test_the_rolling_text_in_arabic_flags_brackets_marked_in_english_only(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    response = await anonymous.get(f"{ART}/rolling?lang=ar", headers=who["eg"])
    assert response.status_code == 200
    rolled = response.json()
    assert rolled["language"] == "ar"
    p2 = paragraph(rolled, P2)
    # Marked in English only: flagged in the Arabic text, never dropped.
    assert p2["brackets"] == []
    assert len(p2["unplaced"]) == 1
    assert p2["status"] == "bracketed"
    assert response.headers["content-language"] == "ar"
    assert p2["text"] == await text_now(anonymous, who["eg"], P2, "ar")
    assert p2["bracketed"] == p2["text"]


async def test_progress_now_per_article_and_over_milestones(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await anonymous.post(
        f"{INSTRUMENT}/milestones", json={"name": "Rev.1"}, headers=who["secretariat"]
    )
    await placed(anonymous, who["secretariat"], P1, SHALL)
    await bracket(anonymous, who["fr"], P3, "in itself")
    await alternative(anonymous, who["secretariat"], P4, {"en": "Nothing prevents it."})
    assert (await set_status(anonymous, who["secretariat"], P2, "agreed")).status_code == 200
    article = await anonymous.get(f"{ART}/progress", headers=who["fr"])
    assert article.status_code == 200
    counted = article.json()["progress"]
    assert counted["provisions"] == 4
    assert (counted["agreed"], counted["bracketed"], counted["open"]) == (1, 2, 1)
    assert (counted["brackets"], counted["requested"], counted["alternatives"]) == (1, 1, 1)
    assert counted["settled"] == 0.25
    whole = (await anonymous.get(f"{INSTRUMENT}/progress", headers=who["fr"])).json()
    assert whole["now"]["agreed"] == 1
    art3 = next(a for a in whole["articles"] if a["article"] == "art_3")
    assert art3["progress"] == counted
    assert art3["milestone"] is None
    rev1 = whole["milestones"][-1]
    assert rev1["name"] == "Rev.1"
    assert rev1["progress"]["agreed"] == 0
    assert rev1["progress"]["brackets"] == 0
    # Observers: the milestones only.
    observed = await anonymous.get(f"{INSTRUMENT}/progress", headers=who["observer"])
    assert observed.status_code == 200
    assert observed.json()["now"] is None
    assert observed.json()["milestones"] == whole["milestones"]
    assert {a["milestone"] for a in observed.json()["articles"]} == {"Rev.1"}
    assert (await anonymous.get(f"{ART}/progress", headers=who["observer"])).status_code == 403
    frozen = await anonymous.get(f"{ART}/progress?milestone=Rev.1", headers=who["observer"])
    assert frozen.status_code == 200
    assert frozen.json()["progress"]["agreed"] == 0
    assert frozen.json()["milestone"] == "Rev.1"


async def test_a_provision_reads_whole_with_every_etag(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await placed(anonymous, who["secretariat"], P2, RECIPROCITY)
    alt = await alternative(anonymous, who["secretariat"], P2, {"en": "Otherwise."})
    read = await anonymous.get(provision_url(P2), headers=who["mx"])
    assert read.status_code == 200
    body: dict[str, Any] = read.json()
    assert body["status"]["status"] == "open"
    assert [b["id"] for b in body["brackets"]] == [made["id"]]
    assert [a["etag"] for a in body["alternatives"]] == [alt["etag"]]
    assert (await anonymous.get(provision_url("nope"), headers=who["mx"])).status_code == 404
    assert (await anonymous.get(provision_url(P2), headers=who["observer"])).status_code == 403
    assert (await status_etag(anonymous, who["mx"], P2)) == '"s0"'


async def test_a_wording_colliding_with_a_newer_text_is_refused_until_resolved(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    wording = "Failing a treaty, assistance may be provided on the basis of reciprocity."
    made = await alternative(anonymous, who["secretariat"], P2, {"en": wording})
    # The paragraph is reworded after the alternative was written: the merge collides.
    await publish(anonymous, who["secretariat"], {1: "Without a treaty, this Law applies alone."})
    head = await journal_head(session)
    collided = await choose(anonymous, who["secretariat"], made["id"])
    assert collided.status_code == 409, collided.text
    assert "2" in collided.json()["detail"]  # names the paragraph
    assert await journal_head(session) == head
    resolved = await choose(anonymous, who["secretariat"], made["id"], resolution=wording)
    assert resolved.status_code == 200, resolved.text
    assert await text_now(anonymous, who["fr"], P2) == wording

"""Reasons reach people, observers read only what is published, the note to the secretariat
stays private: through the API and on the pages."""

from __future__ import annotations

import re
from typing import Any

from babel.dates import format_datetime
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import ROOT
from draftroom.instruments import service as instruments
from draftroom.kit.i18n import _, force_locale
from draftroom.models import JournalEntry
from tests.fixtures.clients import people, sign_in, submit
from tests.fixtures.factories import AMENDMENTS, act, draft, open_round

REASON = "Outside the mandate of the expert group."
NOTE = "We could accept a shorter text."
ART_4 = "/api/v1/instruments/model-law/articles/art_4"


async def rejected_amendment(anonymous: AsyncClient, who: dict[str, dict[str, str]]) -> int:
    """Egypt drafts, edits and tables an amendment; the secretariat rejects it with a reason."""
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["eg"], "A rejected text.")
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["eg"])
    body = {**current.json(), "justification": "Second thoughts."}
    body["article"] = "art_3"
    edited = await anonymous.put(
        f"/api/v1/amendments/{made['id']}",
        json=body,
        headers={**who["eg"], "If-Match": current.headers["etag"]},
    )
    assert edited.status_code == 200, edited.text
    for action, actor in (("table", "eg"), ("review", "secretariat")):
        assert (await act(anonymous, who[actor], made["id"], action)).status_code == 200
    rejected = await act(anonymous, who["secretariat"], made["id"], "reject", reason=REASON)
    assert rejected.status_code == 200, rejected.text
    return int(made["id"])


async def test_a_reject_without_a_reason_is_refused_and_changes_nothing(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    for action, actor in (("table", "fr"), ("review", "secretariat")):
        assert (await act(anonymous, who[actor], made["id"], action)).status_code == 200
    before = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    rows = await session.scalar(select(func.count()).select_from(JournalEntry))
    for reason in ({}, {"reason": None}, {"reason": "   "}):
        refused = await act(anonymous, who["secretariat"], made["id"], "reject", **reason)
        assert refused.status_code == 422
        assert refused.json()["error"] == "ReasonRequired"
        assert "reason" in refused.json()["detail"]
    arabic = await anonymous.post(
        f"/api/v1/amendments/{made['id']}/transitions?lang=ar",
        json={"action": "reject"},
        headers={**who["secretariat"], "If-Match": before.headers["etag"]},
    )
    assert arabic.status_code == 422
    assert arabic.headers["content-language"] == "ar"
    after = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    assert after.json()["status"] == "under_review"
    assert after.headers["etag"] == before.headers["etag"]
    assert await session.scalar(select(func.count()).select_from(JournalEntry)) == rows


async def test_the_rejected_delegation_reads_the_reason_in_the_timeline(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    amendment_id = await rejected_amendment(anonymous, who)
    url = f"/api/v1/amendments/{amendment_id}/timeline"
    mine = (await anonymous.get(url, headers=who["eg"])).json()
    assert [s["step"] for s in mine] == ["created", "edited", "table", "review", "reject"]
    reject = mine[-1]
    assert reject["reason"] == REASON
    assert reject["step_name"] == "Rejected"
    assert reject["by"] == "Elena Petrova"
    assert reject["delegation"] is None
    assert mine[0]["by"] == "Amira Haddad"
    assert mine[0]["delegation"] == "Egypt"
    # Everyone else who sees the amendment sees what happened after it was tabled.
    for other in ("fr", "secretariat", "observer"):
        theirs = (await anonymous.get(url, headers=who[other])).json()
        assert [s["step"] for s in theirs] == ["table", "review", "reject"], other
        assert theirs[-1]["reason"] == REASON
    # In the reader's language: the names of things and the dates (Babel).
    arabic = (await anonymous.get(url + "?lang=ar", headers=who["eg"])).json()
    assert arabic[0]["delegation"] == "مصر"
    assert arabic[-1]["at_text"] == format_datetime(
        _parse(arabic[-1]["at"]), format="medium", locale="ar"
    )


async def test_a_drafts_timeline_is_its_delegations_alone(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    url = f"/api/v1/amendments/{made['id']}/timeline"
    assert [s["step"] for s in (await anonymous.get(url, headers=who["fr"])).json()] == ["created"]
    for other in ("eg", "secretariat", "observer"):
        assert (await anonymous.get(url, headers=who[other])).status_code == 404, other
    assert (await anonymous.get(url)).status_code == 401


async def test_the_amendment_page_shows_the_timeline_with_the_reason(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    amendment_id = await rejected_amendment(anonymous, who)
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get(f"/amendments/{amendment_id}?lang=ar")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    timeline = page.text.split('class="timeline"')[1].split("</ol>")[0]
    assert 'data-step="created"' in timeline
    assert 'data-step="reject"' in timeline
    assert REASON in timeline
    with force_locale("ar", ROOT / "locales"):
        assert _("Rejected") in timeline
    await sign_in(anonymous, email="observer@draftroom.example")
    page = await anonymous.get(f"/amendments/{amendment_id}?lang=en")
    timeline = page.text.split('class="timeline"')[1].split("</ol>")[0]
    assert 'data-step="created"' not in timeline
    assert "Rejected" in timeline
    assert REASON in timeline


async def test_the_reject_form_asks_for_the_reason_and_refuses_a_blank_one(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    for action, actor in (("table", "fr"), ("review", "secretariat")):
        assert (await act(anonymous, who[actor], made["id"], action)).status_code == 200
    await sign_in(anonymous, email="secretariat@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}")
    assert re.search(r'id="reason-reject" name="reason" size="40" required', page.text)
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    etag = page.text.split('name="etag" value="')[1].split('"')[0].replace("&#34;", '"')
    refused = await submit(
        anonymous,
        f"/amendments/{made['id']}/transition?lang=fr",
        csrf,
        {"etag": etag, "action": "reject", "reason": " "},
    )
    assert refused.status_code == 422
    assert refused.headers["content-language"] == "fr"
    assert 'lang="fr"' in refused.text
    still = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    assert still.json()["status"] == "under_review"


async def test_the_note_to_the_secretariat_reaches_only_the_proposer_and_the_secretariat(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    body = {**current.json(), "article": "art_3", "note_to_secretariat": NOTE}
    edited = await anonymous.put(
        f"/api/v1/amendments/{made['id']}",
        json=body,
        headers={**who["fr"], "If-Match": current.headers["etag"]},
    )
    assert edited.json()["note_to_secretariat"] == NOTE
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    url = f"/api/v1/amendments/{made['id']}"
    for reader, sees in (("fr", True), ("secretariat", True), ("eg", False), ("observer", False)):
        one = (await anonymous.get(url, headers=who[reader])).json()
        listed = (await anonymous.get(AMENDMENTS, headers=who[reader])).json()["items"]
        found = next(a for a in listed if a["id"] == made["id"])
        expected = NOTE if sees else None
        assert one["note_to_secretariat"] == expected, reader
        assert found["note_to_secretariat"] == expected, reader
        # Acting on it answers with the amendment too: still no note for others.
        if reader == "eg":
            joined = await anonymous.post(url + "/cosponsors", headers=who["eg"])
            assert joined.json()["note_to_secretariat"] is None
    for email, sees in (
        ("delegate.fr@draftroom.example", True),
        ("secretariat@draftroom.example", True),
        ("delegate.eg@draftroom.example", False),
        ("observer@draftroom.example", False),
    ):
        await sign_in(anonymous, email=email)
        page = await anonymous.get(f"/amendments/{made['id']}")
        assert (NOTE in page.text) is sees, email


async def test_an_observer_cannot_preview_against_a_working_draft(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    working = (await anonymous.get(ART_4, headers=who["secretariat"])).json()
    published = (
        await anonymous.get(ART_4, params={"milestone": "2007 text"}, headers=who["observer"])
    ).json()
    assert working["id"] != published["id"]
    body: dict[str, Any] = {"provisions": [{"id": "art_4__para_2", "number": "2", "text": "x"}]}
    refused = await anonymous.post(
        "/api/v1/amendments/preview",
        json={**body, "base_version": working["id"]},
        headers=who["observer"],
    )
    assert refused.status_code == 403
    assert "personal data" not in refused.text
    allowed = await anonymous.post(
        "/api/v1/amendments/preview",
        json={**body, "base_version": published["id"]},
        headers=who["observer"],
    )
    assert allowed.status_code == 200
    assert "right to privacy" in allowed.text
    delegate = await anonymous.post(
        "/api/v1/amendments/preview",
        json={**body, "base_version": working["id"]},
        headers=who["fr"],
    )
    assert "personal data" in delegate.text
    missing = await anonymous.post(
        "/api/v1/amendments/preview",
        json={**body, "base_version": 10**9},
        headers=who["fr"],
    )
    assert missing.status_code == 404


async def test_observers_read_the_published_headings_in_the_outline(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    latest = await anonymous.get(ART_4, headers=who["secretariat"])
    published = await anonymous.post(
        f"{ART_4}/versions",
        json={
            "language": "en",
            "heading": "Principles under discussion",
            "provisions": latest.json()["provisions"],
        },
        headers={**who["secretariat"], "If-Match": latest.headers["etag"]},
    )
    assert published.status_code == 201, published.text

    def heading(outline: dict[str, Any]) -> str:
        return str(next(a for a in outline["articles"] if a["key"] == "art_4")["headings"]["en"])

    secretariat = (
        await anonymous.get("/api/v1/instruments/model-law", headers=who["secretariat"])
    ).json()
    observer = (
        await anonymous.get("/api/v1/instruments/model-law", headers=who["observer"])
    ).json()
    assert heading(secretariat) == "Principles under discussion"
    assert heading(observer) == "General principles"
    assert "Principles under discussion" not in str(observer)
    assert [a["key"] for a in observer["articles"]] == [a["key"] for a in secretariat["articles"]]


async def table_on_the_working_draft(anonymous: AsyncClient, who: dict[str, dict[str, str]]) -> int:
    """France amends article 4 as the working draft has it (not as any milestone does)."""
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], "A new first paragraph.", article="art_4")
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    return int(made["id"])


def inserted(html: str) -> str:
    return " ".join(re.findall(r"<ins>(.*?)</ins>", html, flags=re.S))


async def test_observers_see_a_proposal_diffed_against_the_published_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    amendment_id = await table_on_the_working_draft(anonymous, who)
    await sign_in(anonymous, email="secretariat@draftroom.example")
    secretariat = (await anonymous.get(f"/amendments/{amendment_id}")).text
    # The delegates and the secretariat: the change against the working draft it was made on.
    assert "A new first paragraph" in inserted(secretariat)
    assert "personal data" not in inserted(secretariat)
    await sign_in(anonymous, email="observer@draftroom.example")
    observer = (await anonymous.get(f"/amendments/{amendment_id}")).text
    # The observer: against the 2007 text, so the working draft's words are the proposal's.
    assert "A new first paragraph" in inserted(observer)
    assert "personal data" in inserted(observer)
    assert "is punishable" in " ".join(re.findall(r"<del>(.*?)</del>", observer, flags=re.S))
    assert "No published text to compare with yet" not in observer


async def test_observers_see_the_proposal_alone_when_nothing_is_published_to_compare_with(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    amendment_id = await table_on_the_working_draft(anonymous, who)
    # Nothing published before the working draft (in the observer's eyes): drop the milestone.
    from sqlalchemy import delete

    from draftroom.models import MilestoneVersion

    await session.execute(delete(MilestoneVersion))
    await session.flush()
    await sign_in(anonymous, email="observer@draftroom.example")
    observer = (await anonymous.get(f"/amendments/{amendment_id}")).text
    assert "No published text to compare with yet" in observer
    assert inserted(observer) == ""
    assert "A new first paragraph." in observer
    assert "personal data" in observer


async def test_no_page_offers_an_observer_a_link_that_ends_in_403(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    amendment_id = await table_on_the_working_draft(anonymous, who)
    await sign_in(anonymous, email="observer@draftroom.example")
    pages = [
        "/instruments/model-law",
        "/instruments/model-law/articles/art_4",
        "/instruments/model-law/amendments",
        f"/amendments/{amendment_id}",
    ]
    checked: set[str] = set()
    for url in pages:
        page = await anonymous.get(url)
        assert page.status_code == 200, url
        for link in set(re.findall(r'href="(/[^"#]*)"', page.text)):
            link = link.replace("&amp;", "&")
            if link in checked or link.startswith("/static/"):
                continue
            checked.add(link)
            followed = await anonymous.get(link)
            assert followed.status_code != 403, f"{url} links to {link}"
    assert any("/amendments/" in link for link in checked)
    contents = (await anonymous.get("/instruments/model-law")).text
    assert "/compare" not in contents
    assert "/synoptic" not in contents
    article = (await anonymous.get("/instruments/model-law/articles/art_4")).text
    assert "/compare" not in article
    assert "/synoptic" not in article
    # The secretariat is offered them.
    await sign_in(anonymous, email="secretariat@draftroom.example")
    article = (await anonymous.get("/instruments/model-law/articles/art_4")).text
    assert "/instruments/model-law/articles/art_4/synoptic" in article
    assert "/instruments/model-law/articles/art_4/compare" in article


async def test_the_published_text_for_an_observer_is_a_milestones(session: AsyncSession) -> None:
    from draftroom.identity.service import user_by_email

    instrument = await instruments.get_instrument(session, "model-law")
    article = await instruments.get_article(session, instrument, "art_4")
    working = await instruments.read_version(session, article, "en")
    observer = await user_by_email(session, "observer@draftroom.example")
    delegate = await user_by_email(session, "delegate.fr@draftroom.example")
    assert observer is not None
    assert delegate is not None
    assert not await instruments.is_published(session, working)
    assert await instruments.published_text_for(session, working, delegate) is working
    shown = await instruments.published_text_for(session, working, observer)
    assert shown is not None
    assert await instruments.is_published(session, shown)
    assert shown.seq < working.seq


def _parse(value: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_every_step_of_the_lifecycle_has_a_name_in_the_timeline() -> None:
    from draftroom.amendments import lifecycle
    from draftroom.amendments.service import STEP_NAMES

    assert set(lifecycle.TRANSITIONS) <= set(STEP_NAMES)

"""Rounds as the secretariat runs them: extended, closed after a confirmation, reopened, listed
oldest first; drafts saying when a round closed early; the countdown in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import present
from draftroom.models import JournalEntry
from draftroom.models.base import utcnow
from tests.fixtures.clients import people, sign_in, signed_in
from tests.fixtures.factories import ROUNDS, act, draft, open_round


def later(days: int) -> str:
    return (utcnow() + timedelta(days=days)).replace(tzinfo=None, microsecond=0).isoformat()


async def kinds(session: AsyncSession, round_id: int) -> list[str]:
    rows = await session.scalars(
        select(JournalEntry.kind)
        .where(JournalEntry.object_type == "amendment_round", JournalEntry.object_id == round_id)
        .order_by(JournalEntry.seq)
    )
    return list(rows)


async def test_the_secretariat_extends_an_open_round(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await open_round(anonymous, who["secretariat"], hours=24)
    url = f"/api/v1/rounds/{made['id']}/extend"
    extended = await anonymous.post(url, json={"deadline": later(5)}, headers=who["secretariat"])
    assert extended.status_code == 200, extended.text
    body = extended.json()
    assert body["open"] is True
    assert datetime.fromisoformat(body["deadline"]) > utcnow() + timedelta(days=4)
    assert body["countdown"].startswith("4 days")
    assert body["countdown"].endswith(" left")
    # Not into the past, not by a delegate.
    past = await anonymous.post(url, json={"deadline": later(-1)}, headers=who["secretariat"])
    assert past.status_code == 422
    assert "must be in the future" in past.json()["detail"]
    refused = await anonymous.post(url, json={"deadline": later(9)}, headers=who["fr"])
    assert refused.status_code == 403
    assert await kinds(session, made["id"]) == ["round.opened", "round.extended"]


async def test_a_closed_round_is_reopened_with_a_new_deadline(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await open_round(anonymous, who["secretariat"])
    mine = await draft(anonymous, who["fr"])
    closed = await anonymous.post(f"/api/v1/rounds/{made['id']}/close", headers=who["secretariat"])
    assert closed.json()["open"] is False
    assert closed.json()["closed_early"] is True
    # A closed round is reopened, not extended; an open one is extended, not reopened.
    extend = await anonymous.post(
        f"/api/v1/rounds/{made['id']}/extend",
        json={"deadline": later(3)},
        headers=who["secretariat"],
    )
    assert extend.status_code == 409
    assert "reopen it" in extend.json()["detail"]
    refused = await act(anonymous, who["fr"], mine["id"], "table")
    assert refused.status_code == 409
    assert "closed early on" in refused.json()["detail"]
    reopened = await anonymous.post(
        f"/api/v1/rounds/{made['id']}/reopen",
        json={"deadline": later(3)},
        headers=who["secretariat"],
    )
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["open"] is True
    assert reopened.json()["closed_at"] is None
    again = await anonymous.post(
        f"/api/v1/rounds/{made['id']}/reopen",
        json={"deadline": later(4)},
        headers=who["secretariat"],
    )
    assert again.status_code == 409
    assert "still open" in again.json()["detail"]
    tabled = await act(anonymous, who["fr"], mine["id"], "table")
    assert tabled.status_code == 200, tabled.text
    assert await kinds(session, made["id"]) == ["round.opened", "round.closed", "round.reopened"]


async def test_close_now_asks_for_confirmation_first(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await open_round(anonymous, who["secretariat"])
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    rounds = await anonymous.get("/instruments/model-law/rounds")
    assert f'href="/rounds/{made["id"]}/close"' in rounds.text
    confirm = await anonymous.get(f"/rounds/{made['id']}/close")
    assert confirm.status_code == 200
    assert "Close the round “First round”?" in confirm.text
    assert "Yes, close the round now" in confirm.text
    assert "No, keep it open" in confirm.text
    # A post without the confirmation (an old form, a stray click) only shows the question.
    unconfirmed = await anonymous.post(f"/rounds/{made['id']}/close", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["location"] == f"/rounds/{made['id']}/close"
    still = await anonymous.get(ROUNDS, headers=who["secretariat"])
    assert still.json()[0]["open"] is True
    confirmed = await anonymous.post(
        f"/rounds/{made['id']}/close", data={"csrf_token": csrf, "confirm": "yes"}
    )
    assert confirmed.status_code == 303
    page = await anonymous.get("/instruments/model-law/rounds")
    assert "closed early on" in page.text
    assert "Reopen" in page.text
    assert await kinds(session, made["id"]) == ["round.opened", "round.closed"]


async def test_the_secretariat_extends_and_reopens_from_the_rounds_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await open_round(anonymous, who["secretariat"], hours=24)
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    extended = await anonymous.post(
        f"/rounds/{made['id']}/extend", data={"csrf_token": csrf, "deadline": "2031-06-30T18:00"}
    )
    assert extended.status_code == 303
    page = await anonymous.get("/instruments/model-law/rounds")
    assert "June 30, 2031" in page.text
    await anonymous.post(f"/rounds/{made['id']}/close", data={"csrf_token": csrf, "confirm": "yes"})
    reopened = await anonymous.post(
        f"/rounds/{made['id']}/reopen", data={"csrf_token": csrf, "deadline": "2032-01-15T12:00"}
    )
    assert reopened.status_code == 303
    page = await anonymous.get("/instruments/model-law/rounds")
    assert "January 15, 2032" in page.text
    assert "Close now" in page.text
    assert await kinds(session, made["id"]) == [
        "round.opened",
        "round.extended",
        "round.closed",
        "round.reopened",
    ]


async def test_rounds_are_listed_oldest_first_with_open_ones_marked(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    first: dict[str, Any] = await open_round(anonymous, who["secretariat"], hours=24 * 30)
    await anonymous.post(f"/api/v1/rounds/{first['id']}/close", headers=who["secretariat"])
    second = await anonymous.post(
        ROUNDS,
        json={"name": "Second round", "deadline": later(2), "timezone": "UTC"},
        headers=who["secretariat"],
    )
    listed = await anonymous.get(ROUNDS, headers=who["fr"])
    assert [r["name"] for r in listed.json()] == ["First round", "Second round"]
    assert [r["open"] for r in listed.json()] == [False, True]
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = (await anonymous.get("/instruments/model-law/rounds")).text
    assert page.index("First round") < page.index("Second round")
    assert f'id="round-{second.json()["id"]}" class="open"' in page
    assert ">open</strong>" in page


async def test_a_draft_says_the_round_closed_early_not_that_its_deadline_passed(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await open_round(anonymous, who["secretariat"], hours=24 * 4)
    mine = await draft(anonymous, who["fr"])
    await anonymous.post(f"/api/v1/rounds/{made['id']}/close", headers=who["secretariat"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(f"/amendments/{mine['id']}")
    today = utcnow().strftime("%B %-d, %Y")  # "December 1, 2026"
    assert "The round closed early on" in page.text
    assert today in page.text.split("The round closed early on")[1].split("</p>")[0]
    assert "The tabling deadline has passed" not in page.text


def test_the_countdown_names_its_units() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert (
        present.countdown(now + timedelta(days=4, hours=2, minutes=51), now)
        == "4 days, 2 hours, and 51 minutes left"
    )
    assert present.countdown(now + timedelta(days=1, hours=1, minutes=1), now) == (
        "1 day, 1 hour, and 1 minute left"
    )
    assert present.countdown(now + timedelta(hours=3), now) == "3 hours left"
    assert present.countdown(now + timedelta(seconds=20), now) == "less than a minute left"
    assert present.countdown(now - timedelta(seconds=1), now) == "The deadline has passed."


async def test_the_countdown_runs_on_the_rounds_page_and_on_drafts(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"], hours=24 * 4 + 3)
    mine = await draft(anonymous, who["fr"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    for url in ("/instruments/model-law/rounds", f"/amendments/{mine['id']}"):
        page = (await anonymous.get(url)).text
        assert "data-countdown" in page
        assert 'data-left="%(time)s left"' in page
        assert "/static/amendments.js" in page
        shown = page.split("data-countdown")[1].split(">", 1)[1].split("</time>")[0]
        assert shown.startswith("4 days, 2 hours, and ")
        assert shown.endswith(" minutes left")

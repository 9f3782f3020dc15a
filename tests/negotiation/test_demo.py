"""The demo's negotiation (article 5) reads back as the rolling text shows it: statuses,
brackets with the delegations that asked for them, alternatives in three languages, the
Arabic text flagged out of step; made through the services, so the journal verifies and
folds back to the same state.

The suite's database holds the demo without its negotiation (tests/conftest.py); each test
here loads it inside its own rolled-back transaction, as ``load_demo`` does on an empty
database, and one test loads the whole demo into a fresh database as ``make run`` does."""

from __future__ import annotations

import asyncio

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.demo.negotiation import PUBLISHED_GUIDELINES, load_negotiation
from draftroom.demo.service import SLUG, load_demo
from draftroom.identity.service import user_by_email
from draftroom.instruments import service as instruments
from draftroom.journal.service import verify
from draftroom.models import AgreementStatus
from draftroom.negotiation import consistency, present, rolling
from draftroom.negotiation import state as states
from tests.fixtures.clients import SECRETARIAT, signed_in

A = AgreementStatus
P = "art_5__para_"


async def read(session: AsyncSession, language: str) -> dict[str, rolling.RollingProvision]:
    instrument = await instruments.get_instrument(session, SLUG)
    article = await instruments.get_article(session, instrument, "art_5")
    chair = await user_by_email(session, SECRETARIAT)
    assert chair is not None
    found = await rolling.rolling_article(session, instrument, article, language, chair)
    return {p.key: p for p in found.provisions}


@pytest.fixture
async def demo(session: AsyncSession, settings: Settings) -> AsyncSession:
    await load_negotiation(session, settings, SLUG)
    await session.flush()
    return session


async def test_statuses_read_back(demo: AsyncSession) -> None:
    english = await read(demo, "en")
    first = english[P + "1"]
    assert first.status is A.ad_referendum
    assert present.status_note(first.status, first.confirm, first.confirmed) == (
        "Agreed ad referendum: awaiting confirmation from China."
    )
    assert [english[P + n].status for n in ("2", "2__point_a", "2__point_e")] == [A.agreed] * 3
    assert english[P + "3"].status is A.bracketed
    assert english[P + "4"].status is A.bracketed  # an open alternative: not agreed yet
    assert english[P + "2"].clean == "The central authority shall be responsible for:"
    assert english[P + "3"].clean is None


async def test_brackets_and_alternatives_read_back_in_english(demo: AsyncSession) -> None:
    third = (await read(demo, "en"))[P + "3"]
    assert third.bracketed.startswith("The central authority [shall] ensure the speedy")
    assert "may consult [directly] with the central authority" in third.bracketed
    shall, directly = third.brackets
    assert (shall.delegations, directly.delegations) == (["Mexico", "China"], ["Egypt"])
    assert shall.reasons[0].startswith("Mexico's central authority transmits requests")
    (should,) = shall.alternatives
    assert (should.label, should.text, should.supporters) == (
        "Alt. 2",
        "should",
        ["Mexico", "China"],
    )
    assert not directly.alternatives
    (alt,) = (await read(demo, "en"))[P + "4"].alternatives
    assert alt.label == "Alt. 2"
    assert alt.text == PUBLISHED_GUIDELINES["en"]
    assert alt.supporters == ["France"]


async def test_french_has_both_brackets_arabic_one(demo: AsyncSession) -> None:
    french = (await read(demo, "fr"))[P + "3"]
    assert [b.quote for b in french.brackets] == ["veille", "directement"]
    assert french.brackets[0].alternatives[0].text == "devrait veiller"
    assert french.bracketed.startswith("L'autorité centrale [veille] à ce que")
    arabic = await read(demo, "ar")
    third = arabic[P + "3"]
    assert [b.quote for b in third.brackets] == ["تكفل"]
    assert third.brackets[0].alternatives[0].text == "ينبغي أن تكفل"
    assert [b.quote for b in third.unplaced] == [None]  # "[directly]" not yet in Arabic
    assert third.bracketed.startswith("[تكفل] السلطة المركزية")
    assert arabic[P + "4"].alternatives[0].text == PUBLISHED_GUIDELINES["ar"]


async def test_only_arabic_of_the_aligned_languages_is_flagged(demo: AsyncSession) -> None:
    instrument = await instruments.get_instrument(demo, SLUG)
    article = await instruments.get_article(demo, instrument, "art_5")
    chair = await user_by_email(demo, SECRETARIAT)
    assert chair is not None
    found = await consistency.instrument_consistency(demo, instrument, chair)
    assert list(found) == [article.id]  # no other article has brackets or alternatives
    assert found[article.id]["fr"] == []
    assert [d.message for d in found[article.id]["ar"]] == [
        "Article 5, paragraph 3: 2 brackets in English, 1 bracket in Arabic"
    ]


async def test_journal_verifies_and_folds_back(demo: AsyncSession) -> None:
    instrument = await instruments.get_instrument(demo, SLUG)
    assert (await verify(demo)).ok
    now = await states.current(demo, instrument.id)
    assert await states.recount(demo, instrument.id) == now
    assert (len(now.statuses), len(now.brackets), len(now.alternatives)) == (8, 2, 2)


async def test_contents_page_shows_the_flag(demo: AsyncSession, anonymous: AsyncClient) -> None:
    await signed_in(anonymous, SECRETARIAT)
    page = (await anonymous.get(f"/instruments/{SLUG}")).text
    assert "Article 5, paragraph 3: 2 brackets in English, 1 bracket in Arabic" in page


def test_make_run_loads_the_negotiation(migrated_url: str) -> None:
    """The whole demo into an empty database, as `make run` loads it: the negotiation is
    there and the journal verifies."""

    async def load(url: str) -> tuple[bool, int, int, bool]:
        settings = Settings(environment="test", database_url=url)
        db = Database.from_settings(settings)
        try:
            async with unit_of_work(db.write_sessions) as session:
                assert await load_demo(session, settings)
            async with unit_of_work(db.write_sessions) as session:
                instrument = await instruments.get_instrument(session, SLUG)
                now = await states.current(session, instrument.id)
                third = (await read(session, "en"))[P + "3"]
                return (
                    (await verify(session)).ok,
                    len(now.brackets),
                    len(third.brackets),
                    await states.recount(session, instrument.id) == now,
                )
        finally:
            await db.dispose()

    assert asyncio.run(load(migrated_url)) == (True, 2, 2, True)

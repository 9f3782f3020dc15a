"""Across languages: a translation whose brackets or alternatives do not match its source's
is outdated, with what differs named provision by provision, in the reader's language; on
the contents page beside the translation status, and in the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import force_locale
from draftroom.models import Bracket
from draftroom.negotiation import consistency
from draftroom.negotiation import service as negotiation
from tests.fixtures.clients import OBSERVER, SECRETARIAT, signed_in, token_for
from tests.fixtures.negotiation import Table, table

P2, P3 = "art_3__para_2", "art_3__para_3"
LOCALES = Path(__file__).parents[2] / "locales"
# Paragraph 3 of article 3 in three languages: "The absence of reciprocity shall not, in
# itself, prevent the provision of assistance..."
SHALL_NOT = {"en": "shall not", "fr": "n'empêche pas", "ar": "لا يحول"}


async def bracket(session: AsyncSession, t: Table, *languages: str) -> Bracket:
    """The chair brackets "shall not" in paragraph 3 and aligns it in ``languages``."""
    row = await negotiation.request_bracket(
        session, t.instrument, t.article, P3, "en", "shall not", "Obligation or advice?", t.chair
    )
    for language in languages:
        await negotiation.align_bracket(
            session,
            t.article,
            row,
            language,
            SHALL_NOT[language],
            t.chair,
            negotiation.bracket_etag(row),
        )
    await session.flush()
    return row


async def differences(session: AsyncSession, t: Table) -> dict[str, list[str]]:
    found = await consistency.instrument_consistency(session, t.instrument, t.chair)
    return {
        language: [d.message for d in diffs]
        for language, diffs in found.get(t.article.id, {}).items()
    }


@pytest.fixture
async def t(session: AsyncSession, settings: Settings) -> Table:
    return await table(session, settings)


async def test_without_brackets_or_alternatives_nothing_differs(
    session: AsyncSession, t: Table
) -> None:
    assert await consistency.instrument_consistency(session, t.instrument, t.chair) == {}


async def test_a_bracket_missing_in_a_translation_is_named(session: AsyncSession, t: Table) -> None:
    await bracket(session, t, "fr")
    found = await differences(session, t)
    assert found["fr"] == []
    assert found["ar"] == ["Article 3, paragraph 3: 1 bracket in English, 0 brackets in Arabic"]
    # Every language with a version is compared, not only those aligned.
    assert set(found) == {"fr", "ar", "es", "ru", "zh"}


async def test_aligning_the_bracket_brings_the_translation_back_in_step(
    session: AsyncSession, t: Table
) -> None:
    row = await bracket(session, t, "fr")
    await negotiation.align_bracket(
        session, t.article, row, "ar", SHALL_NOT["ar"], t.chair, negotiation.bracket_etag(row)
    )
    assert (await differences(session, t))["ar"] == []


async def test_words_no_longer_found_in_a_translation_count_as_not_marked(
    session: AsyncSession, t: Table
) -> None:
    await bracket(session, t, "fr", "ar")
    french = await instruments.read_version(session, t.article, "fr")
    # The French paragraph is retranslated without the bracketed words.
    await instruments.publish_version(
        session,
        t.settings,
        instrument=t.instrument,
        article=t.article,
        language="fr",
        heading=french.heading,
        provisions=[
            ProvisionIn(
                **{
                    **p,
                    "text": "À elle seule, l'absence de réciprocité ne fait pas obstacle à "
                    "l'entraide, en particulier lorsque celle-ci n'implique pas de mesures "
                    "coercitives.",
                }
            )
            if p["id"] == P3
            else ProvisionIn(**p)
            for p in french.provisions
        ],
        label=None,
        actor=t.chair,
        if_match=instruments.version_etag(french),
    )
    found = await differences(session, t)
    assert found["fr"] == ["Article 3, paragraph 3: 1 bracket in English, 0 brackets in French"]
    assert found["ar"] == []


async def test_an_alternative_without_a_wording_is_named(session: AsyncSession, t: Table) -> None:
    alt = await negotiation.add_alternative(
        session,
        t.settings,
        t.instrument,
        t.article,
        P2,
        {
            "en": "In the absence of a treaty, assistance shall be provided on the basis of "
            "this Law.",
            "fr": "En l'absence de traité, l'entraide est accordée sur le fondement de la "
            "présente Loi.",
        },
        None,
        t.chair,
    )
    await session.flush()
    found = await differences(session, t)
    assert found["fr"] == []
    assert found["ar"] == ["Article 3, paragraph 2: Alt. 2 has no wording in Arabic"]
    await negotiation.translate_alternative(
        session,
        t.settings,
        alt,
        "ar",
        "في حال عدم وجود معاهدة، تقدم المساعدة على أساس هذا القانون.",
        t.chair,
        negotiation.alternative_etag(alt),
    )
    assert (await differences(session, t))["ar"] == []


async def test_an_alternative_for_bracketed_words_names_them(
    session: AsyncSession, t: Table
) -> None:
    row = await bracket(session, t, "fr", "ar")
    await negotiation.add_alternative(
        session,
        t.settings,
        t.instrument,
        t.article,
        P3,
        {"en": "should not", "ar": "ينبغي ألا يحول"},
        row.id,
        t.chair,
    )
    await session.flush()
    found = await differences(session, t)
    assert found["ar"] == []
    assert found["fr"] == [
        "Article 3, paragraph 3: Alt. 2 for “shall not” has no wording in French"
    ]


async def test_lifted_brackets_and_retired_alternatives_leave_nothing_to_differ(
    session: AsyncSession, t: Table
) -> None:
    row = await bracket(session, t)
    await negotiation.decide_bracket(
        session, row, "lift", "Agreed as it reads.", t.chair, negotiation.bracket_etag(row)
    )
    await session.flush()
    assert await consistency.instrument_consistency(session, t.instrument, t.chair) == {}


async def test_what_differs_reads_in_arabic(session: AsyncSession, t: Table) -> None:
    await bracket(session, t, "fr")
    with force_locale("ar", LOCALES):
        (message,) = (await differences(session, t))["ar"]
    # The provision named as Arabic readers name it, the languages in Arabic.
    assert "المادة 3، الفقرة 3" in message
    assert "الإنجليزية" in message
    assert "العربية" in message
    assert "Arabic" not in message


async def test_observers_read_what_a_milestone_froze(session: AsyncSession, t: Table) -> None:
    row = await bracket(session, t, "fr")
    milestone = await instruments.create_milestone(session, t.instrument, "Rev.1", None, t.chair)
    await negotiation.align_bracket(
        session, t.article, row, "ar", SHALL_NOT["ar"], t.chair, negotiation.bracket_etag(row)
    )
    await session.flush()
    frozen = await consistency.instrument_consistency(session, t.instrument, t.observer, milestone)
    assert [d.message for d in frozen[t.article.id]["ar"]] == [
        "Article 3, paragraph 3: 1 bracket in English, 0 brackets in Arabic"
    ]
    assert (await differences(session, t))["ar"] == []  # aligned since
    with pytest.raises(Forbidden):
        await consistency.instrument_consistency(session, t.instrument, t.observer)


# --- the contents page ---------------------------------------------------------------------


async def test_contents_page_says_outdated_and_lists_what_differs(
    session: AsyncSession, t: Table, anonymous: AsyncClient
) -> None:
    await bracket(session, t, "fr")
    await signed_in(anonymous, SECRETARIAT)
    page = (await anonymous.get("/instruments/model-law?lang=en")).text
    row = page[page.index('<tr id="art_3">') :]
    row = row[: row.index("</tr>")]
    assert 'title="Arabic: outdated"' in row
    assert 'title="French: up to date"' in row
    assert "Article 3, paragraph 3: 1 bracket in English, 0 brackets in Arabic" in row
    assert "<summary>Arabic: 1 difference from the source text</summary>" in row
    assert "<summary>French" not in row
    # Article 2 has no brackets: its translations stand as they did.
    other = page[page.index('<tr id="art_2">') :]
    assert 'title="Arabic: up to date"' in other[: other.index("</tr>")]


async def test_contents_page_in_arabic(
    session: AsyncSession, t: Table, anonymous: AsyncClient
) -> None:
    await bracket(session, t, "fr")
    await signed_in(anonymous, SECRETARIAT)
    page = (await anonymous.get("/instruments/model-law?lang=ar")).text
    row = page[page.index('<tr id="art_3">') :]
    row = row[: row.index("</tr>")]
    assert 'title="العربية: غير محدَّث"' in row
    assert "المادة 3، الفقرة 3" in row
    assert "الإنجليزية" in row


async def test_observers_see_on_the_contents_page_what_the_milestone_froze(
    session: AsyncSession, t: Table, anonymous: AsyncClient
) -> None:
    row = await bracket(session, t, "fr")
    await instruments.create_milestone(session, t.instrument, "Rev.1", None, t.chair)
    await negotiation.align_bracket(
        session, t.article, row, "ar", SHALL_NOT["ar"], t.chair, negotiation.bracket_etag(row)
    )
    await session.flush()
    await signed_in(anonymous, OBSERVER)
    page = (await anonymous.get("/instruments/model-law?lang=en")).text  # Rev.1, the latest
    assert "Milestone: " in page
    assert "Article 3, paragraph 3: 1 bracket in English, 0 brackets in Arabic" in page
    assert "paragraph 3: 1 bracket in English, 0 brackets in French" not in page


# --- the API ---------------------------------------------------------------------------------

URL = "/api/v1/instruments/model-law/negotiation/consistency"


async def test_api_lists_what_differs(session: AsyncSession, t: Table, client: AsyncClient) -> None:
    await bracket(session, t, "fr")
    headers = await token_for(session, SECRETARIAT)
    body = (await client.get(URL, headers=headers)).json()
    assert body["source_language"] == "en"
    assert body["milestone"] is None
    (article,) = body["articles"]
    assert (article["article"], article["number"]) == ("art_3", "3")
    languages = {x["language"]: x for x in article["languages"]}
    assert [x["language"] for x in article["languages"]] == ["ar", "zh", "fr", "ru", "es"]
    assert languages["fr"] == {"language": "fr", "consistent": True, "differences": []}
    assert languages["ar"]["consistent"] is False
    assert languages["ar"]["differences"] == [
        {
            "provision": P3,
            "number": "3",
            "kind": "brackets",
            "source_count": 1,
            "count": 0,
            "alternative_id": None,
            "label": None,
            "quote": None,
            "message": "Article 3, paragraph 3: 1 bracket in English, 0 brackets in Arabic",
        }
    ]
    arabic = (await client.get(URL, headers={**headers, "Accept-Language": "ar"})).json()
    message = arabic["articles"][0]["languages"][0]["differences"][0]["message"]
    assert "المادة 3، الفقرة 3" in message


async def test_api_observers_read_milestones_only(
    session: AsyncSession, t: Table, client: AsyncClient
) -> None:
    await bracket(session, t, "fr")
    await instruments.create_milestone(session, t.instrument, "Rev.1", None, t.chair)
    observer = await token_for(session, OBSERVER)
    assert (await client.get(URL, headers=observer)).status_code == 403
    body = (await client.get(URL, params={"milestone": "Rev.1"}, headers=observer)).json()
    assert body["milestone"] == "Rev.1"
    assert body["articles"][0]["languages"][0]["consistent"] is False
    before = (await client.get(URL, params={"milestone": "2007 text"}, headers=observer)).json()
    assert before["articles"] == []
    missing = await client.get(URL, params={"milestone": "Rev.9"}, headers=observer)
    assert missing.status_code == 404

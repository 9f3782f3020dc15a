"""The demo's organisations and accounts read right in every language: organisations by
their official name in the reader's language, accounts by people's names."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.demo.service import ORGANISATIONS, USERS
from draftroom.identity.service import delegation_name
from draftroom.models import Delegation
from tests.fixtures.clients import sign_in

INTERPOL = {
    "en": "International Criminal Police Organization",
    "fr": "Organisation internationale de police criminelle",
    "es": "Organización Internacional de Policía Criminal",
    "ru": "Международная организация уголовной полиции",
    "zh": "国际刑事警察组织",
    "ar": "المنظمة الدولية للشرطة الجنائية",
}


@pytest.mark.parametrize("lang", sorted(INTERPOL))
async def test_an_organisation_is_named_in_the_readers_language(
    session: AsyncSession, lang: str
) -> None:
    interpol = await session.scalar(select(Delegation).where(Delegation.code == "INTERPOL"))
    assert interpol is not None
    assert delegation_name(interpol, lang) == INTERPOL[lang]


async def test_the_admin_page_names_organisations_in_the_readers_language(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email="admin@draftroom.example")
    for lang in ("zh", "ru"):
        page = await anonymous.get("/admin", params={"lang": lang})
        assert INTERPOL[lang] in page.text
        assert INTERPOL["en"] not in page.text


def test_every_demo_organisation_has_a_name_in_each_of_the_six_languages() -> None:
    for _code, names in ORGANISATIONS:
        assert sorted(names) == sorted(INTERPOL)
        assert all(names.values())


def test_demo_accounts_carry_no_words_of_one_language() -> None:
    """A person's name, not "Délégation de la France" or "UNODC Secretariat": the meeting's
    terms (glossary) for delegation, secretariat, observer belong to the pages, which say
    them in the reader's language."""
    # The glossary's rows for these three terms (shared/data/glossary.csv), in six languages.
    terms = [
        term.casefold()
        for term in (
            "delegation",
            "délégation",
            "delegación",
            "делегация",
            "代表团",
            "الوفد",
            "secretariat",
            "secrétariat",
            "Secretaría",
            "секретариат",
            "秘书处",
            "الأمانة",
            "observer",
            "observateur",
            "observador",
            "наблюдатель",
            "观察员",
            "المراقب",
        )
    ]
    for _email, name, _role, _delegation in USERS:
        assert not any(term in name.casefold() for term in terms), name

"""Load the illustrative Model Law: the 2007 text in six languages, then a later draft."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.demo.negotiation import load_negotiation
from draftroom.identity.service import create_delegation, create_user
from draftroom.instruments.importing import import_instrument, read_outline
from draftroom.models import DelegationKind, Instrument, Role

DATA = Path(__file__).parent / "data"
SLUG = "model-law"
BASE_MILESTONE = "2007 text"
DRAFT_LABEL = "Draft after EGM 1"
# Every demo account signs in with this password (README); a demo is for trying things out.
DEMO_PASSWORD = "draftroom-demo"  # noqa: S105
TRANSLATIONS = ("fr", "es", "ru", "zh", "ar")

STATES = ("AR", "AT", "BR", "CN", "EG", "FR", "IN", "MX", "NG", "RU", "SA", "US")
# Organisations by their official name in each of the six languages.
ORGANISATIONS = (
    (
        "INTERPOL",
        {
            "en": "International Criminal Police Organization",
            "fr": "Organisation internationale de police criminelle",
            "es": "Organización Internacional de Policía Criminal",
            "ru": "Международная организация уголовной полиции",
            "zh": "国际刑事警察组织",
            "ar": "المنظمة الدولية للشرطة الجنائية",
        },
    ),
)
# Accounts are people, named as people are in every language; what they are (their role,
# their delegation) the pages say in the reader's language beside the name.
USERS = (
    ("secretariat@draftroom.example", "Elena Petrova", Role.secretariat, None),
    ("admin@draftroom.example", "Jonas Berg", Role.admin, None),
    ("observer@draftroom.example", "Aiko Tanaka", Role.observer, None),
    ("delegate.fr@draftroom.example", "Claire Martin", Role.participant, "FR"),
    ("delegate.eg@draftroom.example", "Amira Haddad", Role.participant, "EG"),
    ("delegate.cn@draftroom.example", "Li Wei", Role.participant, "CN"),
    ("delegate.mx@draftroom.example", "Sofía Ramírez", Role.participant, "MX"),
)


async def load_demo(
    session: AsyncSession, settings: Settings, *, force: bool = False, negotiation: bool = True
) -> bool:
    """Returns False (and writes nothing) when the database already holds an instrument.
    ``negotiation``: also the rolling text of article 5 (statuses, brackets, alternatives);
    the test suite starts without it, each test making the state it is about."""
    if not force and (await session.scalar(select(func.count()).select_from(Instrument))):
        return False
    await import_instrument(
        session,
        settings,
        read_outline(DATA / "en.md"),
        language="en",
        slug=SLUG,
        illustrative=True,
    )
    for index, lang in enumerate(TRANSLATIONS, start=1):
        await import_instrument(
            session,
            settings,
            read_outline(DATA / f"{lang}.md"),
            language=lang,
            slug=SLUG,
            milestone=BASE_MILESTONE if index == len(TRANSLATIONS) else None,
        )
    await import_instrument(
        session,
        settings,
        read_outline(DATA / "draft-en.md"),
        language="en",
        slug=SLUG,
        label=DRAFT_LABEL,
    )
    for code in STATES:
        await create_delegation(session, DelegationKind.state, code, None, None)
    for acronym, names in ORGANISATIONS:
        await create_delegation(
            session, DelegationKind.organisation, acronym, names["en"], None, names=names
        )
    for email, name, role, delegation in USERS:
        await create_user(session, email, name, role, delegation, password=DEMO_PASSWORD)
    if negotiation:
        await load_negotiation(session, settings, SLUG)
    return True

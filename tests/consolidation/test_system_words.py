"""Words the system writes about a version ("Consolidated: amendments 1, 2", "Restored from
version 1") are stored as facts and read in each reader's language, on the API and pages."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from babel.numbers import format_decimal
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import ROOT, Settings
from draftroom.db import create_engine
from draftroom.health.service import alembic_config
from draftroom.kit.i18n import catalogues
from tests.fixtures.clients import people
from tests.fixtures.databases import migrate
from tests.fixtures.factories import accept, open_round, propose

ARTICLE = "/api/v1/instruments/model-law/articles/art_3"
CONSOLIDATED = "Consolidated: amendments {numbers}"
RESTORED = "Restored from version {seq}"


def in_language(settings: Settings, lang: str, message: str, **values: int) -> str:
    """What the catalogue of ``lang`` makes of a message, numbers in that locale's digits."""
    text = catalogues(settings.locales_dir)[lang].gettext(message)
    return text.format(
        **{
            k: ", ".join(format_decimal(n, locale=lang) for n in v)
            if isinstance(v, list)
            else format_decimal(v, locale=lang)
            for k, v in values.items()
        }
    )


async def consolidated_version(client: AsyncClient, who: dict[str, dict[str, str]]) -> Any:
    """France rewords paragraph 1 and Egypt paragraph 2 of article 3; both consolidated."""
    await open_round(client, who["secretariat"])
    base = (await client.get(ARTICLE, headers=who["fr"])).json()
    made = []
    for delegate, index, old, new in (
        ("fr", 0, "is in force", "applies"),
        ("eg", 1, "In the absence", "Failing"),
    ):
        text = base["provisions"][index]["text"].replace(old, new)
        amendment = await propose(client, who[delegate], {index: text})
        await accept(client, who, delegate, amendment["id"])
        made.append(amendment)
    current = await client.get(ARTICLE, headers=who["secretariat"])
    response = await client.post(
        f"{ARTICLE}/consolidation",
        json={"language": "en", "amendments": [a["id"] for a in made]},
        headers={
            **who["secretariat"],
            "If-Match": current.headers["etag"],
            "Accept-Language": "fr",
        },
    )
    assert response.status_code == 201, response.text
    return response.json(), [a["number"] for a in made]


async def test_a_consolidated_version_is_labelled_in_each_readers_language(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    who = await people(session)
    made, numbers = await consolidated_version(anonymous, who)
    # Written by a secretariat reading French, stored as a fact, not as French words.
    assert made["origin"] == {"kind": "consolidated", "amendments": numbers}
    for lang in ("fr", "ar", "en", "zh"):
        read = await anonymous.get(
            ARTICLE, params={"version": made["seq"], "lang": lang}, headers=who["secretariat"]
        )
        body = read.json()
        assert body["origin"] == {"kind": "consolidated", "amendments": numbers}
        assert body["label"] == in_language(settings, lang, CONSOLIDATED, numbers=numbers), lang
    listed = await anonymous.get(
        f"{ARTICLE}/versions", params={"language": "en", "lang": "ar"}, headers=who["secretariat"]
    )
    newest = listed.json()["items"][0]
    assert newest["label"] == in_language(settings, "ar", CONSOLIDATED, numbers=numbers)
    page = await anonymous.get(
        "/instruments/model-law/articles/art_3",
        params={"lang": "ar", "text": "en"},
        headers=who["secretariat"],
    )
    assert in_language(settings, "ar", CONSOLIDATED, numbers=numbers) in page.text


async def test_a_restored_version_says_so_in_the_readers_language(
    client: AsyncClient, tokens: Any, settings: Settings
) -> None:
    headers = {"Authorization": f"Bearer {tokens.secretariat}"}
    url = "/api/v1/instruments/model-law/articles/art_1"
    latest = await client.get(url)
    restored = await client.post(
        f"{url}/restore",
        params={"lang": "ru"},
        json={"language": "en", "version": 1},
        headers={**headers, "If-Match": latest.headers["etag"]},
    )
    assert restored.status_code == 201, restored.text
    body = restored.json()
    assert body["origin"] == {"kind": "restored", "from_seq": 1}
    assert body["label"] == in_language(settings, "ru", RESTORED, seq=1)
    for lang in ("es", "en"):
        again = await client.get(url, params={"version": body["seq"], "lang": lang})
        assert again.json()["label"] == in_language(settings, lang, RESTORED, seq=1)


def _migration() -> Any:
    path = next((ROOT / "migrations" / "versions").glob("*_system_words.py"))
    spec = importlib.util.spec_from_file_location("system_words", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh", "ar"])
def test_labels_stored_before_become_facts_in_every_catalogues_wording(
    lang: str, settings: Settings
) -> None:
    parse = _migration().parse_label
    translations = catalogues(settings.locales_dir)[lang]
    consolidated = translations.gettext(CONSOLIDATED).format(numbers="1, 2, 13")
    restored = translations.gettext(RESTORED).format(seq=4)
    assert parse(consolidated) == {"kind": "consolidated", "amendments": [1, 2, 13]}
    assert parse(restored) == {"kind": "restored", "from_seq": 4}
    # A label a person gave stays a label.
    assert parse("Draft after EGM 1") is None
    assert parse("Consolidated by hand after the meeting") is None


def test_the_migration_lives_beside_the_others() -> None:
    assert Path(_migration().__file__).parent.name == "versions"


def test_the_migration_turns_stored_labels_into_facts(fresh_url: str) -> None:
    """Labels written before in French, Chinese and English become facts; a label a person
    gave stays as it was; and back down, the facts become English labels again."""
    migrate(fresh_url, "740ec8359b40")
    now = datetime.now(UTC)
    instruments = sa.table(
        "instruments",
        sa.column("id", sa.Integer()),
        sa.column("slug", sa.String()),
        sa.column("title", sa.JSON()),
        sa.column("source_language", sa.String()),
        sa.column("illustrative", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("instrument_id", sa.Integer()),
        sa.column("key", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("number", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    versions = sa.table(
        "article_versions",
        sa.column("id", sa.Integer()),
        sa.column("article_id", sa.Integer()),
        sa.column("language", sa.String()),
        sa.column("seq", sa.Integer()),
        sa.column("heading", sa.String()),
        sa.column("provisions", sa.JSON()),
        sa.column("label", sa.String()),
        sa.column("content_hash", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    labels = [
        "Draft after EGM 1",
        "Texte consolidé : amendements 3, 4",
        "合并：第7号修正案",
        "Restored from version 2",
    ]

    async def write() -> None:
        engine = create_engine(fresh_url)
        async with engine.begin() as conn:
            await conn.execute(
                instruments.insert().values(
                    id=1,
                    slug="law",
                    title={"en": "Law"},
                    source_language="en",
                    illustrative=False,
                    created_at=now,
                )
            )
            await conn.execute(
                articles.insert().values(
                    id=1, instrument_id=1, key="art_1", position=1, number="1", created_at=now
                )
            )
            for seq, label in enumerate(labels, start=1):
                await conn.execute(
                    versions.insert().values(
                        id=seq,
                        article_id=1,
                        language="en",
                        seq=seq,
                        heading="H",
                        provisions=[],
                        label=label,
                        content_hash="0" * 64,
                        created_at=now,
                    )
                )
        await engine.dispose()

    asyncio.run(write())
    migrate(fresh_url, "5b1f0c2d9e47")
    stored = rows(fresh_url, "SELECT label, origin FROM article_versions ORDER BY seq")
    assert [(label, _json(origin)) for label, origin in stored] == [
        ("Draft after EGM 1", None),
        (None, {"kind": "consolidated", "amendments": [3, 4]}),
        (None, {"kind": "consolidated", "amendments": [7]}),
        (None, {"kind": "restored", "from_seq": 2}),
    ]
    command.downgrade(alembic_config(ROOT / "migrations", fresh_url), "740ec8359b40")

    assert [
        label for (label,) in rows(fresh_url, "SELECT label FROM article_versions ORDER BY seq")
    ] == [
        "Draft after EGM 1",
        "Consolidated: amendments 3, 4",
        "Consolidated: amendments 7",
        "Restored from version 2",
    ]


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    async def read() -> list[tuple[Any, ...]]:
        engine = create_engine(url)
        async with engine.connect() as conn:
            found = [tuple(row) for row in await conn.execute(sa.text(sql))]
        await engine.dispose()
        return found

    return asyncio.run(read())


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value

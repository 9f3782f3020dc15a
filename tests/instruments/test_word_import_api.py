"""The API's import (POST /api/v1/instruments/import) refuses what the CLI and the page
refuse, with the same messages, and takes our own .docx exports back."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.instruments import service
from draftroom.models import ArticleVersion, Instrument
from tests.fixtures.clients import SECRETARIAT, token_for
from tests.fixtures.wordinputs import BAD_FILES, LAW, clean_docx, with_word_revisions

IMPORT = "/api/v1/instruments/import"


async def counts(session: AsyncSession) -> tuple[int, int]:
    instruments = await session.scalar(select(func.count()).select_from(Instrument))
    versions = await session.scalar(select(func.count()).select_from(ArticleVersion))
    return instruments or 0, versions or 0


async def send(
    client: AsyncClient, session: AsyncSession, data: bytes, name: str = "law.docx", **form: str
) -> tuple[int, dict[str, object]]:
    response = await client.post(
        IMPORT,
        data={"language": "en", "instrument": "law", **form},
        files={"file": (name, data)},
        headers=await token_for(session, SECRETARIAT),
    )
    return response.status_code, response.json()


async def test_tracked_changes_are_counted_and_refused(
    client: AsyncClient, session: AsyncSession
) -> None:
    data, count = with_word_revisions(clean_docx(LAW))
    before = await counts(session)
    status, body = await send(client, session, data)
    assert status == 422
    assert body["error"] == "TrackedChanges"
    assert f"This file carries {count} tracked changes" in str(body["detail"])
    assert "or import the file as a proposal" in str(body["detail"])
    assert await counts(session) == before


@pytest.mark.parametrize("case", BAD_FILES)
async def test_a_bad_docx_is_refused(case: str, client: AsyncClient, session: AsyncSession) -> None:
    make, expected = BAD_FILES[case]
    before = await counts(session)
    status, body = await send(client, session, make())
    assert status == 422
    assert expected in str(body["detail"])
    assert await counts(session) == before


async def test_our_export_comes_back_through_the_api_after_a_dry_run(
    client: AsyncClient, session: AsyncSession
) -> None:
    exported = await client.get(
        "/api/v1/instruments/model-law/export.docx", params={"language": "en"}
    )
    assert exported.status_code == 200
    before = await counts(session)
    status, plan = await send(
        client, session, exported.content, instrument="api-law", dry_run="true"
    )
    assert status == 200
    assert plan["imported"] is False
    assert await counts(session) == before
    status, report = await send(client, session, exported.content, instrument="api-law")
    assert status == 201
    assert report["imported"] is True
    articles = plan["articles"]
    assert isinstance(articles, list)
    assert report["new_versions"] == report["created_articles"] == len(articles) == 32
    demo = await service.get_instrument(session, "model-law")
    returned = await service.get_instrument(session, "api-law")
    for mine, theirs in zip(
        await service.articles(session, demo),
        await service.articles(session, returned),
        strict=True,
    ):
        old = await service.latest_version(session, mine.id, "en")
        new = await service.latest_version(session, theirs.id, "en")
        assert old is not None
        assert new is not None
        assert (new.heading, new.provisions) == (old.heading, old.provisions)


async def test_an_observer_may_not_import(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.post(
        IMPORT,
        data={"language": "en", "instrument": "law"},
        files={"file": ("law.docx", clean_docx(LAW))},
        headers=await token_for(session, "observer@draftroom.example"),
    )
    assert response.status_code == 403
    assert await session.scalar(select(Instrument.id).where(Instrument.slug == "law")) is None


ODD_IDS = """# Odd Law

## Article 1. Purpose
1. This law governs mutual assistance. {#purpose.general-rule}
2. It applies to requests. {#purpose.scope-of-application-for-all-requests}
"""


async def test_ids_too_odd_for_a_bookmark_come_back_by_their_hash(
    client: AsyncClient, session: AsyncSession
) -> None:
    status, _body = await send(client, session, ODD_IDS.encode(), name="odd.md", instrument="odd")
    assert status == 201
    exported = await client.get("/api/v1/instruments/odd/export.docx", params={"language": "en"})
    assert exported.status_code == 200
    assert b"dr_purpose" not in exported.content  # both names are hashed in the file
    status, report = await send(client, session, exported.content, instrument="odd")
    assert status == 201
    assert (report["unchanged"], report["new_versions"]) == (1, 0)
    # Into a fresh instrument the hashes name no known id: the place gives the ids.
    status, report = await send(client, session, exported.content, instrument="odd-copy")
    assert status == 201
    article = (await service.articles(session, await service.get_instrument(session, "odd-copy")))[
        0
    ]
    version = await service.latest_version(session, article.id, "en")
    assert version is not None
    assert [p["id"] for p in version.provisions] == ["art_1__para_1", "art_1__para_2"]

"""Our own .docx exports import back: the whole instrument and a single article, in English,
Arabic and Chinese, land in a fresh instrument with the same provisions (ids, numbers and
texts exactly); the title block, the notices and the list of untranslated articles are not
read as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.demo.service import BASE_MILESTONE
from draftroom.instruments import service
from draftroom.instruments.importing import (
    OtherStructure,
    import_instrument,
    plan_import,
    read_file,
)
from draftroom.models import ArticleVersion, Instrument
from tests.fixtures.clients import SECRETARIAT, csrf_token, sign_in
from tests.fixtures.wordinputs import as_word_saves_it, with_bookmarks_swapped

EXPORT = "/api/v1/instruments/model-law"


async def texts(
    session: AsyncSession, instrument: Instrument, language: str
) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """Per article key: its heading and its (id, number, text) provisions in ``language``."""
    found = {}
    for article in await service.articles(session, instrument):
        version = await service.latest_version(session, article.id, language)
        if version is not None:
            found[article.key] = (
                version.heading,
                [(p["id"], p["number"], p["text"]) for p in version.provisions],
            )
    return found


async def download(client: AsyncClient, path: str, tmp_path: Path, **params: Any) -> Path:
    response = await client.get(f"{EXPORT}{path}", params=params)
    assert response.status_code == 200, response.text[:300]
    file = tmp_path / f"{path.strip('/').replace('/', '_')}-{params.get('language')}.docx"
    file.write_bytes(response.content)
    return file


async def test_the_whole_instrument_in_three_languages_comes_back_the_same(
    client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    demo = await service.get_instrument(session, "model-law")
    for language in ("en", "ar", "zh"):  # the source first, then its translations
        file = await download(client, "/export.docx", tmp_path, language=language)
        parsed = read_file(file, language=language)
        await import_instrument(session, settings, parsed, language=language, slug="returned")
    returned = await service.get_instrument(session, "returned")
    for language in ("en", "ar", "zh"):
        expected = await texts(session, demo, language)
        assert expected, language
        assert await texts(session, returned, language) == expected, language
        assert returned.title[language] == demo.title[language]


async def test_the_title_block_and_the_untranslated_list_are_not_text(
    client: AsyncClient, tmp_path: Path
) -> None:
    file = await download(client, "/export.docx", tmp_path, language="ar")
    parsed = read_file(file)
    everything = " ".join(
        f"{a.heading} {' '.join(p.text for p in a.provisions)}" for a in parsed.articles
    )
    assert "Content of requests" not in everything  # listed as untranslated, in English
    assert parsed.articles[0].number == "1"
    assert parsed.articles[0].provisions[0].key == "art_1__para_1"


async def test_a_single_articles_export_comes_back_the_same(
    client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    demo = await service.get_instrument(session, "model-law")
    file = await download(client, "/articles/art_2/export.docx", tmp_path, language="en")
    parsed = read_file(file)
    assert [a.key for a in parsed.articles] == ["art_2"]
    await import_instrument(session, settings, parsed, language="en", slug="one-article")
    returned = await service.get_instrument(session, "one-article")
    assert await texts(session, returned, "en") == {
        "art_2": (await texts(session, demo, "en"))["art_2"]
    }


async def test_an_export_imported_as_a_new_draft_changes_nothing(
    client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    file = await download(client, "/export.docx", tmp_path, language="en")
    report = await import_instrument(
        session, settings, read_file(file), language="en", slug="model-law"
    )
    assert report.new_versions == 0
    assert report.created_articles == 0
    assert report.unchanged > 0


async def test_an_export_in_another_language_than_the_one_chosen_is_refused(
    client: AsyncClient, anonymous: AsyncClient, session: AsyncSession, tmp_path: Path
) -> None:
    file = await download(client, "/export.docx", tmp_path, language="ar")
    before = await session.scalar(select(func.count()).select_from(ArticleVersion))
    status, _cookie = await sign_in(anonymous, email=SECRETARIAT)
    assert status == 303
    page = await anonymous.post(
        "/instruments/import",
        data={
            "csrf_token": await csrf_token(anonymous),
            "kind": "translation",
            "language": "fr",
            "instrument": "model-law",
        },
        files={"file": ("model-law-ar.docx", file.read_bytes())},
    )
    error = " ".join(page.text.split('id="import-file-error"')[1].split("</p>")[0].split())
    assert "This file holds the Arabic text (its document properties say so), not the French" in (
        error
    )
    assert "Confirm the import" not in page.text
    assert await session.scalar(select(func.count()).select_from(ArticleVersion)) == before


async def test_our_export_saved_again_by_word_comes_back_the_same(
    client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    demo = await service.get_instrument(session, "model-law")
    for language in ("en", "ar", "zh"):
        file = await download(client, "/export.docx", tmp_path, language=language)
        file.write_bytes(as_word_saves_it(file.read_bytes()))
        parsed = read_file(file, language=language)
        await import_instrument(session, settings, parsed, language=language, slug="resaved")
    returned = await service.get_instrument(session, "resaved")
    for language in ("en", "ar", "zh"):
        assert await texts(session, returned, language) == await texts(session, demo, language)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/export.docx", {"milestone": BASE_MILESTONE}),
        ("/compare.docx-clean", {}),
    ],
    ids=["a milestone", "a comparison's clean download"],
)
async def test_every_clean_download_of_the_text_comes_back_the_same(
    path: str,
    params: dict[str, str],
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    tmp_path: Path,
) -> None:
    demo = await service.get_instrument(session, "model-law")
    file = await download(client, path, tmp_path, language="en", **params)
    await import_instrument(
        session, settings, read_file(file, language="en"), language="en", slug="clean"
    )
    returned = await service.get_instrument(session, "clean")
    expected = await texts(session, demo, "en")
    if "milestone" in params:
        milestone = await service.get_milestone(session, demo, params["milestone"])
        expected = {
            article.key: (
                version.heading,
                [(p["id"], p["number"], p["text"]) for p in version.provisions],
            )
            for article, version in await service.milestone_text(session, milestone, "en")
        }
        assert expected != await texts(session, demo, "en")  # the draft has moved on since
    assert await texts(session, returned, "en") == expected


async def test_a_translation_whose_marks_name_other_provisions_is_refused(
    client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    file = await download(client, "/articles/art_1/export.docx", tmp_path, language="ar")
    file.write_bytes(
        with_bookmarks_swapped(file.read_bytes(), "dr_art_1__para_2", "dr_art_1__para_3")
    )
    parsed = read_file(file, language="ar")
    demo = await service.get_instrument(session, "model-law")
    with pytest.raises(OtherStructure) as refused:
        await plan_import(session, settings, parsed, language="ar", instrument=demo)
    assert refused.value.detail.startswith(
        "Article 1, provision 2: this file holds the text of provision “art_1__para_3” where "
        "the source text has “art_1__para_2”"
    )
    with pytest.raises(OtherStructure):
        await import_instrument(session, settings, parsed, language="ar", slug="model-law")

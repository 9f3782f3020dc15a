"""The strict base-text import against files LibreOffice wrote itself: revisions recorded by
LibreOffice are counted and refused, its .doc is refused as one, and once its "Accept all"
has run the same file imports with the accepted text."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from draftroom.cli import app
from draftroom.config import Settings
from draftroom.instruments import service
from draftroom.instruments.importing import TrackedChanges, import_instrument, read_file
from draftroom.models import Instrument
from draftroom.text.provisions import ProvisionText
from tests.fixtures.clients import SECRETARIAT, csrf_token, sign_in
from tests.fixtures.libreoffice import Edit, accept_all, available, edit_recorded, save_as_doc
from tests.fixtures.wordinputs import LAW, clean_docx

pytestmark = pytest.mark.libreoffice

# A replacement is a deletion and an insertion: four revisions in all.
EDITS = [
    Edit("replace", find="governs", text="regulates"),
    Edit("delete", find=" received"),
    Edit("insert", find="It applies", text="Moreover, "),
]


def test_libreoffice_is_there() -> None:
    assert available(), "install libreoffice-writer-nogui and python3-uno (.ci/run does)"


def cli_import(path: Path, slug: str = "law") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", str(path), "--lang", "en", "--instrument", slug])
    return result.exit_code, " ".join(result.output.split())


def test_revisions_recorded_by_libreoffice_are_counted_and_refused(
    cli_env: str, tmp_path: Path
) -> None:
    path = tmp_path / "returned.docx"
    path.write_bytes(edit_recorded(clean_docx(LAW), EDITS, author="Delegation Ruritania"))
    code, output = cli_import(path)
    assert code == 1
    assert "This file carries 4 tracked changes: accept or reject them in Word first" in output
    assert CliRunner().invoke(app, ["export", "--instrument", "law"]).exit_code != 0


def test_after_libreoffices_accept_all_the_file_imports_with_the_accepted_text(
    cli_env: str, tmp_path: Path
) -> None:
    path = tmp_path / "accepted.docx"
    path.write_bytes(accept_all(edit_recorded(clean_docx(LAW), EDITS)))
    code, output = cli_import(path)
    assert code == 0, output
    exported = CliRunner().invoke(app, ["export", "--instrument", "law"]).output
    assert "1. This law regulates mutual assistance." in exported
    assert "2. Moreover, It applies to requests." in exported


async def test_revisions_recorded_by_libreoffice_are_refused_on_the_import_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    returned = edit_recorded(clean_docx(LAW), EDITS)
    before = await session.scalar(select(func.count()).select_from(Instrument))
    status, _cookie = await sign_in(anonymous, email=SECRETARIAT)
    assert status == 303
    page = await anonymous.post(
        "/instruments/import",
        data={
            "csrf_token": await csrf_token(anonymous),
            "kind": "new",
            "language": "en",
            "slug": "law",
        },
        files={"file": ("returned.docx", returned)},
    )
    error = " ".join(page.text.split('id="import-file-error"')[1].split("</p>")[0].split())
    assert "This file carries 4 tracked changes" in error
    assert await session.scalar(select(func.count()).select_from(Instrument)) == before


def test_a_doc_saved_by_libreoffice_is_refused_as_one(cli_env: str, tmp_path: Path) -> None:
    path = tmp_path / "law.doc"
    path.write_bytes(save_as_doc(clean_docx(LAW)))
    assert path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    renamed = tmp_path / "law.docx"  # as users do
    renamed.write_bytes(path.read_bytes())
    for given in (path, renamed):
        code, output = cli_import(given)
        assert code == 1
        assert "is a .doc (Word 97–2003) file: save it as .docx" in output


async def first_article(session: AsyncSession, slug: str, language: str) -> list[ProvisionText]:
    instrument = await service.get_instrument(session, slug)
    article = (await service.articles(session, instrument))[0]
    version = await service.latest_version(session, article.id, language)
    assert version is not None
    return version.provisions


NEW_WORDS = {"en": "broadest", "ar": "الأوسع", "zh": "最广"}


@pytest.mark.parametrize("language", NEW_WORDS)
async def test_our_export_edited_in_libreoffice_is_refused_until_accepted_then_keeps_its_ids(
    language: str, client: AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    before = await first_article(session, "model-law", language)
    first, second = before[0], before[1]
    replaced = first["text"][10:14]
    deleted = second["text"][-12:-4]
    response = await client.get(
        "/api/v1/instruments/model-law/articles/art_1/export.docx", params={"language": language}
    )
    assert response.status_code == 200
    edited = edit_recorded(
        response.content,
        [
            Edit("replace", replaced, NEW_WORDS[language], bookmark=f"dr_{first['id']}"),
            Edit("delete", deleted, bookmark=f"dr_{second['id']}"),
        ],
        author="Delegation of France",
    )
    returned = tmp_path / "returned.docx"
    returned.write_bytes(edited)
    with pytest.raises(TrackedChanges) as refused:
        read_file(returned, language=language)
    assert refused.value.params == {"count": 3}
    assert "This file carries 3 tracked changes" in refused.value.detail

    # After LibreOffice's "Accept all", the same file is a base text: same ids, edited texts.
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(accept_all(edited))
    parsed = read_file(accepted, language=language)
    await import_instrument(session, settings, parsed, language=language, slug="edited")
    after = await first_article(session, "edited", language)
    expected = {p["id"]: p["text"] for p in before}
    expected[first["id"]] = first["text"].replace(replaced, NEW_WORDS[language], 1)
    expected[second["id"]] = second["text"].replace(deleted, "", 1)
    assert {p["id"]: p["text"] for p in after} == expected
    assert [p["number"] for p in after] == [p["number"] for p in before]

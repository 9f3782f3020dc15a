"""A base text comes in from a .docx only as the text itself: files that are not a safe,
readable .docx and files carrying tracked changes are refused, on the command line and on the
import page alike, with a message that says what to do, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from draftroom.cli import app
from draftroom.instruments.importing import TrackedChanges, read_file
from draftroom.models import Instrument
from tests.fixtures.clients import SECRETARIAT, csrf_token, sign_in
from tests.fixtures.wordinputs import (
    BAD_FILES,
    LAW,
    clean_docx,
    with_one_deletion,
    with_split_deletion,
    with_word_revisions,
)


def cli_import(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", str(path), "--lang", "en", "--instrument", "law"])
    return result.exit_code, " ".join(result.output.split())


async def count_instruments(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Instrument)) or 0


async def page_preview(client: AsyncClient, data: bytes) -> str:
    """The import page's answer to a previewed file: the message beside the file field."""
    status, _cookie = await sign_in(client, email=SECRETARIAT)
    assert status == 303
    response = await client.post(
        "/instruments/import",
        data={
            "csrf_token": await csrf_token(client),
            "kind": "new",
            "language": "en",
            "slug": "law",
        },
        files={"file": ("law.docx", data)},
    )
    assert "Confirm the import" not in response.text
    return " ".join(
        response.text.split('id="import-file-error"')[1].split("</p>")[0].split()
    ).replace("&#39;", "'")


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_docx_is_refused_on_the_command_line_nothing_written(
    case: str, cli_env: str, tmp_path: Path
) -> None:
    make, expected = BAD_FILES[case]
    path = tmp_path / "law.docx"
    path.write_bytes(make())
    code, output = cli_import(path)
    assert code == 1
    assert expected in output
    assert "Nothing was imported" in output
    listed = CliRunner().invoke(app, ["export", "--instrument", "law"])
    assert listed.exit_code != 0  # the instrument was never created


@pytest.mark.parametrize("case", BAD_FILES)
async def test_a_bad_docx_is_refused_beside_the_file_on_the_import_page(
    case: str, anonymous: AsyncClient, session: AsyncSession
) -> None:
    make, expected = BAD_FILES[case]
    before = await count_instruments(session)
    error = await page_preview(anonymous, make())
    assert expected in error
    assert await count_instruments(session) == before


def test_tracked_changes_are_counted_and_refused_on_the_command_line(
    cli_env: str, tmp_path: Path
) -> None:
    data, count = with_word_revisions(clean_docx(LAW))
    path = tmp_path / "law.docx"
    path.write_bytes(data)
    code, output = cli_import(path)
    assert code == 1
    assert f"This file carries {count} tracked changes" in output
    assert "accept or reject them in Word first" in output
    assert "or import the file as a proposal" in output
    assert CliRunner().invoke(app, ["export", "--instrument", "law"]).exit_code != 0


async def test_tracked_changes_are_counted_and_refused_on_the_import_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    data, count = with_word_revisions(clean_docx(LAW))
    before = await count_instruments(session)
    error = await page_preview(anonymous, data)
    assert f"This file carries {count} tracked changes" in error
    assert "or import the file as a proposal" in error
    assert await count_instruments(session) == before


async def test_one_tracked_change_reads_in_the_singular(
    anonymous: AsyncClient,
) -> None:
    one = with_one_deletion(clean_docx(LAW))
    error = await page_preview(anonymous, one)
    assert "This file carries 1 tracked change: accept or reject it in Word first" in error


def test_a_clean_docx_still_imports(cli_env: str, tmp_path: Path) -> None:
    path = tmp_path / "law.docx"
    path.write_bytes(clean_docx(LAW))
    code, output = cli_import(path)
    assert code == 0, output
    assert "1 new articles, 1 new versions" in output


def test_a_change_written_in_two_pieces_counts_once(tmp_path: Path) -> None:
    path = tmp_path / "law.docx"
    path.write_bytes(with_split_deletion(clean_docx(LAW)))
    with pytest.raises(TrackedChanges) as one:
        read_file(path)
    assert one.value.params == {"count": 1}
    path.write_bytes(with_split_deletion(clean_docx(LAW), second_author="Secretariat"))
    with pytest.raises(TrackedChanges) as two:
        read_file(path)
    assert two.value.params == {"count": 2}


async def test_the_import_page_says_beforehand_that_tracked_changes_are_refused(
    anonymous: AsyncClient,
) -> None:
    status, _cookie = await sign_in(anonymous, email=SECRETARIAT)
    assert status == 303
    page = (await anonymous.get("/instruments/import")).text
    assert "A Word document must carry no tracked changes" in page.replace("&#39;", "'")

"""Imports are bounded (size, paragraphs, articles, time) and refused early, nothing
written; slugs follow one rule at every door (CLI, API, pages)."""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path

import docx
import pytest
from httpx import AsyncClient
from typer.testing import CliRunner

from draftroom.cli import app
from draftroom.instruments.importing import ImportLimits, TooManyArticles, read_file

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    # The console wraps long lines.
    return result.exit_code, " ".join(result.output.split())


def instruments(cli_env: str) -> int:
    if cli_env.startswith("sqlite"):
        with sqlite3.connect(cli_env.split("///", 1)[1]) as conn:
            return int(conn.execute("SELECT count(*) FROM instruments").fetchone()[0])
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(cli_env).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM instruments").fetchone()
        assert row is not None
        return int(row[0])


def docx_with_paragraphs(path: Path, count: int) -> None:
    """A small DOCX whose document.xml unpacks to ``count`` empty paragraphs."""
    document = docx.Document()
    document.add_heading("Article 1. Purpose", level=2)
    document.add_paragraph("Text.")
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode()
    start = xml.index("<w:body>") + len("<w:body>")
    parts["word/document.xml"] = (xml[:start] + "<w:p/>" * count + xml[start:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_small_docx_with_two_million_paragraphs_is_refused_within_a_second(
    cli_env: str, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.docx"
    docx_with_paragraphs(bomb, 2_000_000)
    assert bomb.stat().st_size < 300_000
    started = time.monotonic()
    code, output = invoke("import", str(bomb), "--lang", "en", "--instrument", "bomb")
    elapsed = time.monotonic() - started
    assert code == 1
    assert "more than 50000 paragraphs" in output
    assert "Nothing was imported" in output
    assert elapsed < 2, elapsed
    assert instruments(cli_env) == 0


def test_an_outline_with_a_hundred_thousand_articles_is_refused_within_a_second(
    cli_env: str, tmp_path: Path
) -> None:
    lines = ["# Big"]
    for number in range(1, 100_001):
        lines += [f"## Article {number}. Heading", "Text."]
    big = tmp_path / "big.txt"
    big.write_text("\n".join(lines), encoding="utf-8")
    started = time.monotonic()
    code, output = invoke("import", str(big), "--lang", "en", "--instrument", "big")
    assert time.monotonic() - started < 2
    assert code == 1
    assert "Nothing was imported" in output
    assert instruments(cli_env) == 0


def test_too_many_articles_or_too_large_a_file_is_refused_naming_the_bound(
    tmp_path: Path,
) -> None:
    outline = tmp_path / "law.txt"
    outline.write_text(
        "\n".join(f"## Article {n}. Heading\nText." for n in range(1, 6)), encoding="utf-8"
    )
    with pytest.raises(TooManyArticles) as refused:
        read_file(outline, ImportLimits(max_articles=4))
    assert "5 articles; at most 4" in refused.value.detail
    with pytest.raises(Exception, match="FileTooLarge"):
        read_file(outline, ImportLimits(max_bytes=10))


def test_an_import_out_of_time_is_stopped_and_writes_nothing(
    cli_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from draftroom.config import get_settings

    monkeypatch.setenv("DRAFTROOM_MAX_IMPORT_SECONDS", "0")
    get_settings.cache_clear()
    outline = tmp_path / "law.txt"
    outline.write_text("## Article 1. Purpose\nText.\n", encoding="utf-8")
    code, output = invoke("import", str(outline), "--lang", "en", "--instrument", "slow")
    assert code == 1
    assert "longer than 0 seconds" in output
    assert "Nothing was imported" in output
    assert instruments(cli_env) == 0


@pytest.mark.parametrize("slug", ["../../etc/passwd", "Model_Law", "-x", "a/b", "x" * 65, ""])
def test_the_cli_refuses_a_slug_that_breaks_the_rule(
    cli_env: str, tmp_path: Path, slug: str
) -> None:
    outline = tmp_path / "law.txt"
    outline.write_text("## Article 1. Purpose\nText.\n", encoding="utf-8")
    code, output = invoke("import", str(outline), "--lang", "en", "--instrument", slug)
    assert code == 1
    assert "is not a valid instrument slug" in output
    assert instruments(cli_env) == 0


async def test_the_api_and_pages_answer_404_for_a_slug_that_breaks_the_rule(
    client: AsyncClient,
) -> None:
    for url in (
        "/api/v1/instruments/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/instruments/Model-Law/articles/art_1",
        "/instruments/..%2Fmodel-law",
    ):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"] == "NotFound"

"""The `draftroom` command: import, export, users, tokens, journal, demo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import docx
from typer.testing import CliRunner

from draftroom.cli import app
from draftroom.demo.service import DATA
from tests.fixtures.factories import TEST_LAW

runner = CliRunner()


LAW_FR = """# Loi d'essai

## Article 1. Objet
1. La présente loi régit l'entraide.
2. Elle s'applique :
   (a) aux demandes reçues ;
   (b) aux demandes présentées.

## Article 2. Autorité centrale
L'autorité centrale est le Ministère de la justice.
"""


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def count(cli_env: str, table: str) -> int:
    """Rows in a table, read straight from the database the command wrote to."""
    if cli_env.startswith("sqlite"):
        with sqlite3.connect(cli_env.split("///", 1)[1]) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(cli_env).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
        assert row is not None
        return int(row[0])


def test_import_then_export_gives_identical_provisions(cli_env: str, tmp_path: Path) -> None:
    source = tmp_path / "law.md"
    source.write_text(TEST_LAW, encoding="utf-8")
    code, output = invoke(
        "import",
        str(source),
        "--lang",
        "en",
        "--instrument",
        "test-law",
        "--milestone",
        "2007 text",
    )
    assert code == 0, output
    assert "2 new articles, 2 new versions" in output
    exported = tmp_path / "out.md"
    code, output = invoke("export", "--lang", "en", "--instrument", "test-law", "-o", str(exported))
    assert code == 0, output
    again = tmp_path / "again.md"
    again.write_text(exported.read_text(encoding="utf-8"), encoding="utf-8")
    # Re-importing the export changes nothing: same ids, numbers and texts.
    code, output = invoke("import", str(again), "--lang", "en", "--instrument", "test-law")
    assert code == 0, output
    assert "0 new versions, 2 unchanged" in output
    assert "{#art_1__para_2__point_b}" in exported.read_text(encoding="utf-8")


def test_a_translation_aligns_with_the_source_provisions(cli_env: str, tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text(TEST_LAW, encoding="utf-8")
    (tmp_path / "fr.md").write_text(LAW_FR, encoding="utf-8")
    assert invoke("import", str(tmp_path / "en.md"), "--lang", "en", "--instrument", "t")[0] == 0
    code, output = invoke("import", str(tmp_path / "fr.md"), "--lang", "fr", "--instrument", "t")
    assert code == 0, output
    code, output = invoke("export", "--lang", "fr", "--instrument", "t")
    assert "## Article 1. Objet" in output
    assert "(b) aux demandes présentées. {#art_1__para_2__point_b}" in output


def test_a_translation_with_another_structure_is_refused_whole(
    cli_env: str, tmp_path: Path
) -> None:
    (tmp_path / "en.md").write_text(TEST_LAW, encoding="utf-8")
    broken = LAW_FR.replace("   (b) aux demandes présentées.\n", "")
    (tmp_path / "fr.md").write_text(broken, encoding="utf-8")
    invoke("import", str(tmp_path / "en.md"), "--lang", "en", "--instrument", "t")
    versions = count(cli_env, "article_versions")
    code, output = invoke("import", str(tmp_path / "fr.md"), "--lang", "fr", "--instrument", "t")
    assert code == 1
    assert "Article 1 has 3 provisions in this file but 4 in the source text" in output
    assert count(cli_env, "article_versions") == versions


def test_a_malformed_file_names_the_line_and_writes_nothing(cli_env: str, tmp_path: Path) -> None:
    source = tmp_path / "law.md"
    source.write_text(TEST_LAW.replace("2. It applies to:", "3. It applies to:"), encoding="utf-8")
    code, output = invoke("import", str(source), "--lang", "en", "--instrument", "x")
    assert code == 1
    assert "Line 5 of the file is wrong: paragraph 3 is out of order" in output
    assert "Nothing was imported" in output
    assert count(cli_env, "instruments") == 0
    assert count(cli_env, "journal") == 0


def test_an_unknown_language_is_refused(cli_env: str, tmp_path: Path) -> None:
    source = tmp_path / "law.md"
    source.write_text(TEST_LAW, encoding="utf-8")
    code, output = invoke("import", str(source), "--lang", "de", "--instrument", "x")
    assert code == 1
    assert "ar, zh, en, fr, ru, es" in output
    assert count(cli_env, "instruments") == 0


def write_docx(path: Path, paragraph_two: str = "It applies to:") -> None:
    document = docx.Document()
    document.add_paragraph("Test Law", style="Title")
    document.add_heading("Article 1. Purpose", level=2)
    document.add_paragraph("This Law governs assistance.", style="List Number")
    document.add_paragraph(paragraph_two, style="List Number")
    document.add_paragraph("requests received;", style="List Number 2")
    document.add_paragraph("requests made.", style="List Number 2")
    document.add_heading("Article 2. Central authority", level=2)
    document.add_paragraph("The central authority is the Ministry of Justice.")
    document.save(str(path))


def test_docx_import_gives_the_same_provisions_as_the_outline(cli_env: str, tmp_path: Path) -> None:
    write_docx(tmp_path / "law.docx")
    (tmp_path / "law.md").write_text(TEST_LAW, encoding="utf-8")
    assert invoke("import", str(tmp_path / "law.docx"), "--lang", "en", "--instrument", "d")[0] == 0
    assert invoke("import", str(tmp_path / "law.md"), "--lang", "en", "--instrument", "m")[0] == 0
    from_docx = invoke("export", "--instrument", "d")[1]
    from_outline = invoke("export", "--instrument", "m")[1]
    assert from_docx == from_outline


def test_a_docx_with_a_stray_heading_names_the_paragraph(cli_env: str, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Article 1. Purpose", level=2)
    document.add_paragraph("Text.")
    document.add_heading("Annex", level=2)
    document.add_paragraph("More.")
    document.save(str(tmp_path / "bad.docx"))
    code, output = invoke("import", str(tmp_path / "bad.docx"), "--lang", "en")
    assert code == 1
    assert "Paragraph 3 of the file is wrong" in output
    assert count(cli_env, "instruments") == 0


def test_users_tokens_and_journal_verify(cli_env: str) -> None:
    assert invoke("delegations", "create", "MX")[0] == 0
    code, output = invoke("delegations", "create", "XX")
    assert code == 1
    assert "ISO 3166" in output
    code, output = invoke(
        "users",
        "create",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "participant",
        "--delegation",
        "MX",
    )
    assert code == 0, output
    code, output = invoke("tokens", "create", "a@example.org")
    assert code == 0
    assert output.startswith("drt_")
    code, output = invoke("tokens", "create", "nobody@example.org")
    assert code == 1
    code, output = invoke("journal", "verify")
    assert code == 0
    assert "3 entries verified" in output


def test_journal_verify_reports_the_tampered_row(cli_env: str) -> None:
    invoke("delegations", "create", "MX")
    invoke("delegations", "create", "FR")
    _tamper(cli_env, 'UPDATE journal SET payload = \'{"code": "US"}\' WHERE seq = 1')
    code, output = invoke("journal", "verify")
    assert code == 1
    assert "Journal tampered at entry 1" in output


def test_journal_verify_names_a_version_whose_text_was_edited(cli_env: str, tmp_path: Path) -> None:
    source = tmp_path / "law.md"
    source.write_text(TEST_LAW, encoding="utf-8")
    imported = invoke(
        "import", str(source), "--lang", "en", "--instrument", "t", "--milestone", "Base text"
    )
    assert imported[0] == 0, imported[1]
    code, output = invoke("journal", "verify")
    assert code == 0, output
    assert "Texts matching the journal: article versions 2, milestones 1." in output
    text = "provisions" if cli_env.startswith("sqlite") else "CAST(provisions AS TEXT)"
    replaced = f"REPLACE({text}, 'governs', 'forbids')"
    _tamper(
        cli_env,
        "UPDATE article_versions SET provisions = "  # noqa: S608
        + (replaced if cli_env.startswith("sqlite") else f"CAST({replaced} AS JSONB)"),
    )
    code, output = invoke("journal", "verify")
    assert code == 1
    assert (
        "Article 1 (en), version 1: its text no longer matches the hash recorded when it was"
        " published; it breaks the milestones “Base text”." in output
    )
    assert (
        "Milestone “Base text”: the text of its versions no longer matches its fingerprint (en)."
        in output
    )
    assert "Article 2" not in output
    assert "Journal intact" not in output


def _tamper(url: str, statement: str) -> None:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("///", 1)[1]) as conn:
            conn.execute(statement)
        return
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute(statement)


def test_demo_loads_once(cli_env: str) -> None:
    code, output = invoke("demo", "load")
    assert code == 0
    assert "Demo instrument loaded" in output
    articles = count(cli_env, "articles")
    assert articles == len(
        [line for line in (DATA / "en.md").read_text().splitlines() if line.startswith("## ")]
    )
    code, output = invoke("demo", "load")
    assert code == 0
    assert "was not loaded" in output
    assert count(cli_env, "articles") == articles

"""A file speaks the language of the text it holds, whatever the interface it was downloaded
from; a text with articles not yet translated names them on its first page, in its metadata
and in its file name, never drops them silently."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from httpx import AsyncClient
from lxml import etree

from draftroom.config import Settings
from draftroom.kit.i18n import catalogues, language_name

EXPORT = "/api/v1/instruments/model-law/export"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
MISSING = "Not yet translated into {language}, so not in this file:"
UNTRANSLATED = [str(n) for n in range(9, 33)]  # the demo's Russian text has articles 1-8


def words(settings: Settings, lang: str, message: str) -> str:
    return catalogues(settings.locales_dir)[lang].gettext(message)


def poppler(tool: str, *args: str) -> str:
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True)
    return done.stdout


def missing_title(settings: Settings, lang: str) -> str:
    return words(settings, lang, MISSING).format(language=language_name(lang, lang))


async def test_a_french_text_downloaded_from_the_english_interface_has_french_labels(
    client: AsyncClient, settings: Settings
) -> None:
    params = {"language": "fr", "milestone": "2007 text", "lang": "en"}
    document = docx.Document(
        io.BytesIO((await client.get(f"{EXPORT}.docx", params=params)).content)
    )
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    article = words(settings, "fr", "Article {number}")
    assert headings[:2] == [article.format(number="1"), article.format(number="2")]
    assert document.core_properties.language == "fr"

    rows = list(
        csv.reader(
            io.StringIO(
                (await client.get(f"{EXPORT}.csv", params=params)).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == [
        words(settings, "fr", label)
        for label in ("Article", "Heading", "Provision", "Text", "Provision id")
    ]

    html = (await client.get(f"{EXPORT}.html", params=params)).text
    assert '<html lang="fr" dir="ltr">' in html
    assert f">{article.format(number='1')}</h2>" in html

    book = openpyxl.load_workbook(
        io.BytesIO((await client.get(f"{EXPORT}.xlsx", params=params)).content)
    )
    assert book.sheetnames[1] == words(settings, "fr", "About")[:31]


async def test_an_arabic_text_from_the_french_interface_runs_right_to_left_in_arabic(
    client: AsyncClient, settings: Settings
) -> None:
    params = {"language": "ar", "milestone": "2007 text", "lang": "fr"}
    html = (await client.get(f"{EXPORT}.html", params=params)).text
    assert '<html lang="ar" dir="rtl">' in html
    assert words(settings, "ar", "Article {number}").format(number="1") in html


async def test_a_comparison_file_follows_the_text_not_the_interface(
    client: AsyncClient, settings: Settings
) -> None:
    response = await client.get(
        "/api/v1/instruments/model-law/articles/art_1/compare.csv",
        params={"language": "es", "lang": "zh"},
    )
    assert response.status_code == 200, response.text
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == words(settings, "es", "Article")
    assert header[2] == words(settings, "es", "Change")


async def test_a_russian_export_names_the_untranslated_articles_first(
    client: AsyncClient, settings: Settings
) -> None:
    title = missing_title(settings, "ru")
    article = words(settings, "ru", "Article {number}")
    params = {"language": "ru", "lang": "en"}

    response = await client.get(f"{EXPORT}.docx", params=params)
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert "-incomplete.docx" in disposition
    assert response.headers["x-draftroom-missing-articles"].split(",") == [
        f"art_{n}" for n in UNTRANSLATED
    ]
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    first_article = texts.index(article.format(number="1"))
    # Before the first article: the note, then every untranslated article by number.
    front = texts[:first_article]
    assert title in front
    listed = front[front.index(title) + 1 :]
    assert [line.split(".")[0] for line in listed] == [
        article.format(number=n) for n in UNTRANSLATED
    ]
    assert "Search and seizure" in "\n".join(listed)  # article 19, named in English
    assert document.core_properties.comments.startswith(title)
    assert document.core_properties.comments.endswith(", ".join(UNTRANSLATED))

    html = await client.get(f"{EXPORT}.html", params=params)
    assert "-incomplete.html" in html.headers["content-disposition"]
    tree = etree.HTML(html.content)
    assert tree.xpath("//meta[@name='description']/@content")[0].startswith(title)
    items = tree.xpath("//header//section[@class='missing']//li")
    assert len(items) == len(UNTRANSLATED)
    assert items[0].xpath("string(.)").startswith(article.format(number="9"))
    assert items[0].xpath("./bdi/@lang") == ["en"]

    book = openpyxl.load_workbook(
        io.BytesIO((await client.get(f"{EXPORT}.xlsx", params=params)).content)
    )
    assert book.properties.description.startswith(title)
    sheet = book.worksheets[0]
    first_rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=25)]
    assert [r[0] for r in first_rows] == UNTRANSLATED
    not_translated = words(settings, "ru", "not yet translated")
    assert {r[3] for r in first_rows} == {not_translated}

    rows = list(
        csv.reader(
            io.StringIO(
                (await client.get(f"{EXPORT}.csv", params=params)).content.decode("utf-8-sig")
            )
        )
    )
    assert [r[0] for r in rows[1:25]] == UNTRANSLATED
    assert rows[1][3] == not_translated

    akn = etree.fromstring((await client.get(f"{EXPORT}.akn", params=params)).content)
    listed_akn = akn.findall(f".//{AKN}preface/{AKN}blockList/{AKN}item")
    assert len(listed_akn) == len(UNTRANSLATED)
    note = akn.find(f".//{AKN}meta/{AKN}notes/{AKN}note[@eId='note_missing']")
    assert note is not None
    assert "".join(note.itertext()).strip().startswith(title)


async def test_a_milestone_missing_articles_in_a_language_says_so_too(
    client: AsyncClient, settings: Settings
) -> None:
    params = {"language": "ru", "milestone": "2007 text"}
    response = await client.get(f"{EXPORT}.html", params=params)
    assert response.status_code == 200
    assert "-incomplete.html" in response.headers["content-disposition"]
    assert missing_title(settings, "ru") in response.text


async def test_a_complete_text_is_not_marked_incomplete(client: AsyncClient) -> None:
    response = await client.get(f"{EXPORT}.docx", params={"language": "en"})
    assert response.status_code == 200
    assert "incomplete" not in response.headers["content-disposition"]
    assert "x-draftroom-missing-articles" not in response.headers
    assert docx.Document(io.BytesIO(response.content)).core_properties.comments == ""


@pytest.mark.system
async def test_a_russian_pdf_names_the_untranslated_articles_on_page_one_and_in_its_metadata(
    client: AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    response = await client.get(f"{EXPORT}.pdf", params={"language": "ru", "lang": "en"})
    assert response.status_code == 200, response.text
    assert "-incomplete.pdf" in response.headers["content-disposition"]
    path = tmp_path / "ru.pdf"
    path.write_bytes(response.content)
    title = missing_title(settings, "ru")
    info = poppler("pdfinfo", str(path))
    subject = next(line for line in info.splitlines() if line.startswith("Subject:"))
    assert title in subject
    assert subject.endswith(", ".join(UNTRANSLATED))
    first_page = poppler("pdftotext", "-f", "1", "-l", "1", str(path), "-")
    flat = " ".join(first_page.split())
    assert " ".join(title.split()) in flat
    assert words(settings, "ru", "Article {number}").format(number="32") in flat

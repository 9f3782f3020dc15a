"""The compare form works with its own defaults, proposals can be picked, three columns agree
with their selectors, and every text shown can be downloaded, named after what it is."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from httpx import AsyncClient
from lxml import html
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.exports.formats import FORMATS
from tests.fixtures.clients import FRANCE, OBSERVER, people, sign_in
from tests.fixtures.factories import act, draft, open_round

COMPARE = "/instruments/model-law/articles/art_29/compare"


def parse(text: str) -> html.HtmlElement:
    return html.fromstring(text)


def form_defaults(page: html.HtmlElement) -> dict[str, str]:
    """What the browser sends when the form is submitted untouched."""
    form = page.xpath("//form[.//select[@name='before']]")[0]
    return dict(form.form_values())


def selected(page: html.HtmlElement, name: str) -> tuple[str, str]:
    option = page.xpath(f"//select[@name='{name}']//option[@selected]")
    assert len(option) == 1, name
    return option[0].get("value"), option[0].text_content()


def downloads(page: html.HtmlElement, index: int = 0) -> dict[str, str]:
    """The format → link of a page's "Download" menu (the index-th one)."""
    menu = page.xpath("//details[@class='downloads']")[index]
    assert menu.xpath("string(summary)").startswith("Download")
    return {a.get("data-format"): a.get("href") for a in menu.xpath(".//a")}


@pytest.mark.parametrize("view", ["inline", "side", "three"])
async def test_the_compare_form_works_with_its_own_defaults(
    anonymous: AsyncClient, view: str
) -> None:
    await sign_in(anonymous, email=FRANCE)
    first = await anonymous.get(COMPARE, params={"view": view})
    assert first.status_code == 200
    again = await anonymous.get(COMPARE, params=form_defaults(parse(first.text)))
    assert again.status_code == 200, again.text
    page = parse(again.text)
    assert selected(page, "before") == ("milestone:1", "2007 text")
    assert selected(page, "after")[1] == "Latest draft"
    meta = " ".join(page.xpath("string(//p[@class='meta'])").split())
    assert meta == "Before: 2007 text · After: Latest draft"
    # Empty choices (an older form's "base text") are the defaults too, on the API as well.
    empty = {"before": "", "after": "", "middle": "", "view": view}
    assert (await anonymous.get(COMPARE, params=empty)).status_code == 200
    api = await anonymous.get(f"/api/v1{COMPARE}", params={"before": "", "after": ""})
    assert api.json()["before"]["label"] == "2007 text"


async def test_three_columns_show_what_their_selectors_say_in_order(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email=FRANCE)
    page = parse((await anonymous.get(COMPARE, params={"view": "three"})).text)
    labels = [selected(page, name)[1] for name in ("before", "middle", "after")]
    # The form's selectors come in the columns' order: left, middle, right.
    names = [s.get("name") for s in page.xpath("//form//select")][:3]
    assert names == ["before", "middle", "after"]
    headers = [th.text_content().strip() for th in page.xpath("//table[@class='diff three']//th")]
    assert headers[1:4] == labels
    assert labels[0] == "2007 text"
    assert labels[2] == "Latest draft"
    assert labels[1] not in labels[::2]  # a text in between, not one of the other two
    chosen = parse(
        (
            await anonymous.get(
                COMPARE, params={"view": "three", "middle": "version:1", "after": "version:2"}
            )
        ).text
    )
    assert selected(chosen, "middle") == ("version:1", "Version 1")
    columns = [th.text_content().strip() for th in chosen.xpath("//table//thead//th")]
    assert columns[1:4] == ["2007 text", "Version 1", "Version 2"]


async def test_tabled_proposals_can_be_picked_and_compared(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    tabled = await draft(anonymous, who["fr"], text="France's tabled wording.")
    await act(anonymous, who["fr"], tabled["id"], "table")
    hidden = await draft(anonymous, who["mx"], text="Mexico's private draft.")
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    url = "/instruments/model-law/articles/art_3/compare"
    page = parse((await anonymous.get(url)).text)
    group = page.xpath("//select[@name='after']/optgroup[@label='Proposals']")[0]
    options = {o.get("value"): o.text_content() for o in group.xpath("option")}
    assert options == {f"amendment:{tabled['id']}": "Amendment 1 (France)"}
    assert f"amendment:{hidden['id']}" not in page.text_content()
    compared = await anonymous.get(url, params={"after": f"amendment:{tabled['id']}"})
    assert compared.status_code == 200
    shown = parse(compared.text)
    assert selected(shown, "after") == (f"amendment:{tabled['id']}", "Amendment 1 (France)")
    assert "tabled wording" in shown.xpath("string(//table[contains(@class, 'diff')])")
    link = downloads(shown)["pdf"]
    assert f"after=amendment%3A{tabled['id']}" in link
    csv = await anonymous.get(link.replace(".pdf?", ".csv?"))
    assert csv.status_code == 200
    assert (
        'filename="model-law_art-3_en_compare_2007-text_amendment-'
        in (csv.headers["content-disposition"])
    )


async def test_the_article_page_offers_its_text_as_read_in_every_format(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email=FRANCE)
    page = parse((await anonymous.get("/instruments/model-law/articles/art_3?text=fr")).text)
    links = downloads(page)
    # A text has no changes: no "DOCX (without revisions)" beside the DOCX.
    offered = [f for f in FORMATS.values() if not f.changes_only]
    assert list(links) == [f.key for f in offered]
    names = [a.text_content() for a in page.xpath("//details[@class='downloads']//a")]
    assert names == [f.label() for f in offered]
    assert "Akoma Ntoso" in names
    for fmt, href in links.items():
        response = await anonymous.get(href)
        if fmt == "pdf" and response.status_code == 503:
            continue  # no Pango on this machine: said in the file's stead (tests/exports)
        assert response.status_code == 200, (fmt, response.text)
        disposition = response.headers["content-disposition"]
        extension = FORMATS[fmt].extension
        assert f'filename="model-law_art-3_fr_latest.{extension}"' in disposition
        assert f"filename*=UTF-8''model-law_art-3_fr_latest.{extension}" in disposition
    # Reading a milestone: the file is that milestone's text, and says so in its name.
    milestone = parse(
        (await anonymous.get("/instruments/model-law/articles/art_3?text=fr&milestone=1")).text
    )
    href = downloads(milestone)["pdf"]
    assert parse_qs(urlsplit(href).query) == {"language": ["fr"], "milestone": ["1"]}
    docx = await anonymous.get(href.replace(".pdf?", ".docx?"))
    assert 'filename="model-law_art-3_fr_2007-text.docx"' in docx.headers["content-disposition"]
    version = parse(
        (await anonymous.get("/instruments/model-law/articles/art_29?text=en&version=1")).text
    )
    html_file = await anonymous.get(downloads(version)["html"])
    assert 'filename="model-law_art-29_en_v1.html"' in html_file.headers["content-disposition"]


async def test_an_observer_downloads_the_milestone_they_read_never_a_403(
    anonymous: AsyncClient,
) -> None:
    await sign_in(anonymous, email=OBSERVER)
    for path in ("/instruments/model-law/articles/art_29", "/instruments/model-law"):
        page = parse((await anonymous.get(path)).text)
        for fmt, href in downloads(page).items():
            assert parse_qs(urlsplit(href).query)["milestone"] == ["1"]
            if fmt == "pdf":
                continue  # Pango may be missing here; its link is the same but for .pdf
            response = await anonymous.get(href)
            assert response.status_code == 200, (path, fmt, response.text)
            assert "2007-text" in response.headers["content-disposition"]
    # The compare page works for an observer with its defaults: milestones only.
    compare = await anonymous.get(COMPARE)
    assert compare.status_code == 200
    page = parse(compare.text)
    assert selected(page, "after") == ("milestone:1", "2007 text")
    assert not page.xpath("//option[@value='latest']")
    again = await anonymous.get(COMPARE, params=form_defaults(page))
    assert again.status_code == 200
    # The latest draft stays closed to observers, empty choice or not.
    closed = await anonymous.get("/instruments/model-law/compare", params={"after": ""})
    assert closed.status_code == 403


async def test_milestone_names_in_any_script_make_safe_file_names(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    published = await anonymous.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": "Projet après la réunion 1"},
        headers=who["secretariat"],
    )
    assert published.status_code == 201, published.text
    response = await anonymous.get(
        "/api/v1/instruments/model-law/articles/art_3/export.csv",
        params={"language": "fr", "milestone": "Projet après la réunion 1"},
        headers=who["observer"],
    )
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert 'filename="model-law_art-3_fr_projet-apres-la-reunion-1.csv"' in disposition
    assert "filename*=UTF-8''model-law_art-3_fr_projet-apr%C3%A8s-la-r%C3%A9union-1.csv" in (
        disposition
    )


async def test_the_whole_instrument_synoptic_table_has_downloads(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="France's wording.")
    await act(anonymous, who["fr"], made["id"], "table")
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = parse((await anonymous.get("/instruments/model-law/synoptic?status=tabled")).text)
    section = page.xpath("//section[h2[@id='syn-art_3']]")[0]
    menu = section.xpath(".//details[@class='downloads']")[0]
    assert "Article 3" in menu.xpath("string(summary)")
    links = {a.get("data-format"): a.get("href") for a in menu.xpath(".//a")}
    assert list(links) == list(FORMATS)
    assert parse_qs(urlsplit(links["xlsx"]).query) == {"language": ["en"], "status": ["tabled"]}
    for fmt in ("xlsx", "docx"):
        response = await anonymous.get(links[fmt])
        assert response.status_code == 200
        assert (
            f'filename="model-law_art-3_en_synoptic_latest.{fmt}"'
            in (response.headers["content-disposition"])
        )
    contents = parse((await anonymous.get("/instruments/model-law")).text)
    whole = await anonymous.get(downloads(contents)["docx"])
    assert whole.status_code == 200
    assert 'filename="model-law_en_latest' in whole.headers["content-disposition"]

"""A delegate compares an article with the form's own defaults, then downloads what is shown:
in English and in Arabic, axe clean."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from draftroom.exports.formats import FORMATS
from tests.fixtures.browser import serious_violations, sign_in

SHOTS = Path(tempfile.gettempdir()) / "shots-compare-downloads"
COMPARE = "/instruments/model-law/articles/art_29/compare"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_compare_with_the_defaults_then_download_what_is_shown(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    page.goto(f"{live_server}{COMPARE}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    # Side by side with every other choice left as the form offers it: once a 422.
    page.select_option("#c-view", "side")
    page.locator("form.inline button[type=submit]").click()
    page.wait_for_url("**/compare?**view=side**")
    table = page.locator("table.diff.columns-2")
    expect(table).to_be_visible()
    expect(table.locator("ins").first).to_contain_text("appropriate")
    expect(page.locator("#c-before option:checked")).to_have_text("2007 text")
    expect(page.locator("#c-view option:checked")).to_have_attribute("value", "side")
    # The Download menu: one link per registered format (the Word file with its revisions and
    # without them among them), for the comparison as shown.
    menu = page.locator("details.downloads")
    menu.locator("summary").click()
    links = menu.locator("a")
    expect(links).to_have_count(len(FORMATS))
    expect(menu.locator('a[data-format="docx-clean"]')).to_be_visible()
    expect(links.last).to_have_text("Akoma Ntoso")
    with page.expect_download() as caught:
        menu.locator('a[data-format="docx"]').click()
    assert caught.value.suggested_filename == "model-law_art-29_en_compare_2007-text_latest.docx"
    href = menu.locator('a[data-format="csv"]').get_attribute("href")
    assert href is not None
    response = page.request.get(f"{live_server}{href}")
    assert response.status == 200
    assert "appropriate" in response.text()
    assert (
        'filename="model-law_art-29_en_compare_2007-text_latest.csv"'
        in (response.headers["content-disposition"])
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"compare-side-{lang}.png"), full_page=True)
    assert serious_violations(page) == []
    # Three columns from the defaults too: the selectors name the columns, in order.
    page.select_option("#c-view", "three")
    page.locator("form.inline button[type=submit]").click()
    three = page.locator("table.diff.three")
    expect(three).to_be_visible()
    page.locator("form.inline button[type=submit]").click()  # now with a middle selector
    expect(three).to_be_visible()
    headers = three.locator("thead th")
    for index, name in enumerate(("before", "middle", "after"), start=1):
        chosen = page.locator(f'select[name="{name}"] option:checked').inner_text()
        expect(headers.nth(index)).to_have_text(chosen)
    page.screenshot(path=str(SHOTS / f"compare-three-{lang}.png"), full_page=True)
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_observer_downloads_the_milestone_read_on_the_article_page(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "observer@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_3?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    menu = page.locator("details.downloads")
    menu.locator("summary").click()
    link = menu.locator('a[data-format="html"]')
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(f"{live_server}{href}")
    assert response.status == 200
    text = "ar" if lang == "ar" else "en"
    assert (
        f'filename="model-law_art-3_{text}_2007-text.html"'
        in (response.headers["content-disposition"])
    )
    page.screenshot(path=str(SHOTS / f"article-downloads-{lang}.png"), full_page=True)
    assert serious_violations(page) == []

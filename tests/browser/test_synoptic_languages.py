"""A proposal drafted on the Russian text is in the English synoptic table, labelled Russian;
once the secretariat adds an English translation, the table shows it, labelled as such."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, sign_in, sign_out

RUSSIAN = "Запросы исполняются незамедлительно."
ENGLISH = "Requests are carried out without delay."


def test_a_russian_proposal_in_the_english_synoptic_table(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/rounds")
    page.fill("#r-name", "Round for every language")
    page.fill("#r-deadline", "2040-06-30T18:00")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("table")).to_contain_text("Round for every language")
    sign_out(page)

    # Egypt drafts on the Russian text of article 6 and tables it.
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_6/propose?text=ru")
    first = page.locator("textarea[name=text]").first
    first.fill(first.input_value() + " " + RUSSIAN)
    page.fill("#justification", "Яснее.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("h1")).to_contain_text("Amendment")
    page.get_by_role("button", name="Table the amendment").click()
    expect(page.locator("h1 .status")).to_have_text("tabled")
    amendment_url = page.url
    amendment_id = amendment_url.rstrip("/").rsplit("/", 1)[1]
    sign_out(page)

    # France reads the English synoptic table: the proposal is there, in Russian.
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    synoptic = f"{live_server}/instruments/model-law/articles/art_6/synoptic?language=en"
    page.goto(synoptic)
    header = page.locator("thead th").filter(
        has=page.locator(f"a[href='/amendments/{amendment_id}']")
    )
    expect(header).to_contain_text("Drafted in Russian")
    expect(header).not_to_contain_text("Translation by")
    russian_cell = page.locator("tbody td[lang=ru]").first
    expect(russian_cell).to_contain_text("[Russian]")
    expect(russian_cell.locator("ins")).to_contain_text("незамедлительно")
    sign_out(page)

    # The secretariat adds the English translation on the amendment page.
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(amendment_url)
    page.locator("#translations summary", has_text="Add a translation").click()
    page.select_option("#tr-language", "en")
    translated = page.locator("#tr-new-1")
    translated.fill(ENGLISH)
    page.get_by_role("button", name="Save the translation").click()
    expect(page.locator("#translations")).to_contain_text("translation by the secretariat")
    sign_out(page)

    # France now reads the translation, labelled as one and by whom.
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    page.goto(synoptic)
    expect(header).to_contain_text("Translation by the secretariat (Elena Petrova)")
    expect(header).to_contain_text("Exists in: Russian, English")
    cell = page.locator("tbody td", has_text="[translation]").first
    expect(cell).to_have_attribute("lang", "en")
    expect(cell.locator("ins")).to_contain_text("without delay")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "synoptic-translation.png"), full_page=True)

"""The secretariat runs a round from the rounds page: opens it, watches the countdown in words,
extends the deadline, and closes the round only after confirming; in English and in Arabic,
axe clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, axe_clean, sign_in

# In the page's language, from the browser's Intl: "days" in English, "يوم…" in Arabic.
DAYS = {"en": re.compile(r"\d[\d,]* days.* left"), "ar": re.compile("يوم")}


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_secretariat_extends_a_round_and_closes_it_after_confirming(
    page: Page, live_server: str, lang: str
) -> None:
    name = f"Rounds journey {lang}"
    sign_in(page, live_server, "secretariat@draftroom.example")
    rounds_url = f"{live_server}/instruments/model-law/rounds?lang={lang}"
    page.goto(rounds_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    page.fill("#r-name", name)
    page.fill("#r-deadline", "2040-06-30T18:00")
    page.locator("form[action='/instruments/model-law/rounds'] button[type=submit]").click()
    row = page.locator("tbody tr", has_text=name)
    expect(row).to_have_class("open")
    round_id = (row.get_attribute("id") or "").removeprefix("round-")
    # The countdown runs here too, with its units named.
    expect(row.locator("time[data-countdown]")).to_have_text(DAYS[lang])
    axe_clean(page, f"rounds [{lang}]")

    # A later deadline, in the round's time zone.
    page.fill(f"#extend-{round_id}", "2041-01-15T12:00")
    page.locator(f"form[action='/rounds/{round_id}/extend'] button").click()
    expect(page.locator(f"#extend-{round_id}")).to_have_value("2041-01-15T12:00")
    expect(page.locator(f"#round-{round_id}")).to_contain_text("2041")
    shot(page, f"rounds-extended-{lang}.png")

    # Closing asks first; nothing is closed until the secretariat confirms.
    page.locator(f"a[href='/rounds/{round_id}/close']").click()
    page.wait_for_url(f"{live_server}/rounds/{round_id}/close*")
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("time[data-countdown]")).to_have_text(DAYS[lang])
    axe_clean(page, f"close confirmation [{lang}]")
    shot(page, f"round-close-confirm-{lang}.png")
    page.locator(f"form[action='/rounds/{round_id}/close'] button[type=submit]").click()
    page.wait_for_url(f"{live_server}/instruments/model-law/rounds*")
    closed = page.locator(f"#round-{round_id}")
    expect(closed).not_to_have_class("open")
    expect(page.locator(f"#reopen-{round_id}")).to_be_visible()
    expect(closed.locator("time[data-countdown]")).to_have_count(0)
    axe_clean(page, f"rounds after closing [{lang}]")
    shot(page, f"rounds-closed-{lang}.png")

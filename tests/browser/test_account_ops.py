"""The reader's own settings and the small things around them, in a real browser: the API
reference renders, times carry the reader's zone, passwords change, pages print cleanly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.fixtures.browser import SHOTS, axe_clean, sign_in
from tests.fixtures.clients import PASSWORD


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_api_reference_renders_its_operations_offline(
    page: Page, live_server: str, lang: str
) -> None:
    # Nothing may come from outside: a request to another host would fail the page.
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{live_server}/docs?lang={lang}")
    operation = page.locator("#operations-instruments-list_instruments_api_v1_instruments_get")
    expect(operation).to_be_visible()
    expect(operation).to_contain_text("/api/v1/instruments")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Draftroom")
    expect(page.get_by_text("Unable to render this definition")).to_have_count(0)
    # English reference text, left to right whatever the interface: paths read "/api/...".
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert outside == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"docs-{lang}.png"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_times_follow_the_browsers_zone_then_the_accounts_always_named(
    browser: Browser, live_server: str, lang: str
) -> None:
    context = browser.new_context(locale="en-GB", timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        sign_in(page, live_server, "observer@draftroom.example")
        page.goto(f"{live_server}/account?lang={lang}")
        # The first page tells the server the browser's zone; from the next one it is used.
        page.reload()
        shown = page.locator("#time-zone + p")
        expect(shown).to_contain_text("Asia/Tokyo")
        page.locator("#token-name").fill("clock")
        page.locator('form[action="/account/tokens"] button').click()
        expect(page.locator("table td").filter(has_text="(Asia/Tokyo)").first).to_be_visible()
        # The account's own choice wins over the browser's.
        page.select_option("#time-zone-choice", "America/Lima")
        page.locator('form[action="/account/time-zone"] button').click()
        expect(shown).to_contain_text("America/Lima")
        expect(page.locator("table td").filter(has_text="(America/Lima)").first).to_be_visible()
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        axe_clean(page, f"/account [{lang}]")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"account-{lang}.png"), full_page=True)
        # Back to the browser's zone, for the tests after this one.
        page.select_option("#time-zone-choice", "")
        page.locator('form[action="/account/time-zone"] button').click()
        expect(shown).to_contain_text("Asia/Tokyo")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_password_change_refuses_a_wrong_current_one_beside_the_field(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(f"{live_server}/account?lang={lang}")
    page.fill("#current-password", "not-the-password")
    page.fill("#new-password", "another-long-one")
    page.fill("#new-password-again", "another-long-one")
    page.locator('form[action="/account/password"] button').click()
    current = page.locator("#current-password")
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-current_password-error")).to_be_visible()
    expect(page.locator("#new-password")).to_have_value("")  # passwords are never sent back
    axe_clean(page, f"/account/password [{lang}]")
    # The same password again: a change that succeeds and leaves the demo as it was.
    page.fill("#current-password", PASSWORD)
    page.fill("#new-password", PASSWORD)
    page.fill("#new-password-again", PASSWORD)
    page.locator('form[action="/account/password"] button').click()
    expect(page.locator("#password + p.notice")).to_be_visible()
    expect(page.locator("#current-password")).not_to_have_attribute("aria-invalid", "true")


PRINTED = [
    "/instruments/model-law/articles/art_3",
    "/instruments/model-law/articles/art_3/compare?view=side",
    "/instruments/model-law/articles/art_5/synoptic",
]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_printing_shows_the_text_without_navigation_or_forms(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.emulate_media(media="print")
    for path in PRINTED:
        separator = "&" if "?" in path else "?"
        page.goto(f"{live_server}{path}{separator}lang={lang}")
        expect(page.locator("header.site")).to_be_hidden()
        expect(page.locator("nav").first).to_be_hidden()
        expect(page.locator("main form").first).to_be_hidden()
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main table").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"print-synoptic-{lang}.png"), full_page=True)
    page.emulate_media(media="screen")
    expect(page.locator("header.site")).to_be_visible()

"""A rejected delegation learns why: the secretariat rejects Egypt's amendment with a reason,
and Egypt's delegate, reading in Arabic, finds it in the amendment's timeline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, sign_in

REASON = "The proposal falls outside the scope of article 6."


def sign_out(page: Page) -> None:
    page.locator("header form[action='/sign-out'] button").click()


def test_a_rejected_delegation_reads_the_reason_in_arabic(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/rounds?lang=en")
    page.fill("#r-name", "Round for the reasons test")
    page.fill("#r-deadline", "2040-06-30T18:00")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("table")).to_contain_text("Round for the reasons test")
    sign_out(page)

    # Egypt drafts an amendment to article 6 and tables it.
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_6/propose?text=en&lang=en")
    first = page.locator("textarea[name=text]").first
    first.fill(first.input_value() + " Without undue delay.")
    page.fill("#justification", "Speed matters.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Table the amendment").click()
    expect(page.locator("h1 .status")).to_have_text("tabled")
    amendment_url = page.url.split("?")[0]
    sign_out(page)

    # The secretariat takes it under review and rejects it, saying why.
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{amendment_url}?lang=en")
    page.get_by_role("button", name="Take under review").click()
    expect(page.locator("h1 .status")).to_have_text("under review")
    expect(page.locator("#reason-reject")).to_have_attribute("required", "")
    page.fill("#reason-reject", REASON)
    page.get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator("h1 .status")).to_have_text("rejected")
    sign_out(page)

    # Egypt's delegate reads the page in Arabic: the reason is in the timeline.
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(f"{amendment_url}?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    rejection = page.locator('ol.timeline li[data-step="reject"]')
    expect(rejection).to_have_count(1)
    expect(rejection).to_contain_text(REASON)
    expect(page.locator('ol.timeline li[data-step="created"]')).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "amendment-rejected-ar.png"), full_page=True)

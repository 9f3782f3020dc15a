"""The heart of the meeting, in a browser: a delegate drafts and tables an amendment, a
second delegation co-sponsors it, the secretariat accepts it with changes, the proposer
agrees."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, sign_in, sign_out


def test_draft_table_cosponsor_accept_with_changes_agree(page: Page, live_server: str) -> None:
    # The secretariat opens a round.
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/rounds")
    page.fill("#r-name", "First round")
    page.fill("#r-deadline", "2040-06-30T18:00")
    page.select_option("#r-zone", "Europe/Vienna")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("table")).to_contain_text("First round")
    sign_out(page)

    # France drafts an amendment to article 5, watching the live preview, and tables it.
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_5")
    page.get_by_role("link", name="Propose an amendment").click()
    first = page.locator("textarea[name=text]").first
    first.fill(first.input_value() + " It shall act without delay.")
    expect(page.locator("#preview ins")).to_contain_text("without delay")
    page.fill("#justification", "Requests must not wait.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("h1")).to_contain_text("Amendment")
    expect(page.locator(".notice").nth(1)).to_contain_text("only your delegation")
    page.get_by_role("button", name="Table the amendment").click()
    expect(page.locator("h1 .status")).to_have_text("tabled")
    amendment_url = page.url
    sign_out(page)

    # Egypt co-sponsors it.
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(amendment_url)
    page.get_by_role("button", name="Co-sponsor this amendment").click()
    expect(page.locator("main")).to_contain_text("Egypt")
    sign_out(page)

    # The secretariat reviews it and accepts it with a change of its own.
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(amendment_url)
    page.get_by_role("button", name="Take under review").click()
    expect(page.locator("h1 .status")).to_have_text("under review")
    accept_with_changes = page.locator(
        "details", has=page.locator("summary", has_text="Accept with changes")
    )
    accept_with_changes.locator("summary").click()
    secretariat_text = accept_with_changes.locator("textarea[name=text]").first
    secretariat_text.fill(secretariat_text.input_value().replace("without delay", "promptly"))
    accept_with_changes.locator("button[type=submit]").click()
    expect(page.locator("h1 .status")).to_have_text("accepted with changes")
    expect(page.locator("main")).to_contain_text("The proposing delegation has not answered yet.")
    sign_out(page)

    # France agrees with the secretariat's text.
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    page.goto(amendment_url)
    page.get_by_role("button", name="Agree with the secretariat’s text").click()
    expect(page.locator("main")).to_contain_text("The proposing delegation agrees with this text.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "amendment-agreed.png"), full_page=True)

"""A delegate reads the Model Law in a browser: Arabic interface, languages side by side."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, sign_in

PAGES = [
    "/",
    "/instruments/model-law/articles/art_29/compare?view=side",
    "/instruments/model-law/articles/art_12/compare?view=three&middle=version:1",
    "/instruments/model-law/compare",
    "/instruments/model-law/articles/art_5/synoptic",
    "/instruments/model-law/review",
    "/instruments/model-law",
    "/instruments/model-law/articles/art_1?text=en&text=zh",
    "/instruments/model-law/articles/art_29",
    "/account",
    "/admin",
]


def test_a_delegate_reads_arabic_interface_with_english_and_chinese_side_by_side(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.locator('a[href="/instruments/model-law"]').click()
    page.locator("tbody a").first.click()  # article 1 from the table of contents
    expect(page).to_have_url(f"{live_server}/instruments/model-law/articles/art_1")
    for code, checked in [("ar", False), ("en", True), ("zh", True)]:
        box = page.locator(f'input[name="text"][value="{code}"]')
        box.set_checked(checked)
    page.locator("form.reading button[type=submit]").click()
    headers = page.locator("table.text thead th")
    expect(headers).to_have_count(2)
    # Columns come in the UN order of the languages: Chinese, then English.
    expect(headers.nth(0)).to_have_attribute("lang", "zh")
    expect(headers.nth(1)).to_have_attribute("lang", "en")
    # The Chinese translation was made from the 2007 text; English has moved on since.
    expect(headers.nth(0).locator(".status-outdated")).to_be_visible()
    first_row = page.locator("table.text tbody tr").first
    expect(first_row.locator('td[lang="zh"]')).to_contain_text("刑事事项互助")
    expect(first_row.locator('td[lang="en"]')).to_have_attribute("dir", "ltr")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "article-ar-en-zh.png"), full_page=True)


DELEGATE_PAGES = [
    "/instruments/model-law/articles/art_5/propose",
    "/instruments/model-law/amendments",
    "/instruments/model-law/rounds",
]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(
    ("email", "pages"),
    [
        ("admin@draftroom.example", [*PAGES, "/sign-in"]),
        ("delegate.fr@draftroom.example", DELEGATE_PAGES),
    ],
)
def test_no_serious_accessibility_violation_on_any_page(
    page: Page, live_server: str, lang: str, email: str, pages: list[str]
) -> None:
    sign_in(page, live_server, email)
    axe = Axe()
    problems = []
    for path in pages:
        if path == "/sign-in":
            page.context.clear_cookies()
        separator = "&" if "?" in path else "?"
        page.goto(f"{live_server}{path}{separator}lang={lang}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path} [{lang}] {violation['id']}: {targets}")
    assert problems == []


FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    '[tabindex]:not([tabindex="-1"])'
)


def focusable_count(page: Page) -> int:
    script = f"""() => [...document.querySelectorAll('{FOCUSABLE}')]
        .filter(e => !e.disabled && e.offsetParent !== null)
        // Controls inside a closed <details> are reached once its summary opens it.
        .filter(e => e.tagName === "SUMMARY" || !e.closest("details:not([open])")).length"""
    return int(page.evaluate(script))


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_alone_reaches_every_control(page: Page, live_server: str, path: str) -> None:
    sign_in(page, live_server, "admin@draftroom.example")
    page.goto(f"{live_server}{path}")
    expected = focusable_count(page)
    seen: set[str] = set()
    for _ in range(expected + 10):
        page.keyboard.press("Tab")
        marker = page.evaluate(
            """() => { const e = document.activeElement;
                       if (!e || e === document.body) return '';
                       if (!e.dataset.kbd) e.dataset.kbd = String(Math.random());
                       return e.dataset.kbd; }"""
        )
        if marker:
            seen.add(marker)
    assert expected > 3
    assert len(seen) == expected

"""The secretariat imports an instrument from the page: uploads an outline, previews it,
confirms, and opens the new instrument; in English and in Arabic, axe clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, serious_violations, sign_in

OUTLINE = """# {title}

## Article 1. Purpose
1. This Law governs assistance.
2. It applies to:
   (a) requests received;
   (b) requests made.

## Article 2. Central authority
The central authority is the Ministry of Justice.
"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_secretariat_imports_an_outline_and_opens_the_instrument(
    page: Page, live_server: str, lang: str, tmp_path: Path
) -> None:
    slug = f"imported-law-{lang}"
    title = f"Imported Law {lang.upper()}"
    outline = tmp_path / "law.md"
    outline.write_text(OUTLINE.format(title=title), encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)

    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    page.locator('a[href="/instruments/import"]').first.click()
    expect(page.locator("#i-file")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"import-form-{lang}.png"), full_page=True)

    page.set_input_files("#i-file", str(outline))
    page.select_option("#i-language", "en")  # an English file, whatever the reader reads
    page.fill("#i-slug", slug)
    page.fill("#i-milestone", "Original text")
    page.locator("form[enctype] button[type=submit]").click()

    preview = page.locator("section.import-preview")
    expect(preview).to_contain_text("Purpose")
    expect(preview).to_contain_text("Central authority")
    expect(preview.locator("tbody tr")).to_have_count(2)
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"import-preview-{lang}.png"), full_page=True)

    preview.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server}/instruments/{slug}")
    expect(page.locator("h1")).to_contain_text(title)
    expect(page.locator('tr[id="art_2"]')).to_contain_text("Central authority")
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"import-done-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_mistake_in_the_outline_is_shown_beside_the_file(
    page: Page, live_server: str, lang: str, tmp_path: Path
) -> None:
    outline = tmp_path / "law.md"
    outline.write_text(
        OUTLINE.format(title="Broken").replace("2. It applies", "3. It applies"), encoding="utf-8"
    )
    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/instruments/import?lang={lang}")
    page.set_input_files("#i-file", str(outline))
    page.fill("#i-slug", f"broken-{lang}")
    page.locator("form[enctype] button[type=submit]").click()
    error = page.locator("#import-file-error")
    expect(error).to_be_visible()
    expect(page.locator("#i-file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#i-slug")).to_have_value(f"broken-{lang}")
    if lang == "en":
        expect(error).to_contain_text("Line 5 of the file is wrong: paragraph 3 is out of order")
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"import-error-{lang}.png"), full_page=True)


def import_outline(page: Page, live_server: str, slug: str, outline: Path) -> None:
    page.goto(f"{live_server}/instruments/import")
    page.set_input_files("#i-file", str(outline))
    page.select_option("#i-language", "en")
    page.fill("#i-slug", slug)
    page.locator("form[enctype] button[type=submit]").click()
    page.locator("section.import-preview form button[type=submit]").click()
    page.wait_for_url(f"{live_server}/instruments/{slug}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_admin_removes_a_mistaken_instrument(
    page: Page, live_server: str, lang: str, tmp_path: Path
) -> None:
    slug = f"mistake-{lang}"
    outline = tmp_path / "law.md"
    outline.write_text(OUTLINE.format(title="Mistake"), encoding="utf-8")
    sign_in(page, live_server, "secretariat@draftroom.example")
    import_outline(page, live_server, slug, outline)
    page.context.clear_cookies()

    sign_in(page, live_server, "admin@draftroom.example")
    page.goto(f"{live_server}/admin?lang={lang}")
    page.locator('a[href="/admin/instruments"]').click()
    page.locator(f'a[href="/instruments/{slug}/remove"]').click()
    expect(page.locator("ul.removal li")).to_have_count(5)
    assert serious_violations(page) == []
    page.fill("#r-typed", "wrong")
    page.locator("form.stack button.danger").click()
    expect(page.locator("#remove-typed-error")).to_be_visible()
    expect(page.locator("#r-typed")).to_have_attribute("aria-invalid", "true")
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"remove-refused-{lang}.png"), full_page=True)
    page.fill("#r-typed", slug)
    page.locator("form.stack button.danger").click()
    expect(page.locator("p.notice")).to_contain_text(slug)
    expect(page.locator(f'a[href="/instruments/{slug}"]')).to_have_count(0)
    expect(page.locator('a[href="/instruments/model-law"]')).to_have_count(1)
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / f"remove-done-{lang}.png"), full_page=True)
    response = page.goto(f"{live_server}/instruments/{slug}")
    assert response is not None
    assert response.status == 404

"""A refused form keeps what was typed: the admin adds a delegation with the code "XX", reads
why beside the field in English and in Arabic, the other inputs still filled; axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from draftroom.kit.i18n import _
from tests.fixtures.browser import SHOTS, axe_clean, sign_in
from tests.fixtures.forms import in_language

NOT_ISO = "“{code}” is not an ISO 3166 country code."


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_wrong_delegation_code_is_explained_beside_the_field(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "admin@draftroom.example")
    page.goto(f"{live_server}/admin?lang={lang}")
    page.select_option("#d-kind", "state")
    page.fill("#d-code", "XX")
    page.fill("#d-name", "Atlantis")
    page.locator("form[action='/admin/delegations'] button[type=submit]").click()

    with in_language(lang):
        expected = _(NOT_ISO).format(code="XX")
    message = page.locator("#delegation-code-error")
    expect(message).to_have_text(expected)
    code = page.locator("#d-code")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_attribute("aria-describedby", "delegation-code-error")
    expect(code).to_be_focused()
    expect(code).to_have_value("XX")
    expect(page.locator("#d-name")).to_have_value("Atlantis")
    expect(page.locator("#d-kind")).to_have_value("state")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    # The page is still the admin area, not an error page.
    expect(page.locator("h1")).not_to_have_text("Something went wrong")
    expect(page.locator("#users")).to_be_visible()
    axe_clean(page, f"/admin refused [{lang}]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("form[action='/admin/delegations']").screenshot(
        path=str(SHOTS / f"admin-delegation-refused-{lang}.png")
    )

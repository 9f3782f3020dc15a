"""A refused admin form comes back filled in, the reason beside the field, in the reader's
language."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.fixtures.clients import signed_in, submit
from tests.fixtures.forms import field_error, input_value, selected, shown

NOT_ISO = "“{code}” is not an ISO 3166 country code."
NO_DELEGATION = "A participant belongs to a delegation."


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_a_wrong_delegation_code_is_explained_beside_the_field(
    anonymous: AsyncClient, lang: str
) -> None:
    token = await signed_in(anonymous, "admin@draftroom.example")
    page = await submit(
        anonymous,
        f"/admin/delegations?lang={lang}",
        token,
        {"kind": "state", "code": "XX", "name": "Nowhere"},
    )
    assert page.status_code == 422
    assert f'lang="{lang}"' in page.text
    assert field_error(page.text, "delegation", "code") == shown(NOT_ISO, lang, code="XX")
    assert input_value(page.text, "d-code") == "XX"
    assert input_value(page.text, "d-name") == "Nowhere"
    assert selected(page.text, "d-kind") == "state"
    # The rest of the admin area is still there, and nothing was added.
    assert 'id="users"' in page.text
    listing = await anonymous.get("/admin")
    assert '<td dir="ltr">XX</td>' not in listing.text


async def test_a_taken_delegation_code_is_explained_beside_the_field(
    anonymous: AsyncClient,
) -> None:
    token = await signed_in(anonymous, "admin@draftroom.example")
    page = await submit(anonymous, "/admin/delegations", token, {"kind": "state", "code": "eg"})
    assert page.status_code == 409
    assert field_error(page.text, "delegation", "code") == shown(
        "A delegation with the code “{code}” exists already.", "en", code="EG"
    )
    assert input_value(page.text, "d-code") == "eg"


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_a_participant_without_a_delegation_keeps_what_was_typed(
    anonymous: AsyncClient, lang: str
) -> None:
    token = await signed_in(anonymous, "admin@draftroom.example")
    page = await submit(
        anonymous,
        f"/admin/users?lang={lang}",
        token,
        {
            "email": "new.delegate@example.org",
            "name": "Amina Haddad",
            "role": "participant",
            "delegation": "",
            "password": "a-long-password",
        },
    )
    assert page.status_code == 422
    assert field_error(page.text, "user", "delegation") == shown(NO_DELEGATION, lang)
    assert input_value(page.text, "u-email") == "new.delegate@example.org"
    assert input_value(page.text, "u-name") == "Amina Haddad"
    assert selected(page.text, "u-role") == "participant"
    # A password is never written back into a page.
    assert input_value(page.text, "u-password") == ""
    assert "a-long-password" not in page.text

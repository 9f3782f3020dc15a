"""A round the secretariat cannot open comes back filled in, the reason beside the field."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.fixtures.clients import signed_in, submit
from tests.fixtures.forms import field_error, input_value, selected, shown

ROUNDS = "/instruments/model-law/rounds"


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_a_deadline_in_the_past_keeps_the_form_filled_in(
    anonymous: AsyncClient, lang: str
) -> None:
    token = await signed_in(anonymous, "secretariat@draftroom.example")
    page = await submit(
        anonymous,
        f"{ROUNDS}?lang={lang}",
        token,
        {
            "name": "Second reading",
            "deadline": "2020-03-01T12:00",
            "timezone": "Europe/Vienna",
            "articles": ["art_3", "art_4"],
        },
    )
    assert page.status_code == 422
    expected = shown("The deadline must be in the future.", lang)
    assert field_error(page.text, "round", "deadline") == expected
    assert input_value(page.text, "r-name") == "Second reading"
    assert input_value(page.text, "r-deadline") == "2020-03-01T12:00"
    assert selected(page.text, "r-zone") == "Europe/Vienna"
    assert '<option value="art_3" selected' in page.text
    assert '<option value="art_4" selected' in page.text
    # Nothing was opened.
    listing = await anonymous.get(ROUNDS)
    assert "Second reading" not in listing.text


async def test_a_deadline_that_is_no_date_is_explained_beside_the_field(
    anonymous: AsyncClient,
) -> None:
    token = await signed_in(anonymous, "secretariat@draftroom.example")
    page = await submit(
        anonymous, ROUNDS, token, {"name": "Round", "deadline": "Friday", "timezone": "UTC"}
    )
    assert page.status_code == 422
    assert field_error(page.text, "round", "deadline") == shown(
        "Give the deadline as a date and a time.", "en"
    )
    assert input_value(page.text, "r-deadline") == "Friday"

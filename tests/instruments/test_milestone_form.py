"""A refused milestone comes back on the instrument's page as typed, the reason beside the name."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import signed_in

MILESTONES = "/api/v1/instruments/model-law/milestones"


async def test_a_refused_name_comes_back_as_typed_the_reason_beside_it(
    anonymous: AsyncClient, client: AsyncClient
) -> None:
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    typed = "Draft\u200b after EGM 1"
    form = {"csrf_token": csrf, "name": typed, "note": "Friday evening"}
    refused = await anonymous.post(
        "/instruments/model-law/milestones", data=form, headers={"Accept-Language": "fr"}
    )
    assert refused.status_code == 422
    assert '<details class="publish" open>' in refused.text
    name = refused.text.split('id="m-name"')[1].split(">")[0]
    assert f'value="{typed}"' in name
    assert 'aria-invalid="true"' in name
    beside = refused.text.split('id="m-name"')[1].split('id="m-note"')[0]
    assert 'id="milestone-name-error" role="alert">' in beside
    assert "U+200B" in beside
    assert "le nom" in beside  # in French, the reader's language
    assert 'value="Friday evening"' in refused.text.split('id="m-note"')[1].split(">")[0]
    listed = (await client.get(MILESTONES)).json()["items"]
    assert typed not in [m["name"] for m in listed]


async def test_an_existing_name_is_refused_beside_the_field_before_the_confirmation(
    anonymous: AsyncClient, client: AsyncClient
) -> None:
    csrf = await signed_in(anonymous, "secretariat@draftroom.example")
    taken = (await client.get(MILESTONES)).json()["items"][0]["name"]
    form = {"csrf_token": csrf, "name": taken, "note": "Again"}
    refused = await anonymous.post("/instruments/model-law/milestones", data=form)
    assert refused.status_code == 409
    assert "Some translations are not up to date" not in refused.text
    beside = refused.text.split('id="m-name"')[1].split('id="m-note"')[0]
    assert f'value="{taken}"' in beside
    assert "exists already" in beside
    assert 'value="Again"' in refused.text.split('id="m-note"')[1].split(">")[0]

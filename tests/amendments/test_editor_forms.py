"""Refused amendment forms come back filled in: the editor (propose, edit), co-sponsoring and
the collision page keep what was typed and say why beside the field at fault."""

from __future__ import annotations

import html
import re

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import csrf_token, people, sign_in, signed_in, submit
from tests.fixtures.factories import NEWER, act, draft, open_round, page_etag, publish
from tests.fixtures.forms import field_error, shown

BELL = "\x07"  # a control character: no place in a legal text
ALREADY = "Your delegation co-sponsors this amendment already."


def textarea(page: str, element_id: str) -> str:
    found = re.search(rf'<textarea[^>]*id="{element_id}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no textarea #{element_id}"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_a_refused_proposal_keeps_the_editor_filled_in(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    form = await anonymous.get("/instruments/model-law/articles/art_3/propose?text=en")
    version = re.search(r'name="base_version" value="(\d+)"', form.text)
    assert version
    refused = await submit(
        anonymous,
        f"/instruments/model-law/articles/art_3/propose?lang={lang}",
        await csrf_token(anonymous),
        {
            "language": "en",
            "base_version": version.group(1),
            "provision_id": ["art_3__para_1"],
            "number": ["1"],
            "text": ["My typed provision."],
            "position": ["1"],
            "justification": f"Clearer{BELL} wording.",
            "note": "For the chair.",
        },
    )
    assert refused.status_code == 422
    assert shown("the justification", lang) in field_error(
        refused.text, "amendment", "justification"
    )
    assert textarea(refused.text, "justification") == f"Clearer{BELL} wording."
    assert textarea(refused.text, "note") == "For the chair."
    assert "My typed provision." in refused.text


async def test_a_refused_edit_keeps_the_note_beside_its_message(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    form = await anonymous.get(f"/amendments/{made['id']}/edit")
    refused = await submit(
        anonymous,
        f"/amendments/{made['id']}/edit?lang=fr",
        await csrf_token(anonymous),
        {
            "etag": page_etag(form.text),
            "provision_id": ["art_3__para_1"],
            "number": ["1"],
            "text": ["Edited words."],
            "position": ["1"],
            "justification": "Still clearer.",
            "note": f"Bad{BELL}note",
        },
    )
    assert refused.status_code == 422
    assert shown("the note", "fr") in field_error(refused.text, "amendment", "note")
    assert textarea(refused.text, "note") == f"Bad{BELL}note"
    assert textarea(refused.text, "justification") == "Still clearer."
    assert "Edited words." in refused.text


async def test_co_sponsoring_twice_is_explained_on_the_amendment_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"])
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    token = await signed_in(anonymous, "delegate.eg@draftroom.example")
    first = await anonymous.post(f"/amendments/{made['id']}/cosponsors", data={"csrf_token": token})
    assert first.status_code == 303
    again = await submit(anonymous, f"/amendments/{made['id']}/cosponsors?lang=ar", token, {})
    assert again.status_code == 409
    message = re.search(r'<p class="error" id="cosponsor-error" role="alert">(.*?)</p>', again.text)
    assert message
    assert message.group(1) == shown(ALREADY, "ar")


async def test_a_refused_resolution_stays_on_the_collision_page(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"], text="Amended text.")
    await publish(anonymous, who["secretariat"], {0: NEWER})
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get(f"/amendments/{made['id']}/rebase")
    typed = f"My{BELL} merged paragraph."
    refused = await submit(
        anonymous,
        f"/amendments/{made['id']}/rebase?lang=ar",
        await csrf_token(anonymous),
        {
            "etag": page_etag(page.text),
            "resolve": ["art_3__para_1"],
            "resolution:art_3__para_1": typed,
        },
    )
    assert refused.status_code == 422
    message = field_error(refused.text, "rebase", "resolution:art_3__para_1")
    assert shown("the resolved text", "ar") in message
    assert textarea(refused.text, "r-art_3__para_1") == typed

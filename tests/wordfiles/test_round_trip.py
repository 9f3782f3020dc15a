"""Our own .docx export comes back as proposals: edited as Word records it (lxml, fast
suite) and by LibreOffice with change recording on (marked ``libreoffice``). The draft
amendment's provisions equal the edited text, provision by provision; comments are attached
quoting their words."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.text.wordmarks import provision_bookmark
from tests.fixtures import libreoffice
from tests.fixtures.clients import people
from tests.fixtures.factories import ARTICLE_URL
from tests.fixtures.wordproposals import revise

URL = "/api/v1/instruments/model-law/word-proposals"
EXPORT = f"{ARTICLE_URL}/export.docx"


async def exported(client: AsyncClient, who: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    base = (await client.get(ARTICLE_URL, headers=who)).json()
    response = await client.get(EXPORT, params={"language": "en"}, headers=who)
    assert response.status_code == 200, response.text
    return base, response.content


async def confirmed(client: AsyncClient, who: dict[str, str], data: bytes) -> dict[str, Any]:
    """Upload, check the preview places everything on the exported version, confirm; the
    draft amendment made."""
    sent = await client.post(
        URL, files={"file": ("back.docx", data, "application/octet-stream")}, headers=who
    )
    assert sent.status_code == 201, sent.text
    preview = sent.json()
    assert preview["undecided"] == 0
    assert all(c["article"] == "art_3" for c in preview["changes"])
    [plan] = preview["articles"]
    assert plan["how"] == "bookmark"
    assert plan["version_id"] == plan["latest_id"]
    done = await client.post(f"{URL}/{preview['id']}/confirm", headers=who)
    assert done.status_code == 200, done.text
    [number] = done.json()["amendments"]
    found = await client.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who
    )
    [amendment] = [a for a in found.json()["items"] if a["number"] == number]
    return dict(amendment)


def edited_texts(base: dict[str, Any]) -> list[str]:
    one, two, three, four = (p["text"] for p in base["provisions"])
    return [
        one.replace("shall apply, and", "shall prevail, and", 1),
        "Failing a treaty, " + two,
        three.replace(", in itself,", "", 1),
        four,
    ]


async def test_our_export_edited_as_word_records_it_comes_back_provision_by_provision(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base, data = await exported(anonymous, who["fr"])
    ids = [provision_bookmark(p["id"]) for p in base["provisions"]]
    data = revise(
        data,
        [
            (ids[0], "replace", "apply, and", "prevail, and"),
            (ids[1], "insert", "In the absence", "Failing a treaty, "),
            (ids[2], "delete", ", in itself,", ""),
        ],
        comments=[(ids[3], "bilateral or multilateral arrangement", "Which ones?")],
    )
    amendment = await confirmed(anonymous, who["fr"], data)
    assert [p["id"] for p in amendment["provisions"]] == [p["id"] for p in base["provisions"]]
    assert [p["text"] for p in amendment["provisions"]] == edited_texts(base)
    comments = (await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["fr"])).json()
    [comment] = [c for c in comments if c["amendment_id"] == amendment["id"]]
    assert comment["provision"] == base["provisions"][3]["id"]
    assert comment["quote"] == "bilateral or multilateral arrangement"
    assert "Which ones?" in comment["body"]


@pytest.mark.libreoffice
async def test_our_export_edited_in_libreoffice_with_recording_comes_back(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    assert libreoffice.available(), "LibreOffice and python3-uno are needed"
    who = await people(session)
    base, data = await exported(anonymous, who["fr"])
    ids = [provision_bookmark(p["id"]) for p in base["provisions"]]
    Edit = libreoffice.Edit
    data = libreoffice.edit_recorded(
        data,
        [
            Edit("replace", "apply, and", "prevail, and", bookmark=ids[0]),
            Edit("insert", "In the absence", "Failing a treaty, ", bookmark=ids[1]),
            Edit("delete", ", in itself,", bookmark=ids[2]),
        ],
        author="Delegation of Ruritania",
    )
    amendment = await confirmed(anonymous, who["fr"], data)
    assert [p["id"] for p in amendment["provisions"]] == [p["id"] for p in base["provisions"]]
    assert [p["text"] for p in amendment["provisions"]] == edited_texts(base)

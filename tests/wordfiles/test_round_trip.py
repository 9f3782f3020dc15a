"""Our own .docx export comes back as proposals: edited as Word records it (lxml, fast
suite) and by LibreOffice with change recording on and a comment of its own (marked
``libreoffice``). The draft amendment's provisions equal the edited text, provision by
provision; comments are attached quoting their words."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.kit.wordfile import open_word_file, revision_count
from draftroom.text.wordmarks import provision_bookmark
from draftroom.wordfiles.reading import read
from tests.fixtures import libreoffice
from tests.fixtures.clients import people
from tests.fixtures.factories import ARTICLE_URL, publish
from tests.fixtures.wordproposals import revise

URL = "/api/v1/instruments/model-law/word-proposals"
EXPORT = f"{ARTICLE_URL}/export.docx"


LANGS = ["en", "ar", "zh"]
QUESTION = {"en": "Which ones?", "ar": "أيّها؟", "zh": "哪些？"}
Action = Literal["replace", "insert", "delete"]


async def exported(
    client: AsyncClient, who: dict[str, str], lang: str
) -> tuple[dict[str, Any], bytes]:
    base = (await client.get(ARTICLE_URL, params={"language": lang}, headers=who)).json()
    assert base["language"] == lang
    response = await client.get(EXPORT, params={"language": lang}, headers=who)
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


def edits(base: dict[str, Any]) -> tuple[list[tuple[int, Action, str, str]], list[str]]:
    """In any language: a replacement in paragraph 1, an insertion at paragraph 2's start,
    a deletion inside paragraph 3 (the words picked from the texts themselves); the edited
    texts."""
    one, two, three, four = (p["text"] for p in base["provisions"])
    replaced, deleted = one[4:12], three[6:14]
    changes: list[tuple[int, Action, str, str]] = [
        (0, "replace", replaced, "ABC"),
        (1, "insert", two[:6], "«X» "),
        (2, "delete", deleted, ""),
    ]
    texts = [
        one.replace(replaced, "ABC", 1),
        "«X» " + two,
        three.replace(deleted, "", 1),
        four,
    ]
    return changes, texts


@pytest.mark.parametrize("lang", LANGS)
async def test_our_export_edited_as_word_records_it_comes_back_provision_by_provision(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    who = await people(session)
    base, data = await exported(anonymous, who["fr"], lang)
    ids = [provision_bookmark(p["id"]) for p in base["provisions"]]
    changes, texts = edits(base)
    quoted = base["provisions"][3]["text"][3:15]
    data = revise(
        data,
        [(ids[i], action, find, text) for i, action, find, text in changes],
        comments=[(ids[3], quoted, "Which ones?")],
    )
    amendment = await confirmed(anonymous, who["fr"], data)
    assert amendment["language"] == lang
    assert [p["id"] for p in amendment["provisions"]] == [p["id"] for p in base["provisions"]]
    assert [p["text"] for p in amendment["provisions"]] == texts
    comments = (await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["fr"])).json()
    [comment] = [c for c in comments if c["amendment_id"] == amendment["id"]]
    assert comment["provision"] == base["provisions"][3]["id"]
    assert comment["language"] == lang
    assert comment["quote"] == quoted.strip()
    assert "Which ones?" in comment["body"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", LANGS)
async def test_our_export_edited_in_libreoffice_with_recording_comes_back(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    assert libreoffice.available(), "LibreOffice and python3-uno are needed"
    who = await people(session)
    base, data = await exported(anonymous, who["fr"], lang)
    ids = [provision_bookmark(p["id"]) for p in base["provisions"]]
    changes, texts = edits(base)
    quoted = base["provisions"][3]["text"][3:15]
    data = libreoffice.edit_recorded(
        data,
        [
            *(
                libreoffice.Edit(action, find, text, bookmark=ids[i])
                for i, action, find, text in changes
            ),
            libreoffice.Edit("comment", quoted, QUESTION[lang], bookmark=ids[3]),
        ],
        author="Delegation of Ruritania",
    )
    # What LibreOffice wrote: its recorded changes (the replacement a deletion and an
    # insertion; the comment's anchor an empty insertion, as LibreOffice records a comment
    # made while recording) and its comment, signed.
    package = open_word_file(data)
    assert revision_count(package) == 5
    [said] = read(package).comments
    assert (said.author, said.body) == ("Delegation of Ruritania", QUESTION[lang])
    assert said.quote.strip() == quoted.strip()
    amendment = await confirmed(anonymous, who["fr"], data)
    assert [p["id"] for p in amendment["provisions"]] == [p["id"] for p in base["provisions"]]
    assert [p["text"] for p in amendment["provisions"]] == texts
    comments = (await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["fr"])).json()
    [comment] = [c for c in comments if c["amendment_id"] == amendment["id"]]
    assert comment["provision"] == base["provisions"][3]["id"]
    assert comment["language"] == lang
    assert comment["quote"] == quoted.strip()
    assert QUESTION[lang] in comment["body"]


async def test_a_file_of_the_2007_text_returned_after_a_new_draft_is_carried_over(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    """The 2007 text's export, edited by a delegation while the secretariat publishes a new
    draft: what does not collide lands on the new draft; a collision is named and keeps the
    draft on the 2007 text."""
    who = await people(session)
    old = (
        await anonymous.get(
            ARTICLE_URL, params={"language": "en", "milestone": "2007 text"}, headers=who["fr"]
        )
    ).json()
    response = await anonymous.get(
        EXPORT, params={"language": "en", "milestone": "2007 text"}, headers=who["fr"]
    )
    assert response.status_code == 200, response.text
    ids = [provision_bookmark(p["id"]) for p in old["provisions"]]
    two = old["provisions"][1]["text"]
    clean = revise(response.content, [(ids[1], "insert", "assistance", "prompt ")])
    colliding = revise(
        response.content, [(ids[0], "replace", "treaty shall apply", "treaty applies")]
    )
    current = (
        await anonymous.get(ARTICLE_URL, params={"language": "en"}, headers=who["fr"])
    ).json()
    one = current["provisions"][0]["text"]
    await publish(
        anonymous, who["secretariat"], {0: one.replace("treaty shall apply", "treaty prevails")}
    )
    latest = (await anonymous.get(ARTICLE_URL, params={"language": "en"}, headers=who["fr"])).json()

    for data, collides in ((clean, False), (colliding, True)):
        sent = await anonymous.post(
            URL, files={"file": ("back.docx", data, "application/octet-stream")}, headers=who["fr"]
        )
        assert sent.status_code == 201, sent.text
        [plan] = sent.json()["articles"]
        assert plan["how"] == "bookmark"
        assert (plan["version_id"], plan["latest_id"]) == (old["id"], latest["id"])
        assert [c["provision"] for c in plan["collisions"]] == (
            [old["provisions"][0]["id"]] if collides else []
        )
        done = await anonymous.post(f"{URL}/{sent.json()['id']}/confirm", headers=who["fr"])
        assert done.status_code == 200, done.text
        [number] = done.json()["amendments"]
        found = await anonymous.get(
            "/api/v1/instruments/model-law/amendments",
            params={"status": "draft"},
            headers=who["fr"],
        )
        [amendment] = [a for a in found.json()["items"] if a["number"] == number]
        if collides:
            assert amendment["base_version_id"] == old["id"]
            assert amendment["stale"]
        else:
            assert amendment["base_version_id"] == latest["id"]
            texts = [p["text"] for p in latest["provisions"]]
            texts[1] = two.replace("assistance", "prompt assistance", 1)
            assert [p["text"] for p in amendment["provisions"]] == texts

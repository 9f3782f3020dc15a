"""Every proposal in every language view; translations of proposals; the synoptic table
after a consolidation (issue 12, points 2 and 4)."""

from __future__ import annotations

import re
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import csrf_token, people, sign_in
from tests.fixtures.factories import AMENDMENTS, act, draft, open_round

BASE = "/api/v1/instruments/model-law"
ARTICLE = f"{BASE}/articles/art_3"
RUSSIAN = "Взаимная помощь оказывается незамедлительно."
ENGLISH = "Mutual assistance shall be given without delay."


def visible(html: str) -> str:
    """What a reader sees of a page: its text without the markup (isolates, links)."""
    return re.sub(r"<[^>]+>", "", html)


async def russian_proposal(client: AsyncClient, who: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Egypt drafts on the Russian text of article 3 (its first paragraph) and tables it."""
    await open_round(client, who["secretariat"])
    base = (await client.get(ARTICLE, params={"language": "ru"}, headers=who["eg"])).json()
    provisions = [dict(p) for p in base["provisions"]]
    provisions[0]["text"] = RUSSIAN
    made = await client.post(
        AMENDMENTS,
        json={
            "article": "art_3",
            "language": "ru",
            "provisions": provisions,
            "justification": "Яснее.",
        },
        headers=who["eg"],
    )
    assert made.status_code == 201, made.text
    assert (await act(client, who["eg"], made.json()["id"], "table")).status_code == 200
    return dict(made.json())


async def publish(client: AsyncClient, who: dict[str, str], index: int, text: str) -> None:
    """The secretariat publishes a new English version of article 3 with one provision
    reworded."""
    current = await client.get(ARTICLE, headers=who)
    provisions = [dict(p) for p in current.json()["provisions"]]
    provisions[index]["text"] = text
    response = await client.post(
        f"{ARTICLE}/versions",
        json={"language": "en", "heading": current.json()["heading"], "provisions": provisions},
        headers={**who, "If-Match": current.headers["etag"]},
    )
    assert response.status_code == 201, response.text


async def translate(
    client: AsyncClient,
    who: dict[str, str],
    amendment_id: int,
    language: str,
    body: dict[str, Any],
    if_match: str | None = None,
) -> Any:
    headers = {**who, **({"If-Match": if_match} if if_match else {})}
    return await client.put(
        f"/api/v1/amendments/{amendment_id}/translations/{language}", json=body, headers=headers
    )


async def test_a_russian_proposal_is_in_the_english_synoptic_table_labelled_russian(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await russian_proposal(anonymous, who)
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["fr"])).json()
    assert table["language"] == "en"
    [column] = table["columns"]
    assert column["amendment_id"] == made["id"]
    assert column["language"] == "ru"
    assert column["shown_language"] == "ru"
    assert column["languages"] == ["ru"]
    assert column["translation"] is None
    assert column["drafted_on"].startswith("drafted on version ")
    first = table["rows"][0]
    assert first["provision_id"] == "art_3__para_1"
    assert first["languages"] == ["ru"]
    assert first["translated"] == [False]
    # Diffed against the Russian text it was drafted on, not against the English one.
    ops = first["cells"][0]["ops"]
    assert any(o["kind"] == "insert" and "незамедлительно" in o["text"] for o in ops)
    assert not any("Where a treaty" in o["text"] for o in ops)
    # The whole instrument, the lists and the counts hold it too.
    whole = (await anonymous.get(f"{BASE}/synoptic", headers=who["fr"])).json()
    assert [t["article_key"] for t in whole] == ["art_3"]
    listed = (
        await anonymous.get(AMENDMENTS, params={"article": "art_3"}, headers=who["fr"])
    ).json()
    assert [a["language"] for a in listed["items"]] == ["ru"]


async def test_a_translation_is_shown_instead_labelled_and_by_whom(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await russian_proposal(anonymous, who)
    written = await translate(
        anonymous,
        who["secretariat"],
        made["id"],
        "en",
        {
            "provisions": [{"id": "art_3__para_1", "text": ENGLISH}],
            "justification": "Clearer.",
        },
    )
    assert written.status_code == 200, written.text
    assert written.json()["by_secretariat"] is True
    assert written.json()["provisions"] == [{"id": "art_3__para_1", "text": ENGLISH}]
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["fr"])).json()
    [column] = table["columns"]
    assert column["shown_language"] == "en"
    assert column["languages"] == ["ru", "en"]
    assert column["translation"]["label"] == "Translation by the secretariat (Elena Petrova)"
    first = table["rows"][0]
    assert first["languages"] == ["en"]
    assert first["translated"] == [True]
    assert any(
        o["kind"] == "insert" and "without delay" in o["text"] for o in first["cells"][0]["ops"]
    )
    # The downloads read the same table: the translated proposal is in each of them.
    for fmt in ("docx", "xlsx", "csv", "html", "akn"):
        download = await anonymous.get(f"{ARTICLE}/synoptic.{fmt}", headers=who["fr"])
        assert download.status_code == 200, fmt
    csv_text = (await anonymous.get(f"{ARTICLE}/synoptic.csv", headers=who["fr"])).text
    assert "without delay" in csv_text
    # In Russian the proposal is still shown as drafted.
    russian = (
        await anonymous.get(f"{ARTICLE}/synoptic", params={"language": "ru"}, headers=who["fr"])
    ).json()
    assert russian["columns"][0]["translation"] is None
    assert russian["rows"][0]["languages"] == ["ru"]
    # The proposing delegation may replace it, with the translation's ETag.
    stale = await translate(
        anonymous, who["eg"], made["id"], "en", {"justification": "Plainer."}, '"t0.0"'
    )
    assert stale.status_code == 412
    missing = await translate(anonymous, who["eg"], made["id"], "en", {"justification": "P."})
    assert missing.status_code == 428
    again = await translate(
        anonymous,
        who["eg"],
        made["id"],
        "en",
        {"provisions": [{"id": "art_3__para_1", "text": ENGLISH}], "justification": "Plainer."},
        written.headers["etag"],
    )
    assert again.status_code == 200, again.text
    assert again.json()["by"] == "Egypt"
    listed = (
        await anonymous.get(
            f"/api/v1/amendments/{made['id']}/translations", headers=who["observer"]
        )
    ).json()
    assert [(t["language"], t["justification"], t["version"]) for t in listed] == [
        ("en", "Plainer.", 2)
    ]
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["fr"])).json()
    assert table["columns"][0]["translation"]["label"] == "Translation by Egypt (Amira Haddad)"


async def test_bad_translations_are_refused_and_write_nothing(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await russian_proposal(anonymous, who)
    good = {"provisions": [{"id": "art_3__para_1", "text": ENGLISH}]}
    unknown = await translate(anonymous, who["secretariat"], made["id"], "xx", good)
    assert unknown.status_code == 422
    assert "xx" in unknown.json()["detail"]
    untouched = await translate(
        anonymous,
        who["secretariat"],
        made["id"],
        "en",
        {"provisions": [{"id": "art_3__para_2", "text": "Not proposed."}]},
        None,
    )
    assert untouched.status_code == 422
    assert "art_3__para_2" in untouched.json()["detail"]
    own = await translate(anonymous, who["secretariat"], made["id"], "ru", good)
    assert own.status_code == 422
    french = await translate(
        anonymous,
        {**who["secretariat"], "Accept-Language": "fr"},
        made["id"],
        "xx",
        good,
    )
    assert french.status_code == 422
    assert "inconnue" in french.json()["detail"]
    assert (await translate(anonymous, who["fr"], made["id"], "en", good)).status_code == 403
    assert (await translate(anonymous, who["observer"], made["id"], "en", good)).status_code == 403
    listed = (
        await anonymous.get(f"/api/v1/amendments/{made['id']}/translations", headers=who["eg"])
    ).json()
    assert listed == []


async def test_pages_show_the_language_and_the_translation_form(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await russian_proposal(anonymous, who)
    await sign_in(anonymous, email="delegate.fr@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    assert "Amendment 1" in page.text
    assert "Drafted in Russian" in visible(page.text)
    assert (
        'lang="ru" dir="ltr"><small class="cell-language" lang="en" dir="ltr">'
        "[Russian]</small>" in page.text
    )
    assert "1 proposal" in page.text
    article = await anonymous.get("/instruments/model-law/articles/art_3")
    assert "1 proposal" in article.text
    listing = await anonymous.get("/instruments/model-law/amendments", params={"article": "art_3"})
    assert "<td>Russian</td>" in listing.text
    # France cannot translate another delegation's proposal: no form for it.
    detail = await anonymous.get(f"/amendments/{made['id']}")
    assert "No translation yet." in detail.text
    assert "Add a translation" not in detail.text
    await anonymous.post("/sign-out", data={"csrf_token": await csrf_token(anonymous)})
    await sign_in(anonymous, email="secretariat@draftroom.example")
    detail = await anonymous.get(f"/amendments/{made['id']}")
    assert "Add a translation" in detail.text
    posted = await anonymous.post(
        f"/amendments/{made['id']}/translations",
        data={
            "csrf_token": await csrf_token(anonymous),
            "language": "en",
            "provision_id": ["art_3__para_1"],
            "text": [ENGLISH],
            "justification": "Clearer.",
        },
    )
    assert posted.status_code == 303, posted.text
    detail = await anonymous.get(f"/amendments/{made['id']}")
    assert "translation by the secretariat (Elena Petrova)" in visible(detail.text)
    assert ENGLISH in detail.text
    page = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    assert "Translation by the secretariat (Elena Petrova)" in visible(page.text)
    assert "[translation]" in page.text
    assert "Exists in: Russian, English" in visible(page.text)
    refused = await anonymous.post(
        f"/amendments/{made['id']}/translations",
        data={
            "csrf_token": await csrf_token(anonymous),
            "language": "xx",
            "provision_id": ["art_3__para_1"],
            "text": [ENGLISH],
        },
    )
    assert refused.status_code == 422
    assert "Unknown language" in refused.text


async def consolidated(
    client: AsyncClient, who: dict[str, dict[str, str]], changes: list[tuple[str, str, str]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each (delegate, old words, new words) an accepted proposal on paragraph 1, all
    consolidated (a collision resolved by a compromise)."""
    await open_round(client, who["secretariat"])
    base = (await client.get(ARTICLE, headers=who["fr"])).json()
    made = []
    for delegate, old, new in changes:
        provisions = [dict(p) for p in base["provisions"]]
        provisions[0]["text"] = provisions[0]["text"].replace(old, new)
        response = await client.post(
            AMENDMENTS,
            json={
                "article": "art_3",
                "language": "en",
                "provisions": provisions,
                "justification": "j",
            },
            headers=who[delegate],
        )
        assert response.status_code == 201, response.text
        made.append(response.json())
        await act(client, who[delegate], made[-1]["id"], "table")
        await act(client, who["secretariat"], made[-1]["id"], "review")
        assert (await act(client, who["secretariat"], made[-1]["id"], "accept")).status_code == 200
    current = await client.get(ARTICLE, headers=who["secretariat"])
    first = base["provisions"][0]["text"]
    version = await client.post(
        f"{ARTICLE}/consolidation",
        json={
            "language": "en",
            "amendments": [m["id"] for m in made],
            "resolutions": {"art_3__para_1": first.replace("is in force", "has force")}
            if len(made) > 1
            else {},
        },
        headers={**who["secretariat"], "If-Match": current.headers["etag"]},
    )
    assert version.status_code == 201, version.text
    return made, version.json()


async def test_after_consolidation_each_proposal_keeps_its_base_and_the_decision_is_adopted(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    [made], version = await consolidated(anonymous, who, [("fr", "is in force", "applies")])
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["eg"])).json()
    assert table["base_label"] == f"Version {version['seq']}"
    [column] = table["columns"]
    assert column["amendment_id"] == made["id"]
    assert column["status"] == "consolidated"
    assert column["drafted_on"] == f"drafted on version {version['seq'] - 1}"
    assert column["consolidated_seq"] == version["seq"]
    first = table["rows"][0]
    # Still the change France proposed, against the text it was drafted on.
    assert {"kind": "insert", "text": "applies"} in first["cells"][0]["ops"]
    [decision] = first["decisions"]
    assert decision["kind"] == "proposal"
    assert decision["version_seq"] == version["seq"]
    assert decision["label"] == f"Adopted into version {version['seq']}: the proposal’s text"
    assert "applies" in decision["text"]
    assert first["outcome"] == decision["text"]
    assert table["rows"][1]["decisions"] == []
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    link = f'href="/instruments/model-law/articles/art_3?text=en&amp;version={version["seq"]}"'
    assert link in page.text
    assert f"Consolidated into version {version['seq']}" in page.text
    assert f"drafted on version {version['seq'] - 1}" in page.text


async def test_the_decision_column_names_a_compromise(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made, version = await consolidated(
        anonymous, who, [("fr", "is in force", "applies"), ("mx", "is in force", "has effect")]
    )
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["eg"])).json()
    decisions = table["rows"][0]["decisions"]
    assert [(d["number"], d["kind"]) for d in decisions] == [
        (made[0]["number"], "compromise"),
        (made[1]["number"], "compromise"),
    ]
    assert all("has force" in d["text"] for d in decisions)
    assert decisions[0]["label"] == f"Adopted into version {version['seq']}: a compromise text"


async def test_the_decision_column_names_the_secretariats_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    base = (await anonymous.get(ARTICLE, headers=who["fr"])).json()
    provisions = [dict(p) for p in base["provisions"]]
    provisions[0]["text"] = "France's wording."
    made = (
        await anonymous.post(
            AMENDMENTS,
            json={
                "article": "art_3",
                "language": "en",
                "provisions": provisions,
                "justification": "j",
            },
            headers=who["fr"],
        )
    ).json()
    await act(anonymous, who["fr"], made["id"], "table")
    await act(anonymous, who["secretariat"], made["id"], "review")
    changed = [dict(p) for p in provisions]
    changed[0]["text"] = "The secretariat's wording."
    response = await act(
        anonymous, who["secretariat"], made["id"], "accept_with_changes", provisions=changed
    )
    assert response.status_code == 200, response.text
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["eg"])).json()
    [decision] = table["rows"][0]["decisions"]
    assert decision["kind"] == "secretariat"
    assert decision["version_seq"] is None
    assert decision["label"] == "Accepted, not yet consolidated: the secretariat’s text"
    assert decision["text"] == "The secretariat's wording."


async def test_a_rebased_proposal_is_diffed_against_the_version_it_was_carried_onto(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="France's first paragraph.")
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    before = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["eg"])).json()
    drafted_on = before["columns"][0]["base_seq"]
    assert before["columns"][0]["drafted_on"] == f"drafted on version {drafted_on}"
    await publish(anonymous, who["secretariat"], 1, "A new second paragraph.")
    current = await anonymous.get(f"/api/v1/amendments/{made['id']}", headers=who["fr"])
    rebased = await anonymous.post(
        f"/api/v1/amendments/{made['id']}/rebase",
        headers={**who["fr"], "If-Match": current.headers["etag"]},
    )
    assert rebased.status_code == 200, rebased.text
    table = (await anonymous.get(f"{ARTICLE}/synoptic", headers=who["eg"])).json()
    [column] = table["columns"]
    assert column["rebased"] is True
    assert column["base_seq"] == drafted_on + 1
    assert column["drafted_on"] == f"rebased onto version {drafted_on + 1}"
    # Against the rebased text, the secretariat's new paragraph 2 is no change of France's.
    assert table["rows"][1]["cells"] == [None]
    assert table["rows"][0]["cells"][0]["kind"] == "changed"

"""A delegation's Word file of tracked changes and comments, in as draft amendments: the
preview places every change and comment, confirming creates the drafts and the comments,
files that started from an older text are carried over with their collisions named, and
bad files are refused with nothing written."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.models import WordImport
from draftroom.text import wordmarks
from tests.fixtures.clients import people
from tests.fixtures.factories import ARTICLE_URL, publish
from tests.fixtures.wordinputs import declared_bomb, ole_file, ratio_bomb
from tests.fixtures.wordproposals import (
    article,
    comment_range,
    dele,
    ins,
    paragraph,
    provision,
    run,
    split,
    word_file,
)

URL = "/api/v1/instruments/model-law/word-proposals"


async def article_3(client: AsyncClient, who: dict[str, str]) -> dict[str, Any]:
    response = await client.get(ARTICLE_URL, headers=who)
    assert response.status_code == 200
    return dict(response.json())


async def upload(client: AsyncClient, who: dict[str, str], data: bytes, **form: Any) -> Response:
    return await client.post(
        URL,
        files={"file": ("proposals.docx", data, "application/octet-stream")},
        data={k: str(v) for k, v in form.items()},
        headers=who,
    )


def edited_file(base: dict[str, Any], *, bookmarks: bool) -> bytes:
    """Article 3 edited as a delegate does in Word: an insertion at paragraph 1's start and a
    word replaced inside a run split mid-word; paragraph 2's end and paragraph 3's start
    deleted across the paragraph mark; a new paragraph after paragraph 4; a comment over
    words of paragraph 4."""
    p = base["provisions"]
    one, two, three, four = (x["text"] for x in p)
    ids = [x["id"] if bookmarks else None for x in p]
    cut = one.index("shall apply")
    body = article("3", base["heading"], base["id"] if bookmarks else None)
    body += [
        provision(
            p[0]["number"],
            ins("Subject to article 4, ")
            + split(one[:cut], 5)
            + dele("shall apply")
            + ins("apply")
            + run(one[cut + len("shall apply") :]),
            provision_id=ids[0],
        ),
        provision(
            p[1]["number"],
            run(two[: two.index(" and of reciprocity")]) + dele(" and of reciprocity."),
            provision_id=ids[1],
            mark="del",
        ),
        paragraph(
            dele(f"{p[2]['number']}\t" + three[: three.index("in particular")])
            + ins("; ")
            + run(three[three.index("in particular") :])
        ),
        provision(
            p[3]["number"],
            run(four[:8]) + comment_range(7, run(four[8:30])) + run(four[30:]),
            provision_id=ids[3],
            mark="ins",
        ),
        paragraph(ins("5.\tThis article applies to electronic evidence.")),
    ]
    return word_file(body, comments=[(7, "Delegation of Ruritania", "Too broad?")])


def expected(base: dict[str, Any]) -> list[tuple[str, str]]:
    one, two, three, four = (x["text"] for x in base["provisions"])
    return [
        ("1", "Subject to article 4, " + one.replace("shall apply", "apply", 1)),
        (
            "2",
            two[: two.index(" and of reciprocity")] + "; " + three[three.index("in particular") :],
        ),
        ("4", four),
        ("5.", "This article applies to electronic evidence."),
    ]


async def test_a_word_file_becomes_a_draft_amendment_provision_by_provision(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    for bookmarks in (True, False):
        response = await upload(anonymous, who["fr"], edited_file(base, bookmarks=bookmarks))
        assert response.status_code == 201, response.text
        preview = response.json()
        assert preview["status"] == "preview"
        assert preview["undecided"] == 0
        [plan] = preview["articles"]
        assert plan["article"] == "art_3"
        assert plan["version_id"] == base["id"]
        assert plan["how"] == ("bookmark" if bookmarks else "alignment")
        assert not plan["rebased"]
        kinds = sorted((c["kind"], c["provision"]) for c in preview["changes"])
        ids = [x["id"] for x in base["provisions"]]
        assert kinds == sorted(
            [("changed", ids[0]), ("changed", ids[1]), ("deleted", ids[2]), ("inserted", ids[3])]
        )
        assert all(c["authors"] == ["Delegation of Ruritania"] for c in preview["changes"])
        [comment] = preview["comments"]
        assert comment["provision"] == ids[3]
        assert comment["quote"] == base["provisions"][3]["text"][8:30].strip()

    confirmed = await anonymous.post(f"{URL}/{preview['id']}/confirm", headers=who["fr"])
    assert confirmed.status_code == 200, confirmed.text
    [number] = confirmed.json()["amendments"]
    found = await anonymous.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who["fr"]
    )
    [amendment] = [a for a in found.json()["items"] if a["number"] == number]
    assert amendment["delegation"] == "France"
    got = [(p["number"], p["text"]) for p in amendment["provisions"]]
    want = expected(base)
    assert [t for _n, t in got] == [t for _n, t in want]
    assert [p["id"] for p in amendment["provisions"][:3]] == [
        base["provisions"][0]["id"],
        base["provisions"][1]["id"],
        base["provisions"][3]["id"],
    ]
    comments = await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["fr"])
    [mine] = [c for c in comments.json() if c["amendment_id"] == amendment["id"]]
    assert mine["provision"] == base["provisions"][3]["id"]
    assert mine["quote"] == base["provisions"][3]["text"][8:30].strip()
    assert "Too broad?" in mine["body"]
    # Another delegation sees neither the draft nor its comment.
    others = await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["eg"])
    assert mine["id"] not in [c["id"] for c in others.json()]
    again = await anonymous.post(f"{URL}/{preview['id']}/confirm", headers=who["fr"])
    assert again.status_code == 409


async def test_an_unplaced_change_waits_until_placed_or_skipped(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    one = base["provisions"][0]
    data = word_file(
        [
            paragraph(run("Covering note ") + ins("from Ruritania")),
            paragraph(comment_range(5, run("About the whole file"))),
            *article("3", base["heading"]),
            provision(one["number"], run(one["text"]) + ins(" Also here.")),
            paragraph(run("An unrelated paragraph of the delegation's own ") + ins("words")),
        ],
        comments=[(5, "Ruritania", "General remark")],
    )
    preview = (await upload(anonymous, who["fr"], data)).json()
    assert preview["undecided"] == 3
    [remark] = preview["comments"]
    assert remark["reason"] == "It is not inside any article of the file."
    placed_remark = await anonymous.post(
        f"{URL}/{preview['id']}/decisions",
        json={"item": remark["id"], "article": "art_3", "provision": one["id"]},
        headers=who["fr"],
    )
    assert placed_remark.json()["comments"][0]["provision"] == one["id"]
    unplaced = [c for c in preview["changes"] if c["reason"]]
    assert {c["reason"] for c in unplaced} == {
        "It is not inside any article of the file.",
        "No provision of the article matches this paragraph.",
    }
    refused = await anonymous.post(
        f"{URL}/{preview['id']}/confirm", headers={**who["fr"], "Accept-Language": "fr"}
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "Undecided"
    [outside] = [c for c in unplaced if c["reason"].startswith("It is not inside")]
    [unmatched] = [c for c in unplaced if c["reason"].startswith("No provision")]
    skipped = await anonymous.post(
        f"{URL}/{preview['id']}/decisions",
        json={"item": outside["id"], "skip": True},
        headers=who["fr"],
    )
    assert skipped.json()["undecided"] == 1
    placed = await anonymous.post(
        f"{URL}/{preview['id']}/decisions",
        json={
            "item": unmatched["id"],
            "article": "art_3",
            "provision": base["provisions"][1]["id"],
        },
        headers=who["fr"],
    )
    assert placed.status_code == 200, placed.text
    assert placed.json()["undecided"] == 0
    done = await anonymous.post(f"{URL}/{preview['id']}/confirm", headers=who["fr"])
    assert done.status_code == 200, done.text
    [number] = done.json()["amendments"]
    found = await anonymous.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who["fr"]
    )
    [amendment] = [a for a in found.json()["items"] if a["number"] == number]
    texts = [p["text"] for p in amendment["provisions"]]
    assert texts[0] == one["text"] + " Also here."
    assert texts[1] == "An unrelated paragraph of the delegation's own words"
    comments = (await anonymous.get(f"{ARTICLE_URL}/comments", headers=who["fr"])).json()
    [general] = [c for c in comments if c["amendment_id"] == amendment["id"]]
    assert general["provision"] == one["id"]
    assert general["quote"] is None  # the words are not in the provision: quoted in the body
    assert "“About the whole file”" in general["body"]
    assert "General remark" in general["body"]


async def test_a_file_from_an_older_text_is_carried_over_with_collisions_named(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    p = base["provisions"]
    one, four = p[0]["text"], p[3]["text"]
    # The delegation edits paragraphs 1 and 4 of the text it was sent ...
    data = word_file(
        [
            *article("3", base["heading"]),
            provision(p[0]["number"], run(one) + ins(" In writing.")),
            provision(p[1]["number"], run(p[1]["text"])),
            provision(p[2]["number"], run(p[2]["text"])),
            provision(p[3]["number"], dele("Nothing") + ins("Nothing at all") + run(four[7:])),
        ]
    )
    # ... while the secretariat publishes a new draft rewording paragraph 4's first word
    # and paragraph 2.
    await publish(
        anonymous,
        who["secretariat"],
        {1: p[1]["text"].replace("In the absence", "Failing"), 3: "No rule" + four[7:]},
    )
    preview = (await upload(anonymous, who["fr"], data)).json()
    [plan] = preview["articles"]
    assert plan["version_id"] == base["id"]
    assert plan["latest_id"] != base["id"]
    assert plan["rebased"]
    assert [c["provision"] for c in plan["collisions"]] == [p[3]["id"]]
    done = (await anonymous.post(f"{URL}/{preview['id']}/confirm", headers=who["fr"])).json()
    [number] = done["amendments"]
    found = await anonymous.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who["fr"]
    )
    [amendment] = [a for a in found.json()["items"] if a["number"] == number]
    # Collisions keep the draft on the text it started from, for the delegation to rebase.
    assert amendment["provisions"][0]["text"] == one + " In writing."
    assert amendment["provisions"][3]["text"] == "Nothing at all" + four[7:]


async def test_a_draft_landing_after_the_upload_is_carried_over_on_confirming(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    p = base["provisions"]
    data = word_file(
        article("3", base["heading"])
        + [provision(x["number"], run(x["text"])) for x in p[:3]]
        + [provision(p[3]["number"], run(p[3]["text"]) + ins(" In writing."))]
    )
    uploaded = (await upload(anonymous, who["fr"], data)).json()
    assert not uploaded["articles"][0]["rebased"]
    # A new draft lands between the upload and the confirmation.
    failing = p[1]["text"].replace("In the absence", "Failing")
    await publish(anonymous, who["secretariat"], {1: failing})
    preview = (await anonymous.get(f"{URL}/{uploaded['id']}", headers=who["fr"])).json()
    [plan] = preview["articles"]
    assert plan["rebased"]
    assert plan["collisions"] == []
    done = (await anonymous.post(f"{URL}/{preview['id']}/confirm", headers=who["fr"])).json()
    found = await anonymous.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who["fr"]
    )
    [amendment] = [a for a in found.json()["items"] if a["number"] == done["amendments"][0]]
    assert amendment["base_version_id"] == plan["latest_id"]
    assert [x["text"] for x in amendment["provisions"]] == [
        p[0]["text"],
        failing,
        p[2]["text"],
        p[3]["text"] + " In writing.",
    ]


async def test_the_secretariat_imports_on_a_delegations_behalf_observers_cannot(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    one = base["provisions"][0]
    data = word_file(
        [*article("3", base["heading"]), provision(one["number"], run(one["text"]) + ins(" Now."))]
    )
    assert (await upload(anonymous, who["observer"], data)).status_code == 403
    mine = (await upload(anonymous, who["fr"], data)).json()
    other = await upload(anonymous, who["eg"], data, delegation=mine["delegation_id"])
    assert other.status_code == 403
    # Egypt's delegates do not see France's import.
    assert (await anonymous.get(f"{URL}/{mine['id']}", headers=who["eg"])).status_code == 404
    needs = await upload(anonymous, who["secretariat"], data)
    assert needs.status_code == 422
    made = await upload(anonymous, who["secretariat"], data, delegation=mine["delegation_id"])
    assert made.status_code == 201, made.text
    done = await anonymous.post(f"{URL}/{made.json()['id']}/confirm", headers=who["secretariat"])
    assert done.status_code == 200, done.text
    found = await anonymous.get(
        "/api/v1/instruments/model-law/amendments", params={"status": "draft"}, headers=who["fr"]
    )
    assert done.json()["amendments"][0] in [a["number"] for a in found.json()["items"]]


async def test_bad_files_are_refused_in_the_readers_language_and_nothing_is_written(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = await article_3(anonymous, who["fr"])
    one = base["provisions"][0]
    edit = [*article("3", base["heading"]), provision(one["number"], run(one["text"]) + ins(" X."))]
    before = await session.scalar(select(func.count()).select_from(WordImport))
    cases = {
        "NotAWordFile": b"This is plain text, not a Word document.",
        "WordFileBomb": ratio_bomb(),
        "EncryptedWordFile": ole_file("EncryptionInfo", "EncryptedPackage"),
        "LegacyWordFile": ole_file("WordDocument", "1Table"),
        "WrongInstrument": word_file(
            edit, properties={wordmarks.PROPERTY_INSTRUMENT: "another-law"}
        ),
        "WrongLanguage": word_file(edit, properties={wordmarks.PROPERTY_LANGUAGE: "fr"}),
        "NothingToImport": word_file(article("3", base["heading"])),
    }
    headers = {**who["fr"], "Accept-Language": "fr"}
    # No property, but the heading's bookmark names the French version of the article.
    french = (await anonymous.get(ARTICLE_URL, params={"language": "fr"}, headers=who["fr"])).json()
    marked = [*article("3", base["heading"], french["id"]), *edit[2:]]
    outcomes = [(code, data, code) for code, data in cases.items()]
    outcomes.append(("WrongLanguage", word_file(marked), "bookmark of another language"))
    for code, data, name in outcomes:
        response = await upload(anonymous, headers, data, language="en")
        assert response.status_code == 422, (name, response.text)
        assert response.json()["error"] == code, name
        assert response.headers["content-language"] == "fr", name
        assert response.json()["detail"], name
        if code == "WrongLanguage":  # the languages by name, in the reader's language
            assert "(français)" in response.json()["detail"], name
            assert "anglais" in response.json()["detail"], name
    bomb = declared_bomb()
    assert (await upload(anonymous, who["fr"], bomb)).json()["error"] == "WordFileBomb"
    assert await session.scalar(select(func.count()).select_from(WordImport)) == before

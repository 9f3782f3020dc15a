"""The consolidation merge: order does not matter for separate changes, collisions always
surface, and replaying the journal's consolidations reproduces every version exactly."""

from __future__ import annotations

from itertools import permutations

from httpx import AsyncClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.consolidation.service import decided_text, merge_all
from draftroom.models import Amendment, ArticleVersion, JournalEntry
from draftroom.text.provisions import ProvisionText
from tests.fixtures.clients import people
from tests.fixtures.factories import ARTICLE_URL, accepted_three

WORDS = ["request", "State", "authority", "shall", "may", "promptly", "الدولة", "请求", "органы"]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(" ".join)


def article(texts: list[str]) -> list[ProvisionText]:
    return [{"id": f"p{i}", "number": str(i + 1), "text": t} for i, t in enumerate(texts)]


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=3, max_size=5), st.data())
def test_separate_changes_give_the_same_text_in_any_order(
    texts: list[str], data: st.DataObject
) -> None:
    base = article(texts)
    # Each change rewrites a different provision.
    count = data.draw(st.integers(min_value=2, max_value=min(3, len(texts))))
    chosen = data.draw(st.permutations(range(len(texts))))[:count]
    changes = []
    for index in chosen:
        proposed = [p.copy() for p in base]
        proposed[index]["text"] = data.draw(sentence) + " amended"
        changes.append((base, proposed))
    results = []
    for order in permutations(changes):
        merged = merge_all(base, list(order))
        assert merged.collisions == {}
        results.append(merged.provisions)
    assert all(r == results[0] for r in results)
    for index in chosen:
        assert results[0][index]["text"].endswith(" amended")


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=4), st.data())
def test_changes_to_the_same_words_always_collide(texts: list[str], data: st.DataObject) -> None:
    base = article(texts)
    index = data.draw(st.integers(min_value=0, max_value=len(texts) - 1))
    first = [p.copy() for p in base]
    second = [p.copy() for p in base]
    words = base[index]["text"].split(" ")
    at = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    first[index]["text"] = " ".join([*words[:at], "ALPHA", *words[at + 1 :]])
    second[index]["text"] = " ".join([*words[:at], "OMEGA", *words[at + 1 :]])
    for order in ([(base, first), (base, second)], [(base, second), (base, first)]):
        merged = merge_all(base, order)
        assert list(merged.collisions) == [f"p{index}"]
        assert merged.collisions[f"p{index}"] == [0, 1]
        # Nothing is applied silently: the provision keeps the first change only.
        kept = merged.provisions[index]["text"]
        assert kept == order[0][1][index]["text"]


async def test_replaying_the_journals_consolidations_reproduces_every_version(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    fr, eg, mx = await accepted_three(anonymous, who)
    for ids, resolutions in (([fr["id"], eg["id"]], {}), ([mx["id"]], {})):
        preview = (
            await anonymous.post(
                f"{ARTICLE_URL}/consolidation/preview",
                json={"amendments": ids},
                headers=who["secretariat"],
            )
        ).json()
        if preview["collisions"]:
            resolutions = {
                c["provision_id"]: c["candidates"][-1]["text"] for c in preview["collisions"]
            }
        current = await anonymous.get(ARTICLE_URL, headers=who["secretariat"])
        made = await anonymous.post(
            f"{ARTICLE_URL}/consolidation",
            json={"amendments": ids, "resolutions": resolutions},
            headers={**who["secretariat"], "If-Match": current.headers["etag"]},
        )
        assert made.status_code == 201, made.text
    published = await session.scalars(
        select(JournalEntry)
        .where(JournalEntry.kind == "version.published")
        .order_by(JournalEntry.seq)
    )
    replayed = 0
    for entry in published:
        version = await session.get_one(ArticleVersion, entry.object_id)
        if not version.sources or not version.sources.get("amendments"):
            continue
        parent = await session.get_one(ArticleVersion, version.parent_id)
        changes = []
        for amendment_id in version.sources["amendments"]:
            amendment = await session.get_one(Amendment, amendment_id)
            base = await session.get_one(ArticleVersion, amendment.base_version_id)
            changes.append((base.provisions, decided_text(amendment)))
        merged = merge_all(parent.provisions, changes).provisions
        for pid, text in version.sources.get("resolutions", {}).items():
            merged = [{**p, "text": text} if p["id"] == pid else p for p in merged]
        assert merged == version.provisions
        replayed += 1
    assert replayed == 2


def test_every_changed_span_names_the_change_that_made_it() -> None:
    base: list[ProvisionText] = [
        {
            "id": "p",
            "number": "1",
            "text": "The central authority shall transmit the request promptly.",
        }
    ]
    shall_must: list[ProvisionText] = [
        {**base[0], "text": base[0]["text"].replace("shall", "must")}
    ]
    written: list[ProvisionText] = [
        {**base[0], "text": base[0]["text"].replace("the request", "the written request")}
    ]
    merged = merge_all(base, [(base, shall_must), (base, written)])
    text = merged.provisions[0]["text"]
    assert text == "The central authority must transmit the written request promptly."
    spans = {(text[s.start : s.end], s.deleted, s.changes) for s in merged.spans["p"]}
    assert ("must", "", (0,)) in spans
    assert ("", "shall", (0,)) in spans
    assert ("written ", "", (1,)) in spans

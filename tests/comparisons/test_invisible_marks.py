"""A change that only adds or removes a mark a script needs (ZWNJ, ZWJ, LRM, RLM, ALM) is kept
in the text and shown in every diff by a visible, named marker, never as no change at all."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.text.diff import diff_words, render_inline
from tests.fixtures.clients import people
from tests.fixtures.factories import draft

BASE = "/instruments/model-law/articles/art_3"


def test_a_diff_differing_only_by_a_joiner_names_it_inside_the_change() -> None:
    html = render_inline(diff_words("requesting", "reques\u200dting"), "ins: ", "del: ")
    assert "<ins>" in html
    inserted = html.split("<ins>")[1].split("</ins>")[0]
    assert "⟨ZWJ⟩" in inserted
    persian = render_inline(diff_words("می\u200cخواهم", "میخواهم"), "ins: ", "del: ")
    assert "⟨ZWNJ⟩" in persian.split("<del>")[1].split("</del>")[0]


async def test_the_comparison_page_and_the_preview_show_the_joiner(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    base = (await anonymous.get(f"/api/v1{BASE}", headers=who["fr"])).json()
    first = base["provisions"][0]["text"]
    word = first.split()[1]
    joined = first.replace(word, word[:2] + "\u200d" + word[2:], 1)
    made = await draft(anonymous, who["fr"], text=joined)
    assert made["provisions"][0]["text"] == joined  # the mark is kept as written
    page = await anonymous.get(
        f"{BASE}/compare",
        params={"after": f"amendment:{made['id']}"},
        headers={**who["fr"], "Accept": "text/html"},
    )
    assert page.status_code == 200
    inserted = page.text.split("<ins>")[1].split("</ins>")[0]
    assert "⟨ZWJ⟩" in inserted
    preview = await anonymous.post(
        "/api/v1/amendments/preview",
        json={
            "base_version": base["id"],
            "provisions": [{**base["provisions"][0], "text": joined}],
        },
        headers=who["fr"],
    )
    assert any("⟨ZWJ⟩" in row["html"] for row in preview.json())

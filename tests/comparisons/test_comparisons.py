"""What changed since 2007, and what everyone proposes: the API and the pages."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures.clients import people, sign_in
from tests.fixtures.factories import act, draft, open_round
from tests.fixtures.wordfiles import accepted

BASE = "/api/v1/instruments/model-law"


async def test_an_article_against_the_2007_text_by_default(client: AsyncClient) -> None:
    body = (await client.get(f"{BASE}/articles/art_29/compare")).json()
    assert body["before"]["label"] == "2007 text"
    assert body["after"]["label"] == "Latest draft"
    kinds = {p["id"]: p for p in body["provisions"]}
    assert kinds["art_29__new_1"]["kind"] == "inserted"
    assert kinds["art_29__para_1"]["kind"] == "changed"
    renumbered = kinds["art_29__para_3"]
    assert renumbered["renumbered"] is True
    assert renumbered["kind"] == "unchanged"  # renumbering alone is not a text change
    ops = kinds["art_29__para_1"]["ops"]
    assert {"kind": "delete", "text": "desirable"} in ops
    assert {"kind": "insert", "text": "appropriate"} in ops


async def test_identical_texts_give_no_change(client: AsyncClient) -> None:
    body = (await client.get(f"{BASE}/articles/art_2/compare", params={"language": "ar"})).json()
    assert all(p["kind"] == "unchanged" for p in body["provisions"])
    assert all(op["kind"] == "equal" for p in body["provisions"] for op in p["ops"])


async def test_any_two_versions_and_unknown_references(client: AsyncClient) -> None:
    same = (
        await client.get(
            f"{BASE}/articles/art_1/compare", params={"before": "version:2", "after": "version:2"}
        )
    ).json()
    assert not any(p["kind"] != "unchanged" for p in same["provisions"])
    bad = await client.get(f"{BASE}/articles/art_1/compare", params={"before": "yesterday"})
    assert bad.status_code == 422
    missing = await client.get(f"{BASE}/articles/art_1/compare", params={"after": "version:9"})
    assert missing.status_code == 404


async def test_the_whole_instrument_between_milestones(client: AsyncClient) -> None:
    body = (await client.get(f"{BASE}/compare")).json()
    changed = [
        a["article_key"]
        for a in body["articles"]
        if any(p["kind"] != "unchanged" or p["renumbered"] for p in a["provisions"])
    ]
    assert changed == ["art_1", "art_4", "art_7", "art_12", "art_26", "art_29", "art_30"]
    assert body["before_label"] == "2007 text"


async def test_a_draft_amendment_is_not_comparable_by_others(
    client: AsyncClient, anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    made = await draft(anonymous, who["fr"])
    mine = await anonymous.get(
        f"{BASE}/articles/art_3/compare",
        params={"after": f"amendment:{made['id']}"},
        headers=who["fr"],
    )
    assert mine.status_code == 200
    assert mine.json()["after"]["label"] == "Amendment 1 (France)"
    theirs = await anonymous.get(
        f"{BASE}/articles/art_3/compare",
        params={"after": f"amendment:{made['id']}"},
        headers=who["eg"],
    )
    assert theirs.status_code == 404


async def test_the_synoptic_table_puts_every_proposal_beside_the_base(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    first = await draft(anonymous, who["fr"], text="France's first paragraph.")
    second = await draft(anonymous, who["eg"], text="Egypt's first paragraph.")
    hidden = await draft(anonymous, who["mx"], text="Mexico's draft, not tabled.")
    for made, delegate in ((first, "fr"), (second, "eg")):
        assert (await act(anonymous, who[delegate], made["id"], "table")).status_code == 200
    await anonymous.post(f"/api/v1/amendments/{first['id']}/cosponsors", headers=who["mx"])
    await act(anonymous, who["secretariat"], first["id"], "review")
    await act(anonymous, who["secretariat"], first["id"], "accept")
    table = (await anonymous.get(f"{BASE}/articles/art_3/synoptic", headers=who["eg"])).json()
    assert [c["delegation"] for c in table["columns"]] == ["France", "Egypt"]
    assert hidden["id"] not in [c["amendment_id"] for c in table["columns"]]
    assert table["columns"][0]["cosponsors"] == ["Mexico"]
    assert table["columns"][0]["status"] == "accepted"
    first_row = table["rows"][0]
    assert first_row["provision_id"] == "art_3__para_1"
    assert all(cell is not None for cell in first_row["cells"])
    assert first_row["outcome"] == "France's first paragraph."
    untouched = table["rows"][1]
    assert untouched["cells"] == [None, None]
    only_egypt = (
        await anonymous.get(
            f"{BASE}/articles/art_3/synoptic", params={"delegation": "EG"}, headers=who["fr"]
        )
    ).json()
    assert [c["delegation"] for c in only_egypt["columns"]] == ["Egypt"]
    accepted = (
        await anonymous.get(
            f"{BASE}/articles/art_3/synoptic", params={"status": "accepted"}, headers=who["fr"]
        )
    ).json()
    assert [c["delegation"] for c in accepted["columns"]] == ["France"]


async def test_compare_pages_inline_side_by_side_three_columns(anonymous: AsyncClient) -> None:
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    url = "/instruments/model-law/articles/art_29/compare"
    inline = await anonymous.get(url)
    assert '<ins><span class="visually-hidden">inserted: </span>appropriate</ins>' in inline.text
    assert "new provision" in inline.text
    side = await anonymous.get(url, params={"view": "side"})
    assert side.text.count('<tr class="change-') >= 8
    three = await anonymous.get(url, params={"view": "three", "middle": "version:1"})
    assert "Three texts of the article" in three.text
    arabic = await anonymous.get(
        "/instruments/model-law/articles/art_1/compare", params={"language": "ar"}
    )
    assert '<td lang="ar" dir="rtl">' in arabic.text
    whole = await anonymous.get("/instruments/model-law/compare")
    assert "25 articles unchanged" in whole.text


async def test_synoptic_page(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="France's <b>bold</b> idea.")
    await act(anonymous, who["fr"], made["id"], "table")
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get("/instruments/model-law/articles/art_3/synoptic")
    assert page.status_code == 200
    assert "Amendment 1" in page.text
    assert "France" in page.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "1 proposal" in page.text


async def test_downloads_carry_the_comparison_in_every_format(client: AsyncClient) -> None:
    import csv
    import io

    import docx
    import openpyxl
    from lxml import etree

    url = f"{BASE}/articles/art_29/compare"
    for fmt, media in [
        ("docx", "wordprocessingml"),
        ("xlsx", "spreadsheetml"),
        ("csv", "text/csv"),
        ("html", "text/html"),
        ("akn", "xml"),
    ]:
        response = await client.get(f"{url}.{fmt}")
        assert response.status_code == 200, fmt
        assert media in response.headers["content-type"]
        assert "attachment;" in response.headers["content-disposition"]
    word = (await client.get(f"{url}.docx")).content
    assert "appropriate" in "\n".join(accepted(word).paragraphs)  # an inserted word
    sheet = openpyxl.load_workbook(io.BytesIO((await client.get(f"{url}.xlsx")).content)).active
    assert sheet is not None
    assert any("appropriate" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    rows = list(
        csv.reader(io.StringIO((await client.get(f"{url}.csv")).content.decode("utf-8-sig")))
    )
    assert any("appropriate" in cell for row in rows for cell in row)
    tree = etree.fromstring((await client.get(f"{url}.akn")).content)
    assert tree.xpath("//*[@eId='art_29__para_1']")
    arabic = await client.get(
        f"{BASE}/export.docx",
        params={"language": "ar", "milestone": "2007 text"},
        headers={"Accept-Language": "ar"},
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(arabic.content)).paragraphs)
    assert "المساعدة" in text
    unknown = await client.get(f"{BASE}/export.pages")
    assert unknown.status_code == 422


async def test_synoptic_table_download(anonymous: AsyncClient, session: AsyncSession) -> None:
    import io

    import openpyxl

    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text='=HYPERLINK("evil")')
    await act(anonymous, who["fr"], made["id"], "table")
    response = await anonymous.get(f"{BASE}/articles/art_3/synoptic.xlsx", headers=who["eg"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.freeze_panes is not None
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("France" in v for v in values)
    csv_text = (
        await anonymous.get(f"{BASE}/articles/art_3/synoptic.csv", headers=who["eg"])
    ).content.decode("utf-8-sig")
    assert ",=HYPERLINK" not in csv_text
    assert '"=HYPERLINK' not in csv_text


async def test_the_whole_instrument_synoptic(anonymous: AsyncClient, session: AsyncSession) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    for article, delegate in (("art_3", "fr"), ("art_5", "eg")):
        made = await draft(anonymous, who[delegate], text=f"{delegate} text.", article=article)
        await act(anonymous, who[delegate], made["id"], "table")
    tables = (await anonymous.get(f"{BASE}/synoptic", headers=who["eg"])).json()
    assert [t["article_key"] for t in tables] == ["art_3", "art_5"]
    await sign_in(anonymous, email="delegate.eg@draftroom.example")
    page = await anonymous.get("/instruments/model-law/synoptic", params={"lang": "ar"})
    assert page.text.count('class="synoptic"') == 2
    assert '<html lang="ar" dir="rtl">' in page.text

"""A meeting's documents: the list of decisions, the status of negotiations and the
compilation of proposals by delegation, in the reader's language and every export format;
a closed meeting's documents are the same bytes whenever downloaded, whatever happened
since. Observers read them."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from httpx import AsyncClient, Response
from lxml import etree
from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.exports.formats import FORMATS
from draftroom.meetings.documents import DOCUMENTS, MEETING_FORMATS
from tests.fixtures.clients import people
from tests.fixtures.factories import act, open_round, propose
from tests.fixtures.meetings import (
    P1,
    P2,
    P3,
    decide,
    meeting_etag,
    meeting_url,
    open_meeting,
    point,
)
from tests.fixtures.negotiation_http import placed, set_status, text_now

AKN_SCHEMA = Path(__file__).parents[1] / "exports" / "schema" / "akomantoso30.xsd"
AKN = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
EXTRADITION = "This Law does not apply to extradition or to the transfer of proceedings."
PUBLIC_ORDER = "Assistance may be refused on grounds of ordre public."


async def held_meeting(client: AsyncClient, who: dict[str, dict[str, str]]) -> dict[str, Any]:
    """France (co-sponsored by Mexico) and Egypt table proposals on article 3 (Mexico keeps a
    draft); in the meeting
    paragraph 1 is agreed (Egypt reserves), paragraph 2 agreed ad referendum (France to
    confirm), Egypt's proposal rejected; then the meeting closes."""
    chair = who["secretariat"]
    await open_round(client, chair)
    france = await propose(client, who["fr"], {2: EXTRADITION})
    assert (await act(client, who["fr"], france["id"], "table")).status_code == 200
    joined = await client.post(f"/api/v1/amendments/{france['id']}/cosponsors", headers=who["mx"])
    assert joined.status_code == 200, joined.text
    egypt = await propose(client, who["eg"], {3: PUBLIC_ORDER})
    assert (await act(client, who["eg"], egypt["id"], "table")).status_code == 200
    await propose(client, who["mx"], {0: "A Mexican draft nobody else sees."})
    words = await text_now(client, who["fr"], P1)
    held = await open_meeting(client, chair, title="Third meeting of the Expert Group")
    mid = held["id"]
    assert (await point(client, chair, mid, provision=P1)).status_code == 200
    agreed = await decide(
        client, chair, mid, "agreed", reserved=["EG"], note="After consultations."
    )
    assert agreed.status_code == 201, agreed.text
    ad_ref = await decide(client, chair, mid, "ad_referendum", confirm=["FR"], provision=P2)
    assert ad_ref.status_code == 201, ad_ref.text
    rejected = await decide(client, chair, mid, "rejected", amendment_id=egypt["id"])
    assert rejected.status_code == 201, rejected.text
    closed = await client.post(
        f"{meeting_url(mid)}/close",
        headers={**chair, "If-Match": await meeting_etag(client, chair, mid)},
    )
    assert closed.status_code == 200, closed.text
    return {"id": mid, "words": words, "france": france, "egypt": egypt}


async def download(
    client: AsyncClient, who: dict[str, str], mid: int, which: str, fmt: str, lang: str = "en"
) -> Response:
    response = await client.get(
        f"{meeting_url(mid)}/{which}.{fmt}", params={"lang": lang}, headers=who
    )
    assert response.status_code == 200, response.text
    return response


def rows_of(response: Response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def docx_text(response: Response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


async def test_the_decisions_list_each_decision_with_its_words_hash_reservations_and_time(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    words = held["words"]
    digest = hashlib.sha256(words.encode()).hexdigest()
    # Observers read the decisions: they are public.
    sheet = rows_of(await download(anonymous, who["observer"], held["id"], "decisions", "csv"))
    header, *rows = sheet
    assert header[:5] == ["Time", "Article", "Provision", "Decision", "Text"]
    assert [row[3] for row in rows] == ["Agreed", "Agreed ad referendum", "Proposal rejected"]
    agreed = dict(zip(header, rows[0], strict=True))
    assert agreed["Article"] == "3"
    assert agreed["Text"] == words
    assert agreed["SHA-256 of the words"] == digest
    assert agreed["Reservations"] == "Egypt"
    assert agreed["Note"] == "After consultations."
    assert agreed["Provision id"] == P1
    # The time in the meeting's time zone, named.
    assert agreed["Time"].endswith("(Europe/Vienna)")
    assert dict(zip(header, rows[1], strict=True))["To be confirmed by"] == "France"
    rejected = dict(zip(header, rows[2], strict=True))
    assert rejected["Text"] == f"Amendment {held['egypt']['number']} (Egypt)"
    assert rejected["SHA-256 of the words"] == ""
    # The Word file says the same in running text.
    text = docx_text(await download(anonymous, who["observer"], held["id"], "decisions", "docx"))
    assert "Third meeting of the Expert Group" in text
    assert "List of decisions · as at the close of the meeting" in text
    assert f"SHA-256 of the words: {digest}" in text
    assert "Reservations: Egypt" in text
    assert "To be confirmed by: France" in text


async def test_the_decisions_read_in_arabic_and_chinese(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    arabic = await download(anonymous, who["fr"], held["id"], "decisions", "html", "ar")
    page = lxml_html.fromstring(arabic.content)
    assert page.get("lang") == "ar"
    assert page.get("dir") == "rtl"
    body = page.text_content()
    assert "مصر" in body  # Egypt reserved its position
    assert "فرنسا" in body  # France is to confirm
    # The words decided are quoted in the language they were decided in.
    assert held["words"] in body
    chinese = rows_of(await download(anonymous, who["fr"], held["id"], "decisions", "csv", "zh"))
    assert chinese[1][7] == "埃及"
    assert chinese[1][5] == held["words"]
    assert arabic.headers["content-disposition"].startswith(
        f'attachment; filename="model-law_meeting-{held["id"]}_decisions_ar.html"'
    )


async def test_the_status_of_negotiations_counts_each_article_and_names_open_proposals(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    header, *rows = rows_of(await download(anonymous, who["observer"], held["id"], "status", "csv"))
    assert header[:9] == [
        "Article", "Heading", "Paragraphs", "open", "bracketed", "agreed ad referendum",
        "agreed", "deleted", "Open brackets",
    ]  # fmt: skip
    art_3 = dict(zip(header, next(r for r in rows if r[-1] == "art_3"), strict=True))
    assert art_3["agreed"] == "1"
    assert art_3["agreed ad referendum"] == "1"
    assert art_3["open"] == str(int(art_3["Paragraphs"]) - 2)
    # Egypt's proposal was rejected in the meeting: France's alone is still open.
    assert art_3["Open proposals"] == f"Amendment {held['france']['number']} (France)"
    text = docx_text(await download(anonymous, who["observer"], held["id"], "status", "docx"))
    assert "Status of negotiations" in text
    assert "agreed (1): 1." in text or "agreed (1): 1" in text
    assert f"Open proposals: Amendment {held['france']['number']} (France)" in text


async def test_the_compilation_groups_tabled_proposals_by_delegation_with_their_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    header, *rows = rows_of(
        await download(anonymous, who["observer"], held["id"], "proposals", "csv")
    )
    assert header[:2] == ["Delegation", "Amendment"]
    # Egypt before France (by name); Mexico's draft is nobody else's business.
    assert [r[0] for r in rows] == ["Egypt", "France"]
    egypt, france = (dict(zip(header, r, strict=True)) for r in rows)
    assert egypt["Text"] == PUBLIC_ORDER
    assert egypt["Status"] == "rejected"
    assert egypt["Justification"] == "Because."
    assert france["Text"] == EXTRADITION
    assert france["Language"] == "English"
    assert france["Co-sponsors"] == "Mexico"
    assert egypt["Co-sponsors"] == ""
    page = lxml_html.fromstring(
        (await download(anonymous, who["observer"], held["id"], "proposals", "html", "fr")).content
    )
    titles = [h.text_content() for h in page.iter("h2")]
    assert titles == ["Égypte", "France"]
    body = page.text_content()
    assert EXTRADITION in body
    assert "Mexican" not in body


async def test_a_closed_meetings_documents_are_the_same_bytes_later_in_every_format(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    mid = held["id"]
    assert set(MEETING_FORMATS) == {k for k, f in FORMATS.items() if f.variant_of is None}
    first = {
        (which, fmt): (await download(anonymous, who["fr"], mid, which, fmt, "ar")).content
        for which in DOCUMENTS
        for fmt in MEETING_FORMATS
    }
    # Life goes on after the meeting: paragraph 3 is bracketed, Egypt co-sponsors France's
    # proposal, France withdraws it, another meeting opens and decides.
    chair = who["secretariat"]
    joined = await anonymous.post(
        f"/api/v1/amendments/{held['france']['id']}/cosponsors", headers=who["eg"]
    )
    assert joined.status_code == 200, joined.text
    assert (await set_status(anonymous, chair, P3, "bracketed")).status_code == 200
    await placed(anonymous, chair, P2, "assistance")
    assert (await act(anonymous, who["fr"], held["france"]["id"], "withdraw")).status_code == 200
    later = await open_meeting(anonymous, chair)
    assert (await point(anonymous, chair, later["id"], provision=P3)).status_code == 200
    assert (await decide(anonymous, chair, later["id"], "deferred")).status_code == 201
    for (which, fmt), content in first.items():
        again = await download(anonymous, who["fr"], mid, which, fmt, "ar")
        assert again.content == content, f"{which}.{fmt} changed"
    # The Office files' dates are the meeting's close, not the download's.
    docx = zipfile.ZipFile(io.BytesIO(first[("decisions", "docx")]))
    dates = {info.date_time for info in docx.infolist()}
    assert len(dates) == 1
    core = Document(io.BytesIO(first[("decisions", "docx")])).core_properties
    assert core.created == core.modified
    assert core.created is not None
    # Zip entries keep even seconds.
    zipped = datetime(*next(iter(dates)), tzinfo=UTC)
    assert timedelta(0) <= core.created - zipped < timedelta(seconds=2)
    book = load_workbook(io.BytesIO(first[("status", "xlsx")]))
    assert book.properties.created == book.properties.modified
    # An open meeting's documents read it as it stands: the later decision is there.
    _header, *rows = rows_of(await download(anonymous, who["fr"], later["id"], "decisions", "csv"))
    assert [r[3] for r in rows] == ["Deferred"]


async def test_every_format_is_a_file_of_its_kind(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    who = await people(session)
    held = await held_meeting(anonymous, who)
    mid = held["id"]
    schema = etree.XMLSchema(etree.parse(str(AKN_SCHEMA)))
    for which in DOCUMENTS:
        for key, fmt in MEETING_FORMATS.items():
            response = await download(anonymous, who["observer"], mid, which, key, "zh")
            assert response.headers["content-type"].startswith(fmt.media_type.split(";")[0])
            data = response.content
            if key == "docx":
                assert "Third meeting of the Expert Group" in docx_text(response)
            elif key == "xlsx":
                assert load_workbook(io.BytesIO(data)).active.max_row >= 2
            elif key == "pdf":
                assert data.startswith(b"%PDF")
            elif key == "akn":
                root = etree.fromstring(data)
                assert schema.validate(root), schema.error_log
                assert root.xpath("//a:FRBRdate/@date", namespaces=AKN)
            elif key == "html":
                assert lxml_html.fromstring(data).get("lang") == "zh"


@pytest.mark.parametrize("path", ["decisions.odt", "status.docx-clean", "nothing.csv"])
async def test_unknown_documents_or_formats_are_refused(
    anonymous: AsyncClient, session: AsyncSession, path: str
) -> None:
    who = await people(session)
    held = await open_meeting(anonymous, who["secretariat"])
    response = await anonymous.get(f"{meeting_url(held['id'])}/{path}", headers=who["observer"])
    assert response.status_code in (404, 422)
    missing = await anonymous.get(f"{meeting_url(999999)}/decisions.csv", headers=who["observer"])
    assert missing.status_code == 404
    assert (await anonymous.get(f"{meeting_url(held['id'])}/decisions.csv")).status_code == 401

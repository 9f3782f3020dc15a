"""The rolling text and the clean text as files: every format writes the square brackets
where they belong, with footnotes naming the delegations; the clean text shows "[pending]"
for what is not agreed; Arabic paragraphs run right to left (brackets mirrored); XLSX and
CSV are the status report, one row per provision. The renderers are tested on a read model
built by hand (no database); the routes on the demo, the state made with the services.
"""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from httpx import AsyncClient
from lxml import etree
from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.exports.documents import default_labels
from draftroom.identity.service import user_by_email
from draftroom.instruments import service as instruments
from draftroom.models import (
    AgreementStatus,
    AlternativeStatus,
    Article,
    ArticleVersion,
    BracketStatus,
    Instrument,
)
from draftroom.negotiation import documents, rolling
from draftroom.negotiation import service as negotiation
from draftroom.negotiation.documents import ROLLING_FORMATS, RollingExport, View
from draftroom.negotiation.rolling import RollingArticle
from draftroom.negotiation.state import AlternativeState, BracketState, State, StatusState
from draftroom.text.normalise import text_hash
from tests.fixtures.clients import FRANCE, SECRETARIAT, Tokens, auth

LABELS = default_labels()
AKN_SCHEMA = Path(__file__).parents[1] / "exports" / "schema" / "akomantoso30.xsd"
AKN = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
P1, P2, P3, P4 = (f"art_3__para_{n}" for n in range(1, 5))

# --- a rolling text built by hand ----------------------------------------------------------

# Per language: heading, the four provisions, and the words the brackets and alternatives
# hold: b1 and b2 bracketed in P1, b2's other wording, P2's Alt. 2 (English only).
TEXTS: dict[str, tuple[str, list[str], dict[str, str]]] = {
    "en": (
        "Scope",
        [
            "The requested State shall provide assistance in investigations of serious crime.",
            "Assistance may include the preservation of electronic evidence.",
            "This Law does not apply to extradition.",
            "Assistance may be refused on grounds of public order.",
        ],
        {"b1": "shall", "b2": "serious crime", "b2alt": "any crime"},
    ),
    "ar": (
        "النطاق",
        [
            "تقدم الدولة المطلوب منها المساعدة في التحقيقات في الجرائم الخطيرة.",
            "يجوز أن تشمل المساعدة حفظ الأدلة الإلكترونية.",
            "لا يسري هذا القانون على التسليم.",
            "يجوز رفض المساعدة لأسباب تتعلق بالنظام العام.",
        ],
        {"b1": "تقدم", "b2": "الجرائم الخطيرة", "b2alt": "أي جريمة"},
    ),
}
P2_ALT = "Assistance shall include the preservation and disclosure of electronic evidence."
NAMES = {
    "en": {1: "France", 2: "Egypt", 3: "Mexico"},
    "ar": {1: "فرنسا", 2: "مصر", 3: "المكسيك"},
}


def _version(article_id: int, key: str, lang: str) -> ArticleVersion:
    heading, texts, _words = TEXTS[lang]
    return ArticleVersion(
        id=article_id * 10 + len(lang),
        article_id=article_id,
        language=lang,
        seq=2,
        heading=heading,
        provisions=[
            {"id": f"{key}__para_{n}", "number": str(n), "text": text}
            for n, text in enumerate(texts, start=1)
        ],
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
    )


def _state(article_id: int, key: str) -> State:
    """P1: [shall] asked by France, [serious crime] by Egypt and Mexico with Egypt's
    alternative "any crime"; P2: an Alt. 2 from proposal 7 (id 12; not yet in Arabic); P3 agreed;
    P4 agreed ad referendum, awaiting Egypt (Mexico has confirmed)."""

    def span(which: str) -> dict[str, Any]:
        found = {}
        for lang, (_heading, texts, words) in TEXTS.items():
            found[lang] = {"quote": words[which], "seq": 2, "start": texts[0].find(words[which])}
        return found

    en = TEXTS["en"][1]
    first = article_id * 100
    p1, p2, p3, p4 = (f"{key}__para_{n}" for n in range(1, 5))
    return State(
        statuses={
            (article_id, p3): StatusState(
                first + 1, article_id, p3, AgreementStatus.agreed, "Agreed in plenary.", 2,
                text_hash(en[2]),
            ),
            (article_id, p4): StatusState(
                first + 2, article_id, p4, AgreementStatus.ad_referendum, "Pending capitals.", 2,
                text_hash(en[3]), confirm=(2, 3), confirmed=(3,),
            ),
        },
        brackets={
            first + 1: BracketState(
                first + 1, article_id, p1, BracketStatus.placed, span("b1"),
                ({"delegation_id": 1, "reason": "Too strong."},),
            ),
            first + 2: BracketState(
                first + 2, article_id, p1, BracketStatus.placed, span("b2"),
                ({"delegation_id": 2, "reason": ""}, {"delegation_id": 3, "reason": ""}),
            ),
        },
        alternatives={
            first + 5: AlternativeState(
                first + 5, article_id, p1, first + 2,
                {"en": TEXTS["en"][2]["b2alt"], "ar": TEXTS["ar"][2]["b2alt"]}, 2, None, (2,),
                AlternativeStatus.open,
            ),
            first + 6: AlternativeState(
                first + 6, article_id, p2, None, {"en": P2_ALT}, 2, 12, (1, 3),
                AlternativeStatus.open,
            ),
        },
    )  # fmt: skip


INSTRUMENT = Instrument(
    id=1,
    slug="model-law",
    title={"en": "Model Law", "ar": "القانون النموذجي"},
    source_language="en",
    illustrative=False,
)


def rolled(lang: str, article_id: int = 3, key: str = "art_3") -> RollingArticle:
    article = Article(id=article_id, instrument_id=1, key=key, number=str(article_id))
    return rolling.build(
        INSTRUMENT,
        article,
        _version(article_id, key, lang),
        _version(article_id, key, "en"),
        _state(article_id, key),
        NAMES[lang],
        numbers={12: 7},  # proposal 12 is the 7th tabled
    )


def export(lang: str, view: View = "rolling", *articles: RollingArticle) -> RollingExport:
    made = list(articles) or [rolled(lang)]
    return RollingExport(
        documents.document(INSTRUMENT, lang, made, view, LABELS, None), made, view, ["x"]
    )


def render(lang: str, key: str, view: View = "rolling") -> bytes:
    return documents.render(export(lang, view), key, LABELS)


# --- DOCX ------------------------------------------------------------------------------------


def docx_paragraphs(data: bytes) -> tuple[Any, dict[str, str]]:
    """The document and its footnotes' texts by id (python-docx reads no footnotes: the
    part is read as XML)."""
    document = Document(io.BytesIO(data))
    try:
        part = document.part.part_related_by(RELATIONSHIP_TYPE.FOOTNOTES)
    except KeyError:
        return document, {}
    root = etree.fromstring(part.blob)
    notes = {
        note.get(qn("w:id")): "".join(note.itertext()).strip()
        for note in root.iter(qn("w:footnote"))
        if int(note.get(qn("w:id"))) > 0
    }
    return document, notes


def referenced(paragraph: Any, notes: dict[str, str]) -> list[str]:
    return [notes[r.get(qn("w:id"))] for r in paragraph._p.iter(qn("w:footnoteReference"))]


def provision_paragraph(document: Any, number: str) -> Any:
    return next(p for p in document.paragraphs if p.text.startswith(f"{number}\t"))


def test_docx_brackets_carry_word_footnotes_naming_the_delegations() -> None:
    document, notes = docx_paragraphs(render("en", "docx"))
    first = provision_paragraph(document, "1")
    assert first.text == (
        "1\tThe requested State [shall] provide assistance in investigations of "
        "[serious crime][any crime]."
    )
    assert referenced(first, notes) == [
        "Bracketed at the request of France. Too strong.",
        "Bracketed at the request of Egypt and Mexico.",
        "Alt. 2: supported by Egypt.",
    ]
    # Under it, its status; under P2, its Alt. 2 with the proposal and supporters.
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index(first.text) + 1] == "bracketed"
    (alt,) = [p for p in document.paragraphs if p.text.startswith("Alt. 2: ")]
    assert alt.text == f"Alt. 2: [{P2_ALT}]"
    assert referenced(alt, notes) == ["Alt. 2: proposal 7, supported by France and Mexico."]
    assert "Agreed ad referendum: awaiting confirmation from Egypt." in texts
    # Word numbers footnotes in the order of their marks: the same numbers as the HTML's.
    assert len(notes) == 4


def test_docx_in_arabic_runs_right_to_left_with_mirrored_brackets() -> None:
    document, notes = docx_paragraphs(render("ar", "docx"))
    first = provision_paragraph(document, "1")
    assert (
        first.text
        == "1\t[تقدم] الدولة المطلوب منها المساعدة في التحقيقات في [الجرائم الخطيرة][أي جريمة]."
    )
    bidi = first._p.pPr.find(qn("w:bidi"))
    assert bidi is not None
    assert bidi.get(qn("w:val")) is None
    for run in first.runs:
        assert run._r.rPr.find(qn("w:rtl")) is not None, run.text
    assert referenced(first, notes)[0] == "Bracketed at the request of فرنسا. Too strong."
    # Alt. 2 of P2 has no Arabic wording yet: the English one, marked as such.
    (alt,) = [p for p in document.paragraphs if p.text.startswith("Alt. 2 (")]
    assert alt.text == f"Alt. 2 (not yet translated): [{P2_ALT}]"


def test_docx_clean_text_shows_pending_until_agreed_and_no_footnotes() -> None:
    document, notes = docx_paragraphs(render("en", "docx", "clean"))
    assert notes == {}
    assert provision_paragraph(document, "1").text == "1\t[pending]"
    assert provision_paragraph(document, "2").text == "2\t[pending]"
    assert provision_paragraph(document, "3").text == "3\tThis Law does not apply to extradition."
    assert provision_paragraph(document, "4").text.endswith("on grounds of public order.")
    assert "Clean text" in document.paragraphs[1].text


# --- HTML and PDF ----------------------------------------------------------------------------


def test_html_links_each_bracket_to_its_footnote() -> None:
    page = lxml_html.fromstring(render("en", "html"))
    (text,) = page.xpath(f'//div[@id="{P1}"]//span[@class="text"]')
    assert text.text_content() == (
        "The requested State [shall]1 provide assistance in investigations of "
        "[serious crime]2[any crime]3."
    )
    notes = []
    for link in text.xpath(".//sup/a"):
        (note,) = page.xpath(f'//*[@id="{link.get("href")[1:]}"]')
        notes.append(note.text_content().strip())
    assert notes == [
        "1 Bracketed at the request of France. Too strong.",
        "2 Bracketed at the request of Egypt and Mexico.",
        "3 Alt. 2: supported by Egypt.",
    ]
    (status,) = page.xpath(f'//div[@id="{P4}"]//p[contains(@class, "status")]')
    assert status.text_content() == "Agreed ad referendum: awaiting confirmation from Egypt."


def test_html_in_arabic_sets_the_direction_of_text_and_notes() -> None:
    page = lxml_html.fromstring(render("ar", "html"))
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    (text,) = page.xpath(f'//div[@id="{P1}"]//span[@class="text"]')
    assert (text.get("lang"), text.get("dir")) == ("ar", "rtl")
    assert text.text_content().startswith("[تقدم]1 ")
    (notes,) = page.xpath('//aside[@class="footnotes"]')
    assert notes.get("dir") == "rtl"
    assert "مصر and المكسيك" in notes.text_content()
    # The English wording of an alternative not yet translated says so, left to right.
    (wording,) = page.xpath(f'//div[@id="{P2}"]//p[@class="alternative"]/span[@lang]')
    assert (wording.get("lang"), wording.get("dir")) == ("en", "ltr")


def test_html_clean_text_shows_pending() -> None:
    page = lxml_html.fromstring(render("ar", "html", "clean"))
    texts = [t.text_content() for t in page.xpath('//span[@class="text"]')]
    assert texts == ["[pending]", "[pending]", TEXTS["ar"][1][2], TEXTS["ar"][1][3]]
    assert not page.xpath("//sup")
    assert not page.xpath('//aside[@class="footnotes"]')


def pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "rolling.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.system
def test_pdf_prints_brackets_and_footnotes(tmp_path: Path) -> None:
    text = pdftotext(render("en", "pdf"), tmp_path)
    assert "[shall]" in text
    assert "[serious crime]" in text
    assert "Bracketed at the request of Egypt and Mexico." in text
    arabic = pdftotext(render("ar", "pdf"), tmp_path).replace("\n", " ")
    assert "مصر" in arabic
    assert "الجرائم الخطيرة" in arabic
    assert "[pending]" in pdftotext(render("en", "pdf", "clean"), tmp_path)


# --- Akoma Ntoso ------------------------------------------------------------------------------


def valid_akn(data: bytes) -> Any:
    schema = etree.XMLSchema(etree.parse(str(AKN_SCHEMA)))
    root = etree.fromstring(data)
    assert schema.validate(root), [str(e) for e in schema.error_log][:5]
    return root


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("view", ["rolling", "clean"])
def test_akn_is_valid_and_refers_each_bracket_to_its_note(lang: str, view: View) -> None:
    root = valid_akn(render(lang, "akn", view))
    (content,) = root.xpath(f'//a:paragraph[@eId="{P1}"]/a:content/a:p[1]', namespaces=AKN)
    if view == "clean":
        assert content.xpath("string()") == "[pending]"
        assert not root.xpath("//a:noteRef", namespaces=AKN)
        return
    refs = content.xpath("a:noteRef", namespaces=AKN)
    assert [r.get("marker") for r in refs] == ["1", "2", "3"]
    (note,) = root.xpath(f'//a:meta//a:note[@eId="{refs[1].get("href")[1:]}"]', namespaces=AKN)
    assert NAMES[lang][2] in note.xpath("string()")
    assert content.xpath("string()").count("[") == 3
    (status,) = root.xpath(
        f'//a:paragraph[@eId="{P4}"]//a:p[contains(@class, "status")]/a:remark', namespaces=AKN
    )
    assert status.text == f"Agreed ad referendum: awaiting confirmation from {NAMES[lang][2]}."


# --- the status report -----------------------------------------------------------------------

HEADER = [
    "Article", "Provision", "Status", "Text", "Open brackets", "Alternatives", "Delegations",
    "Reason", "Provision id",
]  # fmt: skip


def test_xlsx_status_report_has_one_row_per_provision() -> None:
    book = load_workbook(io.BytesIO(render("en", "xlsx")))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1] == [
        "3", "1", "bracketed",
        "The requested State [shall] provide assistance in investigations of [serious crime].",
        "[shall] (France); [serious crime] (Egypt, Mexico)", "Alt. 2: any crime",
        "France, Egypt, Mexico", None, P1,
    ]  # fmt: skip
    assert rows[2][5] == f"Alt. 2: {P2_ALT}"
    assert rows[3][2:4] == ["agreed", TEXTS["en"][1][2]]
    assert rows[4][2] == "Agreed ad referendum: awaiting confirmation from Egypt."
    assert rows[4][6:8] == ["Egypt, Mexico", "Pending capitals."]
    assert len(rows) == 5


def test_xlsx_in_arabic_reads_right_to_left() -> None:
    book = load_workbook(io.BytesIO(render("ar", "xlsx", "clean")))
    sheet = book.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)][:3] == [
        "[pending]",
        "[pending]",
        TEXTS["ar"][1][2],
    ]


def test_csv_status_report_parses_with_the_same_columns() -> None:
    data = render("ar", "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1][3] == "[تقدم] الدولة المطلوب منها المساعدة في التحقيقات في [الجرائم الخطيرة]."
    assert rows[1][6] == "فرنسا, مصر, المكسيك"
    assert [r[8] for r in rows[1:]] == [P1, P2, P3, P4]


def test_footnotes_are_numbered_through_an_instrument() -> None:
    made = export("en", "rolling", rolled("en"), rolled("en", 4, "art_4"))
    second = made.document.articles[1]
    assert [n.number for n in second.footnotes] == [5, 6, 7, 8]
    page = lxml_html.fromstring(documents.render(made, "html", LABELS))
    marks = page.xpath('//div[@id="art_4__para_1"]//sup/a/text()')
    assert marks == ["5", "6", "7"]
    _document, notes = docx_paragraphs(documents.render(made, "docx", LABELS))
    assert len(notes) == 8


# --- the routes --------------------------------------------------------------------------------

API = "/api/v1/instruments/model-law"


async def placed_at_frances_request(session: AsyncSession) -> None:
    """On article 3 (the demo): France asks for brackets on "and of reciprocity" (P2), the
    secretariat places them; P4 agreed ad referendum, awaiting France."""
    instrument = await instruments.get_instrument(session, "model-law")
    article = await instruments.get_article(session, instrument, "art_3")
    chair = await user_by_email(session, SECRETARIAT)
    france = await user_by_email(session, FRANCE)
    assert chair is not None
    assert france is not None
    asked = await negotiation.request_bracket(
        session, instrument, article, P2, "en", "and of reciprocity", "Not agreed.", france
    )
    await negotiation.decide_bracket(
        session, asked, "place", "Not agreed yet.", chair, negotiation.bracket_etag(asked)
    )
    await negotiation.set_status(
        session, instrument, article, P4, AgreementStatus.ad_referendum, "Capitals.", ["FR"],
        chair, "*",
    )  # fmt: skip
    await session.flush()


@pytest.mark.parametrize(
    "fmt",
    [pytest.param(f, marks=[pytest.mark.system] if f == "pdf" else []) for f in ROLLING_FORMATS],
)
async def test_every_format_downloads_named_after_what_it_holds(
    client: AsyncClient, session: AsyncSession, fmt: str
) -> None:
    await placed_at_frances_request(session)
    spec = ROLLING_FORMATS[fmt].format
    response = await client.get(f"{API}/articles/art_3/rolling.{fmt}", params={"language": "en"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == spec.media_type
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="model-law_art-3_en_rolling_latest.{spec.extension}";'
    )
    if fmt == "docx":
        document, notes = docx_paragraphs(response.content)
        second = provision_paragraph(document, "2")
        assert "[and of reciprocity]" in second.text
        assert referenced(second, notes) == ["Bracketed at the request of France. Not agreed."]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        (p2,) = [r for r in rows if r[-1] == P2]
        assert p2[2:5] == ["bracketed", p2[3], "[and of reciprocity] (France)"]
        assert "[and of reciprocity]" in p2[3]


async def test_clean_text_of_the_instrument_shows_pending(
    client: AsyncClient, session: AsyncSession
) -> None:
    await placed_at_frances_request(session)
    response = await client.get(f"{API}/rolling.html", params={"language": "en", "view": "clean"})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    (text,) = page.xpath(f'//div[@id="{P2}"]//span[@class="text"]')
    assert text.text_content() == "[pending]"
    assert "model-law_en_clean_latest.html" in response.headers["content-disposition"]


async def test_arabic_download_is_right_to_left_and_flags_unmarked_brackets(
    client: AsyncClient, session: AsyncSession
) -> None:
    await placed_at_frances_request(session)
    response = await client.get(f"{API}/articles/art_3/rolling.html", params={"language": "ar"})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    # The brackets are marked in English only: flagged under the Arabic paragraph, with the
    # footnote naming France, never dropped.
    (remark,) = page.xpath(f'//div[@id="{P2}"]//p[@class="remark"]')
    (link,) = remark.xpath(".//a")
    (note,) = page.xpath(f'//*[@id="{link.get("href")[1:]}"]')
    assert note.get("class") == "footnote"
    assert (page.xpath('//aside[@class="footnotes"]')[0].get("dir")) == "rtl"


async def test_observers_download_a_milestones_rolling_text_only(
    client: AsyncClient, tokens: Tokens
) -> None:
    observer = auth(tokens.observer)
    now = await client.get(f"{API}/articles/art_3/rolling.docx", headers=observer)
    assert now.status_code == 403
    assert "milestone" in now.json()["detail"]
    frozen = await client.get(
        f"{API}/articles/art_3/rolling.docx", params={"milestone": "1"}, headers=observer
    )
    assert frozen.status_code == 200
    assert "_rolling_2007-text.docx" in frozen.headers["content-disposition"]
    whole = await client.get(f"{API}/rolling.csv", params={"milestone": "1"}, headers=observer)
    assert whole.status_code == 200


async def test_a_text_missing_articles_in_its_language_says_so(client: AsyncClient) -> None:
    response = await client.get(f"{API}/rolling.csv", params={"language": "ru"})
    assert response.status_code == 200
    assert (
        'filename="model-law_ru_rolling_latest-incomplete.csv"'
        in (response.headers["content-disposition"])
    )
    missing = response.headers["x-draftroom-missing-articles"].split(",")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[-1] for r in rows[1 : 1 + len(missing)]] == missing


async def test_bad_view_format_or_milestone_is_refused(client: AsyncClient) -> None:
    view = await client.get(f"{API}/articles/art_3/rolling.html", params={"view": "draft"})
    assert view.status_code == 422
    fmt = await client.get(f"{API}/articles/art_3/rolling.docx-clean")
    assert fmt.status_code == 422
    assert fmt.json()["fields"][0]["problem"] == f"Choose one of: {', '.join(ROLLING_FORMATS)}."
    milestone = await client.get(f"{API}/rolling.html", params={"milestone": "Rev.9"})
    assert milestone.status_code == 404


async def test_openapi_lists_the_rolling_formats(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    routes = [p for p in paths if p.endswith("/rolling.{fmt}")]
    assert len(routes) == 2
    for route in routes:
        [parameter] = [p for p in paths[route]["get"]["parameters"] if p["name"] == "fmt"]
        assert parameter["schema"]["enum"] == list(ROLLING_FORMATS)


def test_the_download_menu_offers_every_format_of_both_views() -> None:
    menu = documents.rolling_downloads("model-law", "art_3", "ar", "clean", "2007 text")
    assert [name for name, _url in menu] == [
        "DOCX", "XLSX (status report)", "CSV (status report)", "HTML", "PDF", "Akoma Ntoso",
    ]  # fmt: skip
    assert menu[0][1] == (
        "/api/v1/instruments/model-law/articles/art_3/rolling.docx"
        "?language=ar&view=clean&milestone=2007+text"
    )


def test_a_provision_deleted_by_agreement_reads_deleted_in_both_views() -> None:
    made = rolled("en")
    gone = next(p for p in made.provisions if p.key == P3)
    gone.status = AgreementStatus.deleted
    for view in ("rolling", "clean"):
        document = documents.document(INSTRUMENT, "en", [made], view, LABELS, None)
        page = lxml_html.fromstring(
            documents.render(RollingExport(document, [made], view, ["x"]), "html", LABELS)
        )
        (text,) = page.xpath(f'//div[@id="{P3}"]//span[@class="text"]')
        assert text.text_content() == "[Deleted]"


async def test_the_whole_instrument_in_chinese_flags_brackets_not_yet_marked(
    client: AsyncClient, session: AsyncSession
) -> None:
    await placed_at_frances_request(session)
    response = await client.get(f"{API}/rolling.docx", params={"language": "zh"})
    assert response.status_code == 200
    document, notes = docx_paragraphs(response.content)
    # Article 3's brackets are marked in English only: one line says so, its footnote
    # names France in the file's language.
    (flag,) = [p for p in document.paragraphs if referenced(p, notes)]
    (note,) = referenced(flag, notes)
    assert "法国" in note
    assert any("\u4e00" <= c <= "\u9fff" for c in document.paragraphs[-2].text)


def test_brackets_of_a_paragraph_no_longer_in_the_text_are_kept() -> None:
    state = _state(3, "art_3")
    gone = "art_3__para_9"
    state.brackets[399] = BracketState(
        399, 3, gone, BracketStatus.placed, {"en": {"quote": "reciprocity", "seq": 1, "start": 0}},
        ({"delegation_id": 3, "reason": ""},),
    )  # fmt: skip
    article = Article(id=3, instrument_id=1, key="art_3", number="3")
    version = _version(3, "art_3", "en")
    made = rolling.build(INSTRUMENT, article, version, version, state, NAMES["en"])
    document = documents.document(INSTRUMENT, "en", [made], "rolling", LABELS, None)
    export = RollingExport(document, [made], "rolling", ["x"])
    word, notes = docx_paragraphs(documents.render(export, "docx", LABELS))
    texts = [p.text for p in word.paragraphs]
    at = texts.index(
        "Paragraph removed from the text; its brackets and alternatives are kept until lifted "
        "or retired"
    )
    line = word.paragraphs[at + 1]
    assert line.text == "[reciprocity]"
    assert referenced(line, notes) == ["Bracketed at the request of Mexico."]
    rows = list(
        csv.reader(io.StringIO(documents.render(export, "csv", LABELS).decode("utf-8-sig")))
    )
    assert rows[-1][4:] == ["[reciprocity] (Mexico)", "", "Mexico", "", gone]

"""Small documents built by hand, in English, Arabic and Chinese, for the export tests."""

from __future__ import annotations

from datetime import UTC, datetime

from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    ProposalColumn,
    Provision,
    Side,
    SynopticRow,
    SynopticTable,
)
from draftroom.exports.documents import TextArticle, TextDocument
from draftroom.text.diff import diff_provisions, diff_words
from draftroom.text.provisions import ProvisionText

# Per language: instrument title, article heading, the 2007 provisions, the draft's.
TEXTS: dict[str, tuple[str, str, list[Provision], list[Provision]]] = {
    "en": (
        "Model Law on Mutual Assistance in Criminal Matters",
        "Purpose and scope",
        [
            {"id": "art_1__para_1", "number": "1", "text": "The purpose of this Law is to "
             "enable [name of State] to provide the widest measure of mutual assistance."},
            {"id": "art_1__para_2", "number": "2", "text": "This Law applies to requests made "
             "by a foreign State."},
            {"id": "art_1__para_2__point_a", "number": "2(a)", "text": "in criminal matters;"},
            {"id": "art_1__para_3", "number": "3", "text": "Assistance may be refused."},
        ],
        [
            {"id": "art_1__para_1", "number": "1", "text": "The purpose of this Law is to "
             "enable [name of State] to provide and obtain the widest measure of mutual "
             "assistance, including electronic evidence."},
            {"id": "art_1__para_2", "number": "2", "text": "This Law applies to requests made "
             "by a foreign State."},
            {"id": "art_1__para_2__point_a", "number": "2(a)", "text": "in criminal matters;"},
            {"id": "art_1__para_4", "number": "3", "text": "=cmd|' /C calc'!A0"},
        ],
    ),
    "ar": (
        "القانون النموذجي بشأن المساعدة المتبادلة في المسائل الجنائية",
        "الغرض ونطاق التطبيق",
        [
            {"id": "art_1__para_1", "number": "1", "text": "الغرض من هذا القانون هو تمكين "
             "[اسم الدولة] من تقديم المساعدة المتبادلة في المسائل الجنائية."},
            {"id": "art_1__para_2", "number": "2", "text": "يسري هذا القانون على طلبات "
             "المساعدة القانونية المتبادلة."},
        ],
        [
            {"id": "art_1__para_1", "number": "1", "text": "الغرض من هذا القانون هو تمكين "
             "[اسم الدولة] من تقديم المساعدة المتبادلة والحصول عليها في المسائل الجنائية."},
            {"id": "art_1__para_3", "number": "2", "text": "يجوز تقديم الأدلة الإلكترونية."},
        ],
    ),
    "zh": (
        "刑事事项互助示范法",
        "宗旨和适用范围",
        [
            {"id": "art_1__para_1", "number": "1", "text": "本法的宗旨是使[国名]能够在最大"
             "范围内提供刑事事项互助。"},
            {"id": "art_1__para_2", "number": "2", "text": "本法适用于外国提出的司法协助请求。"},
        ],
        [
            {"id": "art_1__para_1", "number": "1", "text": "本法的宗旨是使[国名]能够在最大"
             "范围内提供和获得刑事事项互助。"},
            {"id": "art_1__para_2", "number": "2", "text": "本法适用于外国提出的电子证据请求。"},
        ],
    ),
}  # fmt: skip

DELEGATIONS = {
    "en": ("France", "FRA", ["Chile", "Kenya"], "Germany", "DEU"),
    "ar": ("مصر", "EGY", ["الأردن"], "المغرب", "MAR"),
    "zh": ("中国", "CHN", ["新加坡"], "日本", "JPN"),
}


def text_document(lang: str) -> TextDocument:
    title, heading, old, _new = TEXTS[lang]
    return TextDocument(
        title=title,
        language=lang,
        label="2007 text",
        illustrative=True,
        articles=[TextArticle("art_1", "1", heading, old)],
        instrument="model-law",
    )


def article_comparison(lang: str) -> ArticleComparison:
    _title, heading, old, new = TEXTS[lang]
    return ArticleComparison(
        article_key="art_1",
        number="1",
        language=lang,
        before=Side("2007 text", heading, old),
        after=Side("Draft after EGM 1", heading + "!", new),
        heading_ops=tuple(diff_words(heading, heading + "!")),
        provisions=diff_provisions(old, new),
    )


def instrument_comparison(lang: str) -> InstrumentComparison:
    return InstrumentComparison(
        instrument="model-law",
        title=TEXTS[lang][0],
        language=lang,
        before_label="2007 text",
        after_label="Draft after EGM 1",
        illustrative=True,
        articles=[article_comparison(lang)],
    )


def synoptic_table(lang: str) -> SynopticTable:
    title, heading, old, new = TEXTS[lang]
    first, first_code, sponsors, second, second_code = DELEGATIONS[lang]
    proposal = diff_provisions(old, new)
    # The second delegation only rewords the first paragraph, differently.
    other: list[ProvisionText] = [{**old[0], "text": old[0]["text"] + " ..."}, *old[1:]]
    second_diffs = {d.id: d for d in diff_provisions(old, other) if d.kind != "unchanged"}
    first_diffs = {d.id: d for d in proposal if d.kind != "unchanged" or d.renumbered}
    ids = [p["id"] for p in old] + [p["id"] for p in new if p["id"] not in {q["id"] for q in old}]
    base = {p["id"]: p for p in old}
    numbers = {p["id"]: p["number"] for p in [*new, *old]}
    return SynopticTable(
        instrument="model-law",
        title=title,
        article_key="art_1",
        number="1",
        heading=heading,
        language=lang,
        base_label="Version 1",
        illustrative=True,
        columns=[
            ProposalColumn(
                amendment_id=10,
                number=3,
                delegation=first,
                delegation_code=first_code,
                tabled_at=datetime(2025, 3, 12, 9, 30, tzinfo=UTC),
                cosponsors=sponsors,
                status="accepted",
                status_label="accepted",
                decision=new,
            ),
            ProposalColumn(
                amendment_id=11,
                number=4,
                delegation=second,
                delegation_code=second_code,
                tabled_at=None,
                cosponsors=[],
                status="tabled",
                status_label="tabled",
            ),
        ],
        rows=[
            SynopticRow(
                provision_id=pid,
                number=numbers[pid],
                base_text=base[pid]["text"] if pid in base else None,
                cells=[first_diffs.get(pid), second_diffs.get(pid)],
                outcome=next((p["text"] for p in new if p["id"] == pid), None),
            )
            for pid in ids
        ],
    )


def every_document(lang: str) -> list[object]:
    return [
        text_document(lang),
        article_comparison(lang),
        instrument_comparison(lang),
        synoptic_table(lang),
    ]

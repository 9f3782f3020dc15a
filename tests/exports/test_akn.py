"""Akoma Ntoso 3.0: valid against the OASIS schema, provision ids as eIds, proposals as
<amendment> documents that point at the provisions they change.

``schema/`` holds the OASIS LegalDocML Akoma Ntoso 3.0 schema (akomantoso30.xsd, OASIS
Standard 2018, and the W3C xml.xsd it imports), unchanged, so validation needs no network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from draftroom.exports.akn import AKN_NS
from draftroom.exports.akn import render as render_akn
from draftroom.exports.documents import default_labels
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)

LABELS = default_labels()
NS = {"a": AKN_NS}
SCHEMA = Path(__file__).parent / "schema" / "akomantoso30.xsd"


@cache
def schema() -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def valid(data: bytes) -> Any:
    root = etree.fromstring(data)
    checker = schema()
    assert checker.validate(root), [str(e) for e in checker.error_log][:5]
    return root


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
@pytest.mark.parametrize(
    "build", [text_document, article_comparison, instrument_comparison, synoptic_table]
)
def test_every_document_is_valid_akoma_ntoso(lang: str, build: Any) -> None:
    root = valid(render_akn(build(lang), lang, LABELS))
    assert root.tag == f"{{{AKN_NS}}}akomaNtoso"
    assert root.xpath("//a:FRBRWork/a:FRBRthis/@value", namespaces=NS)


def test_text_articles_and_paragraphs_carry_the_provision_ids() -> None:
    root = valid(render_akn(text_document("en"), "en", LABELS))
    (act,) = root.xpath("/a:akomaNtoso/a:act", namespaces=NS)
    (article,) = act.xpath("./a:body/a:article", namespaces=NS)
    assert article.get("eId") == "art_1"
    assert article.findtext("a:heading", namespaces=NS) == "Purpose and scope"
    eids = act.xpath(".//a:paragraph/@eId | .//a:point/@eId", namespaces=NS)
    assert eids == ["art_1__para_1", "art_1__para_2", "art_1__para_2__point_a", "art_1__para_3"]
    # The point nests in its paragraph, whose text becomes the intro.
    (point,) = act.xpath(".//a:paragraph[@eId='art_1__para_2']/a:point", namespaces=NS)
    assert point.findtext("a:num", namespaces=NS) == "2(a)"
    assert act.xpath(
        "string(.//a:paragraph[@eId='art_1__para_2']/a:intro/a:p)", namespaces=NS
    ).startswith("This Law applies")
    assert root.xpath("//a:FRBRlanguage/@language", namespaces=NS) == ["eng"]


def test_illustrative_text_carries_the_note() -> None:
    root = valid(render_akn(text_document("ar"), "ar", LABELS))
    assert root.xpath("string(//a:meta/a:notes/a:note/a:p)", namespaces=NS) == LABELS.illustrative
    assert root.xpath("//a:preface/a:p[@class='illustrative']", namespaces=NS)
    assert root.xpath("//a:FRBRlanguage/@language", namespaces=NS) == ["ara"]


def test_comparison_marks_changes_with_ins_and_del_and_removed_status() -> None:
    root = valid(render_akn(instrument_comparison("en"), "en", LABELS))
    changed = root.xpath("//a:paragraph[@eId='art_1__para_1']", namespaces=NS)[0]
    assert changed.xpath("string(.//a:ins[2])", namespaces=NS) == ", including electronic evidence"
    deleted = root.xpath("//a:paragraph[@eId='art_1__para_3']", namespaces=NS)[0]
    assert deleted.get("status") == "removed"
    assert deleted.xpath("string(.//a:del)", namespaces=NS) == "Assistance may be refused."


def test_odd_provision_ids_become_unique_safe_eids() -> None:
    document = text_document("en")
    article = document.articles[0]._replace(
        provisions=[
            {"id": "12-bis.1", "number": "1", "text": "one"},
            {"id": "12_bis_1", "number": "2", "text": "two"},
            {"id": "٣", "number": "3", "text": "three"},
        ]
    )
    data = render_akn(type(document)(**{**document.__dict__, "articles": [article]}), "en",
                      LABELS)  # fmt: skip
    root = valid(data)
    eids = root.xpath("//a:paragraph/@eId", namespaces=NS)
    assert eids == ["id_12_bis_1", "id_12_bis_1_2", "id_3"]


def test_synoptic_table_is_an_amendment_list_of_the_base_and_each_proposal() -> None:
    synoptic = synoptic_table("en")
    root = valid(render_akn(synoptic, "en", LABELS))
    (collection,) = root.xpath("/a:akomaNtoso/a:amendmentList", namespaces=NS)
    components = collection.xpath("./a:collectionBody/a:component", namespaces=NS)
    assert len(components) == 1 + len(synoptic.columns)
    base = components[0].xpath("./a:act//a:paragraph/@eId", namespaces=NS)
    assert base == ["art_1__para_1", "art_1__para_2", "art_1__para_3"]
    amendments = collection.xpath(".//a:amendment", namespaces=NS)
    assert len(amendments) == len(synoptic.columns)
    first = amendments[0]
    assert first.xpath("string(.//a:docProponent)", namespaces=NS) == "France"
    assert first.xpath("string(.//a:docDate/@date)", namespaces=NS) == "2025-03-12"
    assert first.xpath("string(.//a:docStatus)", namespaces=NS) == "accepted"
    targets = first.xpath(".//a:mod/a:ref/@href", namespaces=NS)
    assert targets == ["#art_1__para_1", "#art_1__para_3", "#art_1__para_4"]
    mods = first.xpath(".//a:mod/@eId", namespaces=NS)
    assert all(m.startswith("amd_3__") for m in mods)
    assert first.xpath("string(.//a:mod[1]//a:ins[1])", namespaces=NS) == "and obtain "
    second = amendments[1]
    assert second.xpath(".//a:mod/a:ref/@href", namespaces=NS) == ["#art_1__para_1"]
    assert second.xpath(".//a:docDate", namespaces=NS) == []
    assert root.xpath("string(//a:amendmentList/a:meta/a:notes//a:p)", namespaces=NS) == (
        LABELS.illustrative
    )

"""Akoma Ntoso 3.0 (OASIS LegalDocML): a text or comparison as an ``act`` whose eIds are the
provision ids, changes as ``<ins>``/``<del>``; a synoptic table as an ``amendmentList``
(the base text, then one ``amendment`` per proposal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from draftroom.comparisons.results import SynopticTable
from draftroom.exports.common import (
    Flow,
    Ids,
    column_title,
    equal_ops,
    flow_of,
    iso_date,
    provision_note,
    provision_number,
    xml_id,
    xml_safe,
)
from draftroom.exports.documents import Exportable, Labels, Marked
from draftroom.text.brackets import Piece
from draftroom.text.diff import Op, ProvisionDiff
from draftroom.text.languages import LANGUAGES

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _akn(tag: str, parent: Any = None, text: str | None = None, **attrs: str) -> Any:
    name = f"{{{AKN_NS}}}{tag}"
    element = etree.Element(name) if parent is None else etree.SubElement(parent, name)
    for key, value in attrs.items():
        element.set(key, xml_safe(value))
    if text:
        element.text = xml_safe(text)
    return element


def _akn_ops(element: Any, ops: Iterable[Op]) -> None:
    """Ops as mixed content after what ``element`` holds: changes as ``<ins>``/``<del>``."""
    last = element[-1] if len(element) else None
    for op in ops:
        content = xml_safe(op.text)
        if op.kind != "equal":
            last = _akn("ins" if op.kind == "insert" else "del", element, content)
        elif last is None:
            element.text = (element.text or "") + content
        else:
            last.tail = (last.tail or "") + content


@dataclass
class _Node:
    diff: ProvisionDiff
    eid: str
    children: list[_Node] = field(default_factory=list)


def _tree(provisions: Sequence[ProvisionDiff], ids: Ids, prefix: str = "") -> list[_Node]:
    """Provisions nested by their ids: ``art_1__para_1__point_a`` inside ``art_1__para_1``."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for diff in provisions:
        node = _Node(diff, ids.take(prefix + diff.id))
        while stack and not node.eid.startswith(stack[-1].eid + "__"):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _akn_provision(
    parent: Any,
    node: _Node,
    depth: int,
    labels: Labels,
    marked: Mapping[str, Marked] | None = None,
    refs: Mapping[int, str] | None = None,
) -> None:
    element = _akn("paragraph" if depth == 0 else "point", parent, eId=node.eid)
    diff = node.diff
    if diff.kind == "deleted":
        element.set("status", "removed")
    number = provision_number(diff)
    if number:
        _akn("num", element, number)
    if node.children:
        holder = _akn("p", _akn("intro", element))
    else:
        holder = _akn("p", _akn("content", element))
    note = provision_note(diff, labels)
    if note:
        _akn("span", holder, f"[{note}]", **{"class": "note"}).tail = " "
    rolling = (marked or {}).get(diff.id)
    if rolling is None:
        _akn_ops(holder, diff.ops)
    else:
        _akn_rolling(holder, rolling, refs or {})
    for child in node.children:
        _akn_provision(element, child, depth + 1, labels, marked, refs)


def _akn_rolling(holder: Any, marked: Marked, refs: Mapping[int, str]) -> None:
    """A rolling text's provision: its words with the square brackets as written, each
    closing one followed by a ``noteRef`` to its footnote (in the meta ``notes``); then, in
    the same block, its status and the lines about it as ``remark``s, and its alternative
    wordings, each a ``p`` of class ``alternative``."""
    _akn_pieces(holder, marked.pieces, refs)
    container = holder.getparent()
    status = _akn("p", container, **{"class": f"status {marked.status}"})
    _akn("remark", status, marked.status_text)
    for remark in marked.remarks:
        line = _akn("remark", _akn("p", container, **{"class": "remark"}), remark.text)
        if remark.note in refs:
            _note_ref(line.getparent(), remark.note, refs)
    for alternative in marked.alternatives:
        line = _akn("p", container, **{"class": "alternative"})
        _akn("span", line, alternative.label, **{"class": "label"}).tail = ": "
        _akn_pieces(
            line,
            [Piece("open", number=0), Piece("text", alternative.text),
             Piece("close", number=alternative.note)],
            refs,
        )  # fmt: skip


def _akn_pieces(element: Any, pieces: Iterable[Piece], refs: Mapping[int, str]) -> None:
    for piece in pieces:
        if piece.kind == "text":
            _akn_ops(element, [Op("equal", piece.text)])
        else:
            _akn_ops(element, [Op("equal", "[" if piece.kind == "open" else "]")])
            if piece.kind == "close" and piece.number in refs:
                _note_ref(element, piece.number, refs)


def _note_ref(element: Any, number: int, refs: Mapping[int, str]) -> None:
    _akn("noteRef", element, marker=str(number), href=f"#{refs[number]}")


def _frbr(
    meta: Any,
    kind: str,
    name: str,
    lang: str,
    today: str,
    author: str,
    notes: Sequence[tuple[str, str]] = (),
    organisations: Sequence[tuple[str, str, str]] = (),
) -> None:
    """FRBR identification (work, expression, manifestation), references and notes."""
    work = f"/akn/un/{kind}/{today}/{name}"
    expression = f"{work}/{_iso639_2(lang)}@{today}"
    identification = _akn("identification", meta, source="#draftroom")
    for level, this, uri in (
        ("FRBRWork", f"{work}/!main", work),
        ("FRBRExpression", f"{expression}/!main", expression),
        ("FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn"),
    ):
        frbr = _akn(level, identification)
        _akn("FRBRthis", frbr, value=this)
        _akn("FRBRuri", frbr, value=uri)
        _akn("FRBRdate", frbr, date=today, name="export")
        _akn(
            "FRBRauthor", frbr, href=f"#{author}" if level != "FRBRManifestation" else "#draftroom"
        )
        if level == "FRBRWork":
            _akn("FRBRcountry", frbr, value="un")
        elif level == "FRBRExpression":
            _akn("FRBRlanguage", frbr, language=_iso639_2(lang))
    if organisations:
        references = _akn("references", meta, source="#draftroom")
    for eid, href, show in organisations:
        _akn("TLCOrganization", references, eId=eid, href=href, showAs=show)
    if notes:
        holder = _akn("notes", meta, source="#draftroom")
        for eid, text in notes:
            _akn("p", _akn("note", holder, eId=eid), text)


def _iso639_2(lang: str) -> str:
    return LANGUAGES[lang].iso639_2 if lang in LANGUAGES else lang


def _akn_name(*parts: str) -> str:
    return "-".join(xml_id(p).replace("_", "-").lower() for p in parts if p) or "text"


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    today = datetime.now(UTC).date().isoformat()
    if isinstance(document, SynopticTable):
        root = _akn_synoptic(document, labels, today)
    else:
        root = _akn_flow(flow_of(document, labels), labels, today)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _akn_organisations(ids: Ids) -> tuple[str, str, list[tuple[str, str, str]]]:
    unodc, draftroom = ids.take("unodc"), ids.take("draftroom")
    return (
        unodc,
        draftroom,
        [
            (unodc, "/ontology/organization/un/unodc", "UNODC"),
            (draftroom, "/ontology/organization/draftroom", "Draftroom"),
        ],
    )


def _akn_flow(flow: Flow, labels: Labels, today: str) -> Any:
    ids = Ids()
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    act = _akn("act", root, name="modelLaw")
    meta = _akn("meta", act)
    unodc, _draftroom, organisations = _akn_organisations(ids)
    notes = []
    if flow.illustrative:
        notes.append((ids.take("note_illustrative"), labels.illustrative))
    if flow.comparison:
        notes.append((ids.take("note_comparison"), f"{flow.subtitle}. {labels.legend}"))
    if flow.missing:
        lines = [
            ". ".join(filter(None, [labels.article.format(number=m.number), m.heading]))
            for m in flow.missing
        ]
        notes.append((ids.take("note_missing"), f"{labels.missing} {'; '.join(lines)}"))
    first = flow.articles[0].key if flow.articles and not flow.instrument else ""
    name = _akn_name(flow.instrument or "model-law", first)
    _frbr(meta, "act", name, flow.language, today, unodc, notes, organisations)
    # A rolling text's footnotes, by article: (article key, number) -> the note's eId.
    footnotes = [(a.key, n) for a in flow.articles for n in a.footnotes]
    refs: dict[str, dict[int, str]] = {}
    if footnotes:
        holder = _akn("notes", meta, source="#draftroom")
        for key, footnote in footnotes:
            eid = ids.take(f"{key}__fn_{footnote.number}")
            refs.setdefault(key, {})[footnote.number] = eid
            note = _akn("note", holder, eId=eid, marker=str(footnote.number))
            _akn("p", note, footnote.text)
    preface = _akn("preface", act)
    _akn("docTitle", _akn("p", _akn("longTitle", preface)), flow.title)
    if flow.subtitle:
        _akn("p", preface, flow.subtitle)
    if flow.illustrative:
        _akn("p", preface, labels.illustrative, **{"class": "illustrative"})
    if flow.missing:
        block = _akn("blockList", preface, eId=ids.take("missing"), **{"class": "missing"})
        _akn("listIntroduction", block, labels.missing)
        for m in flow.missing:
            item = _akn("item", block, eId=ids.take(f"missing_{m.key}"))
            line = ". ".join(filter(None, [labels.article.format(number=m.number), m.heading]))
            _akn("p", item, line)
    body = _akn("body", act)
    for article in flow.articles:
        element = _akn("article", body, eId=ids.take(article.key))
        _akn("num", element, article.number)
        if article.heading:
            _akn_ops(_akn("heading", element), article.heading)
        nodes = _tree(article.provisions, ids)
        if not nodes:
            _akn("p", _akn("content", element))
        for node in nodes:
            _akn_provision(element, node, 0, labels, article.marked, refs.get(article.key))
    if not flow.articles:
        _akn("p", _akn("content", _akn("article", body, eId=ids.take("art_none"))))
    return root


def _akn_synoptic(table: SynopticTable, labels: Labels, today: str) -> Any:
    """The base text as an ``act`` and each proposal as an ``amendment``, in an amendmentList.

    eIds are unique across the file (the schema requires it of an amendmentList): the base
    keeps the provision ids, a proposal's elements are prefixed ``amd_<number>__`` and refer
    to the provision they change with ``<ref href="#<provision id>">``.
    """
    ids = Ids()
    name = _akn_name(table.instrument, table.article_key)
    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    collection = _akn("amendmentList", root, name="synopticTable")
    meta = _akn("meta", collection)
    unodc, _draftroom, organisations = _akn_organisations(ids)
    notes = []
    if table.illustrative:
        notes.append((ids.take("note_illustrative"), labels.illustrative))
    _frbr(meta, "amendmentList", name, table.language, today, unodc, notes, organisations)
    preface = _akn("preface", collection)
    article_title = labels.article.format(number=table.number)
    _akn("docTitle", _akn("p", _akn("longTitle", preface)), table.title)
    _akn("p", preface, f"{labels.synoptic_table}: {article_title}")
    if table.heading:
        _akn("p", preface, table.heading)
    if table.illustrative:
        _akn("p", preface, labels.illustrative, **{"class": "illustrative"})
    body = _akn("collectionBody", collection)

    # The base text, with the provision ids as eIds.
    component = _akn("component", body, eId=ids.take("cmp_base"))
    act = _akn("act", component, name="baseText")
    act_meta = _akn("meta", act)
    _frbr(act_meta, "act", name, table.language, today, unodc)
    article = _akn("article", _akn("body", act), eId=ids.take(table.article_key))
    _akn("num", article, table.number)
    if table.heading:
        _akn("heading", article, table.heading)
    base = [
        ProvisionDiff(
            row.provision_id, "unchanged", row.number, row.number, False, False,
            equal_ops(row.base_text),
        )
        for row in table.rows
        if row.base_text is not None
    ]  # fmt: skip
    nodes = _tree(base, ids)
    if not nodes:
        _akn("p", _akn("content", article))
    provision_eids = {node.diff.id: node.eid for node in _walk(nodes)}
    for node in nodes:
        _akn_provision(article, node, 0, labels)

    for index, column in enumerate(table.columns):
        prefix = f"amd_{column.number}__"
        component = _akn("component", body, eId=ids.take(f"cmp_amd_{column.number}"))
        amendment = _akn("amendment", component, name="amendment")
        amendment_meta = _akn("meta", amendment)
        proponent = ids.take(f"{prefix}{column.delegation_code or 'delegation'}")
        organisations_here = [
            (proponent, f"/ontology/organization/draftroom/{xml_id(column.delegation_code)}",
             column.delegation)
        ] + [
            (ids.take(f"{prefix}cosponsor_{n}"),
             f"/ontology/organization/draftroom/{_akn_name(sponsor)}", sponsor)
            for n, sponsor in enumerate(column.cosponsors, start=1)
        ]  # fmt: skip
        _frbr(
            amendment_meta,
            "amendment",
            f"{name}-{column.number}",
            table.language,
            iso_date(column.tabled_at) or today,
            proponent,
            organisations=organisations_here,
        )
        amendment_preface = _akn("preface", amendment)
        line = _akn("p", amendment_preface)
        _akn("docNumber", line, str(column.number)).tail = " "
        _akn("docProponent", line, column.delegation, refersTo=f"#{proponent}").tail = " "
        if column.tabled_at:
            _akn("docDate", line, iso_date(column.tabled_at), date=iso_date(column.tabled_at))
        _akn("docStatus", _akn("p", amendment_preface), column.status_label)
        if column.cosponsors:
            _akn("p", amendment_preface, f"{labels.cosponsors}: {', '.join(column.cosponsors)}")
        amendment_body = _akn("amendmentBody", amendment)
        _akn("p", _akn("amendmentHeading", amendment_body), column_title(column, labels))
        content = _akn("amendmentContent", amendment_body)
        changed = [(row, row.cells[index]) for row in table.rows if row.cells[index] is not None]
        if not changed:
            _akn("p", content, labels.no_change)
        for row, diff in changed:
            assert diff is not None
            target = provision_eids.get(row.provision_id, xml_id(row.provision_id))
            mod = _akn("mod", _akn("p", content), eId=ids.take(f"{prefix}{row.provision_id}"))
            _akn(
                "ref", mod, provision_number(diff) or row.number or target, href=f"#{target}"
            ).tail = " "
            note = provision_note(diff, labels)
            if note:
                _akn("span", mod, f"[{note}]", **{"class": "note"}).tail = " "
            _akn_ops(_akn("quotedText", mod), diff.ops)
    return root


def _walk(nodes: Iterable[_Node]) -> Iterable[_Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)

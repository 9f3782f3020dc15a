"""HTML: a standalone page from ``exports/*.html`` (styles inline, no script, nothing
fetched); changes as ``<ins>``/``<del>`` with a visually hidden label. The PDF is
WeasyPrint's print of the same page (``pdf.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from draftroom.comparisons.results import SynopticTable
from draftroom.config import ROOT
from draftroom.exports.common import (
    Ids,
    column_title,
    flow_of,
    iso_date,
    long_date,
    missing_summary,
    provision_note,
    provision_number,
)
from draftroom.exports.documents import Exportable, Labels, Marked, TextDocument
from draftroom.text.brackets import Piece
from draftroom.text.diff import Op, render_inline
from draftroom.text.languages import FONTS, direction

FONT_STACK = ", ".join([*(f'"{font}"' for font in FONTS), "sans-serif"])
TEMPLATES_DIR = ROOT / "frontend" / "templates"


@lru_cache
def _environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _inline(ops: Iterable[Op], labels: Labels) -> Markup:
    return Markup(render_inline(ops, labels.inserted, labels.deleted))  # noqa: S704 - escaped


def _html_context(document: Exportable, lang: str, labels: Labels) -> dict[str, Any]:
    text_lang = document.language
    ids = Ids()  # provision ids as element ids, unique in the page
    base: dict[str, Any] = {
        "lang": lang,
        "dir": direction(lang),
        "text_lang": text_lang,
        "text_dir": direction(text_lang),
        "labels": labels,
        "font_stack": Markup(FONT_STACK),  # noqa: S704 - a constant
        "missing": [
            {
                "article": labels.article.format(number=m.number),
                "heading": m.heading,
                "lang": m.heading_language,
                "dir": direction(m.heading_language),
            }
            for m in (document.missing if isinstance(document, TextDocument) else ())
        ],
        "missing_summary": missing_summary(document, labels),
        "rolling": False,
    }
    if isinstance(document, SynopticTable):
        title = labels.article.format(number=document.number)
        return base | {
            "template": "exports/synoptic.html",
            "landscape": True,
            "title": document.title,
            "title_lang": text_lang,
            "title_dir": direction(text_lang),
            "subtitle": labels.synoptic_table,
            "illustrative": document.illustrative,
            "comparison": True,
            "article": title,
            "heading": document.heading,
            "base_label": document.base_label,
            "columns": [
                {
                    "title": column_title(c, labels),
                    "delegation": c.delegation,
                    "tabled": long_date(c.tabled_at, lang),
                    "tabled_iso": iso_date(c.tabled_at),
                    "cosponsors": ", ".join(c.cosponsors),
                    "status": c.status_label,
                }
                for c in document.columns
            ],
            "rows": [
                {
                    "id": ids.take(row.provision_id),
                    "number": row.number,
                    "base": row.base_text,
                    "cells": [
                        None
                        if diff is None
                        else {
                            "note": provision_note(diff, labels),
                            "html": _inline(diff.ops, labels),
                        }
                        for diff in row.cells
                    ],
                    "outcome": row.outcome,
                }
                for row in document.rows
            ],
        }
    flow = flow_of(document, labels)
    # Footnote anchors: "<article id>-fn-<number>", unique in the page.
    notes = {a.key: ids.take(f"{a.key}-fn") for a in flow.articles if a.footnotes or a.marked}
    return base | {
        "template": "exports/text.html",
        "rolling": bool(notes),
        "landscape": False,
        "title": flow.title,
        "title_lang": lang if flow.title_is_label else text_lang,
        "title_dir": direction(lang if flow.title_is_label else text_lang),
        "subtitle": flow.subtitle,
        "illustrative": flow.illustrative,
        "comparison": flow.comparison,
        "articles": [
            {
                "id": ids.take(article.key),
                "label": labels.article.format(number=article.number),
                "heading": _inline(article.heading, labels) if article.heading else None,
                "provisions": [
                    {
                        "id": ids.take(diff.id),
                        "kind": diff.kind,
                        "number": provision_number(diff),
                        "note": provision_note(diff, labels),
                        "html": _inline(diff.ops, labels),
                    }
                    | _rolling(article.marked.get(diff.id), notes.get(article.key, ""))
                    for diff in article.provisions
                ],
                "footnotes": [
                    {
                        "id": f"{notes.get(article.key)}-{n.number}",
                        "number": n.number,
                        "text": n.text,
                    }
                    for n in article.footnotes
                ],
            }
            for article in flow.articles
        ],
    }


def _rolling(marked: Marked | None, prefix: str) -> dict[str, Any]:
    """A rolling text's provision: its words with square brackets, each closing one
    followed by its footnote's number (a link), and the lines written under it."""
    if marked is None:
        return {"rolling": None}
    return {
        "html": _pieces(marked.pieces, prefix),
        "rolling": {
            "status": marked.status,
            "status_text": marked.status_text,
            "remarks": [
                {"text": r.text, "ref": _ref(r.note, prefix) if r.note else ""}
                for r in marked.remarks
            ],
            "alternatives": [
                {
                    "label": a.label,
                    "text": a.text,
                    "lang": a.language,
                    "dir": direction(a.language),
                    "ref": _ref(a.note, prefix) if a.note else "",
                }
                for a in marked.alternatives
            ],
        },
    }


def _ref(number: int, prefix: str) -> Markup:
    return Markup(  # noqa: S704 - a number and an id made of letters, digits and "_-"
        f'<sup class="fn"><a href="#{prefix}-{number}" id="{prefix}-ref-{number}">'
        f"{number}</a></sup>"
    )


def _pieces(pieces: Iterable[Piece], prefix: str) -> Markup:
    out = Markup()
    for piece in pieces:
        if piece.kind == "text":
            out += piece.text  # escaped by Markup's +
        elif piece.kind == "open":
            out += "["
        else:
            out += Markup("]") + _ref(piece.number, prefix)
    return out


def page_source(
    document: Exportable, lang: str, labels: Labels, templates_dir: Path | None, *, pdf: bool
) -> str:
    """The page's source; ``pdf``: the print layout."""
    context = _html_context(document, lang, labels)
    context["pdf"] = pdf
    template = _environment(templates_dir or TEMPLATES_DIR).get_template(context["template"])
    return template.render(context)


def render(
    document: Exportable, lang: str, labels: Labels, *, templates_dir: Path | None = None
) -> bytes:
    """A standalone page: styles inline, no script, nothing fetched."""
    return page_source(document, lang, labels, templates_dir, pdf=False).encode("utf-8")

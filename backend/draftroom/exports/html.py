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
from draftroom.exports.documents import Exportable, Labels, TextDocument
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
    return base | {
        "template": "exports/text.html",
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
                    for diff in article.provisions
                ],
            }
            for article in flow.articles
        ],
    }


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

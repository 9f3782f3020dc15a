"""Spreadsheets: one grid feeds XLSX and CSV, so both have the same columns. Changes are
written ``[+inserted+]`` and ``[-deleted-]`` (a cell holds no formatting a CSV keeps)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from draftroom.comparisons.results import SynopticTable
from draftroom.exports.common import (
    column_title,
    flow_of,
    iso_date,
    missing_lines,
    provision_note,
    provision_number,
    shown,
)
from draftroom.exports.documents import Exportable, Labels
from draftroom.text.diff import Op, ProvisionDiff


@dataclass(frozen=True)
class Grid:
    title: str
    header: list[list[str]]  # one or more header rows
    rows: list[list[str]]
    widths: list[int]
    text_columns: frozenset[int]  # columns holding the text (its language and direction)
    illustrative: bool
    frozen_columns: int = 0
    notes: list[str] = field(default_factory=list)  # title, label, illustrative, legend


def grid_of(document: Exportable, labels: Labels) -> Grid:
    if isinstance(document, SynopticTable):
        return _synoptic_grid(document, labels)
    flow = flow_of(document, labels)
    notes = [flow.title, flow.subtitle]
    if flow.illustrative:
        notes.append(labels.illustrative)
    if flow.missing:
        notes += [labels.missing, *missing_lines(document, labels)]
    if not flow.comparison:
        # The articles not in this language come first, one row each, so no reader of the
        # sheet (or of the CSV, which has no other page) can miss them.
        rows = [[m.number, m.heading, "", labels.not_translated, m.key] for m in flow.missing]
        rows += [
            [a.number, _new(a.heading), provision_number(d), _new(d.ops), d.id]
            for a in flow.articles
            for d in a.provisions
        ]
        return Grid(
            flow.title,
            [
                [
                    labels.article_column,
                    labels.heading,
                    labels.provision,
                    labels.text,
                    labels.provision_id,
                ]
            ],
            rows,
            [10, 30, 10, 90, 28],
            frozenset({1, 3}),
            flow.illustrative,
            notes=notes,
        )
    notes.append(labels.legend_markers)
    rows = []
    for article in flow.articles:
        if article.heading:
            rows.append(
                [
                    article.number,
                    labels.heading,
                    labels.changed if any(o.kind != "equal" for o in article.heading)
                    else labels.unchanged,
                    _old(article.heading),
                    _new(article.heading),
                    _marked(article.heading),
                    article.key,
                ]
            )  # fmt: skip
        for d in article.provisions:
            rows.append(
                [article.number, provision_number(d), _change(d, labels), _old(d.ops), _new(d.ops),
                 _marked(d.ops), d.id]
            )  # fmt: skip
    return Grid(
        flow.title,
        [
            [
                labels.article_column,
                labels.provision,
                labels.change,
                flow.before_label,
                flow.after_label,
                labels.changes,
                labels.provision_id,
            ]
        ],
        rows,
        [10, 10, 18, 60, 60, 70, 28],
        frozenset({3, 4, 5}),
        flow.illustrative,
        notes=notes,
    )


def _synoptic_grid(table: SynopticTable, labels: Labels) -> Grid:
    columns = table.columns
    blank = [""] * len(columns)
    header = [
        [labels.provision, f"{labels.base_text} ({table.base_label})"]
        + [column_title(c, labels) for c in columns]
        + [labels.decision, labels.provision_id],
        [labels.delegation, ""] + [c.delegation for c in columns] + ["", ""],
        [labels.tabled, ""] + [iso_date(c.tabled_at) for c in columns] + ["", ""],
        [labels.cosponsors, ""] + ["; ".join(c.cosponsors) for c in columns] + ["", ""],
        [labels.status, ""] + [c.status_label for c in columns] + ["", ""],
    ]
    rows = []
    for row in table.rows:
        cells = list(blank)
        for i, diff in enumerate(row.cells):
            if diff is not None:
                note = provision_note(diff, labels)
                cells[i] = f"[{note}] {_marked(diff.ops)}" if note else _marked(diff.ops)
        rows.append([row.number, row.base_text or "", *cells, row.outcome or "", row.provision_id])
    title = " ".join(filter(None, [labels.article.format(number=table.number), table.heading]))
    notes = [table.title, title, labels.synoptic_table, table.base_label]
    if table.illustrative:
        notes.append(labels.illustrative)
    notes.append(labels.legend_markers)
    return Grid(
        title,
        header,
        rows,
        [12, 50, *[45] * len(columns), 50, 28],
        frozenset({1, *range(2, 2 + len(columns)), 2 + len(columns)}),
        table.illustrative,
        frozen_columns=2,
        notes=notes,
    )


def _change(diff: ProvisionDiff, labels: Labels) -> str:
    """The change column of a spreadsheet: always says something, "unchanged" included."""
    note = provision_note(diff, labels)
    if diff.kind in ("changed", "unchanged"):
        word = labels.changed if diff.text_changed else labels.unchanged
        return f"{word}; {note}" if note else word
    return note


def _marked(ops: Iterable[Op]) -> str:
    """A diff as plain text: ``[+inserted+]``, ``[-deleted-]``."""
    parts = []
    for op in ops:
        if op.kind == "insert":
            parts.append(f"[+{shown(op)}+]")
        elif op.kind == "delete":
            parts.append(f"[-{shown(op)}-]")
        else:
            parts.append(op.text)
    return "".join(parts)


def _old(ops: Iterable[Op]) -> str:
    return "".join(op.text for op in ops if op.kind != "insert")


def _new(ops: Iterable[Op]) -> str:
    return "".join(op.text for op in ops if op.kind != "delete")

"""Display helpers for comparisons: a diff as inline HTML with its hidden labels, one side
of a side-by-side view, a comparison's rows as the templates show them."""

from __future__ import annotations

from typing import Any

from draftroom.comparisons.results import ArticleComparison
from draftroom.instruments.present import display_number
from draftroom.kit.i18n import _
from draftroom.text.diff import Op, render_inline


def inline(ops: tuple[Op, ...] | list[Op]) -> str:
    return render_inline(ops, _("inserted") + ": ", _("deleted") + ": ")


def side_html(ops: tuple[Op, ...] | list[Op], keep: str) -> str:
    """One side of a side-by-side view: the other side's changes left out."""
    return inline([op for op in ops if op.kind in ("equal", keep)])


def rows(comparison: ArticleComparison) -> list[dict[str, Any]]:
    found = []
    for change in comparison.provisions:
        found.append(
            {
                "id": change.id,
                "kind": change.kind,
                "renumbered": change.renumbered,
                "old_number": display_number(change.old_number or ""),
                "number": display_number(change.new_number or change.old_number or ""),
                "inline": inline(change.ops),
                "before": side_html(change.ops, "delete"),
                "after": side_html(change.ops, "insert"),
            }
        )
    return found

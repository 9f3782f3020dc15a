"""Display helpers for amendments and rounds: a proposal's diff as the templates show it,
the countdown to a deadline, the notice on a sub-amendment whose parent left the table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.lists import format_list

from draftroom.instruments.present import display_number
from draftroom.kit.i18n import _, current_locale, ngettext
from draftroom.models.base import utcnow
from draftroom.text.diff import diff_provisions, diff_words, render_inline
from draftroom.text.provisions import ProvisionText


def diff_rows(base: list[ProvisionText], proposed: list[ProvisionText]) -> list[dict[str, Any]]:
    """Per provision: what happened to it and its inline diff, for the templates."""
    inserted, deleted = _("inserted") + ": ", _("deleted") + ": "
    rows = []
    for change in diff_provisions(base, proposed):
        rows.append(
            {
                "id": change.id,
                "kind": change.kind,
                "number": display_number(
                    change.new_number if change.new_number is not None else change.old_number or ""
                ),
                "old_number": display_number(change.old_number or ""),
                "renumbered": change.renumbered,
                "html": render_inline(change.ops, inserted, deleted),
            }
        )
    return rows


def heading_diff(old: str, new: str | None) -> str:
    return render_inline(
        diff_words(old, new if new is not None else old), _("inserted") + ": ", _("deleted") + ": "
    )


def countdown(deadline: datetime, now: datetime | None = None) -> str:
    """ "4 days, 2 hours and 51 minutes left", in the reader's language, with plural forms."""
    seconds = int((deadline - (now or utcnow())).total_seconds())
    if seconds <= 0:
        return _("The deadline has passed.")
    if seconds < 60:
        return _("less than a minute left")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(num)d day", "%(num)d days", days) % {"num": days})
    if hours:
        parts.append(ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours})
    if minutes:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes})
    return _("%(time)s left") % {"time": format_list(parts, locale=current_locale())}


def countdown_words() -> dict[str, str]:
    """What the countdown script needs to keep the text in the reader's language: the
    sentence around the units (the units themselves come from the browser's Intl)."""
    return {
        "left": _("%(time)s left"),
        "soon": _("less than a minute left"),
        "passed": _("The deadline has passed."),
    }

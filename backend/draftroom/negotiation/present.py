"""The rolling text's words in the reader's language: status names, labels, footnotes."""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list

from draftroom.kit.i18n import _, _l, current_locale, lazy_pgettext
from draftroom.models import AgreementStatus, AlternativeStatus, BracketStatus

A = AgreementStatus

STATUS_NAMES = {
    # Not a round's "open" (in progress): a paragraph not yet agreed.
    A.open: lazy_pgettext("negotiation", "open"),
    A.bracketed: _l("bracketed"),
    A.ad_referendum: _l("agreed ad referendum"),
    A.agreed: _l("agreed"),
    A.deleted: _l("deleted"),
}

BRACKET_STATUS_NAMES = {
    BracketStatus.requested: _l("requested"),
    BracketStatus.placed: _l("placed"),
    BracketStatus.lifted: _l("lifted"),
    BracketStatus.declined: _l("declined"),
}

ALTERNATIVE_STATUS_NAMES = {
    AlternativeStatus.open: lazy_pgettext("negotiation", "open"),
    AlternativeStatus.chosen: _l("chosen"),
    AlternativeStatus.retired: _l("retired"),
}

# The order statuses are counted and shown in, from furthest to nearest agreement.
ORDER = (A.open, A.bracketed, A.ad_referendum, A.agreed, A.deleted)


def status_name(status: AgreementStatus) -> str:
    return str(STATUS_NAMES[status])


def alternative_label(number: int) -> str:
    """ "Alt. 2": the text as it stands is Alt. 1."""
    return _("Alt. {number}").format(number=number)


def pending() -> str:
    """What the clean text shows for a provision not yet agreed."""
    return _("[pending]")


def deleted() -> str:
    """What the rolling and clean texts show for a provision deleted by agreement."""
    return _("[Deleted]")


def names(delegations: Sequence[str]) -> str:
    """Delegations listed as the reader's language lists things: "France, Mexico and
    Egypt" (Arabic joins with "و", Chinese with "、" and "和")."""
    if not delegations:
        return ""
    return str(format_list(list(delegations), locale=current_locale()))


def cell(delegations: Sequence[str]) -> str:
    """Delegations in a spreadsheet cell: a plain list, to filter and sort on."""
    return ", ".join(delegations)


def bracket_note(delegations: Sequence[str], reasons: Sequence[str]) -> str:
    """The footnote of a bracket: who asked for it (and why), or the secretariat."""
    if not delegations:
        return _("Bracketed by the secretariat.")
    text = _("Bracketed at the request of {delegations}.").format(delegations=names(delegations))
    shown = [r for r in reasons if r]
    return f"{text} {' '.join(shown)}" if shown else text


def alternative_note(label: str, supporters: Sequence[str], amendment: int | None) -> str:
    """The footnote of an alternative: its supporters and the proposal it came from."""
    if amendment is not None and supporters:
        return _("{label}: proposal {number}, supported by {delegations}.").format(
            label=label, number=amendment, delegations=names(supporters)
        )
    if supporters:
        return _("{label}: supported by {delegations}.").format(
            label=label, delegations=names(supporters)
        )
    return _("{label}: proposed by the secretariat.").format(label=label)


def status_note(status: AgreementStatus, confirm: Sequence[str], confirmed: Sequence[str]) -> str:
    """What the rolling text says beside a provision's status."""
    if status is A.ad_referendum and confirm:
        waiting = [d for d in confirm if d not in confirmed]
        return _("Agreed ad referendum: awaiting confirmation from {delegations}.").format(
            delegations=names(waiting)
        )
    return status_name(status)


def changed_note(seq: int) -> str:
    return _("Agreed on version {seq}; the words have changed since: open again.").format(seq=seq)


def not_found_note(quote: str) -> str:
    return _("Bracketed words not found in this text: “{quote}”.").format(quote=quote)


def no_span_note() -> str:
    return _("Bracketed in the source text; not yet marked in this language.")

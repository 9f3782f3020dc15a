"""Who may see, edit, table, co-sponsor and decide amendments: one rule set for the API,
the pages and (later) the live stream."""

from __future__ import annotations

from draftroom.journal.service import PUBLIC, SECRETARIAT, delegation_visibility
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden, NotFound
from draftroom.kit.i18n import _l
from draftroom.models import Amendment, AmendmentStatus, Role

DECIDERS = frozenset({Role.secretariat, Role.admin})


def is_member(actor: Actor, delegation_id: int) -> bool:
    """A participant acting for this delegation."""
    return (
        actor.is_active and actor.role is Role.participant and actor.delegation_id == delegation_id
    )


def is_proposer(actor: Actor, amendment: Amendment) -> bool:
    return is_member(actor, amendment.delegation_id)


def is_decider(actor: Actor) -> bool:
    return actor.is_active and actor.role in DECIDERS


def can_see(actor: Actor, amendment: Amendment) -> bool:
    """A draft is visible only inside its delegation; everything tabled is visible to all."""
    if amendment.status is AmendmentStatus.draft:
        return is_proposer(actor, amendment)
    return actor.is_active


def require_see(actor: Actor, amendment: Amendment) -> None:
    # Someone else's draft does not exist, as far as the reader can tell.
    if not can_see(actor, amendment):
        raise NotFound(_l("No amendment {number}."), number=amendment.number)


def can_see_note(actor: Actor, amendment: Amendment) -> bool:
    """The note to the secretariat: the proposing delegation and the secretariat only, on
    every path (API, pages, exports, live)."""
    return can_see(actor, amendment) and (is_proposer(actor, amendment) or is_decider(actor))


def can_see_step(actor: Actor, amendment: Amendment, visibility: str) -> bool:
    """A step of the amendment's timeline (a journal row): drafting steps stay inside the
    delegation, the secretariat's own notes with the secretariat."""
    if not can_see(actor, amendment):
        return False
    if visibility == PUBLIC:
        return True
    if visibility == SECRETARIAT:
        return is_decider(actor)
    return is_proposer(actor, amendment) and visibility == delegation_visibility(
        amendment.delegation_id
    )


def can_propose(actor: Actor) -> bool:
    return actor.is_active and actor.role is Role.participant and actor.delegation_id is not None


def require_propose(actor: Actor) -> None:
    if not can_propose(actor):
        raise Forbidden(_l("Only a delegation's participants propose amendments."))


def require_proposer(actor: Actor, amendment: Amendment) -> None:
    require_see(actor, amendment)
    if not is_proposer(actor, amendment):
        raise Forbidden(_l("Only the proposing delegation may do this."))


def require_decider(actor: Actor) -> None:
    if not is_decider(actor):
        raise Forbidden(_l("Only the secretariat decides on amendments."))


def can_cosponsor(actor: Actor, amendment: Amendment) -> bool:
    return (
        can_propose(actor)
        and actor.delegation_id != amendment.delegation_id
        and amendment.status in (AmendmentStatus.tabled, AmendmentStatus.under_review)
    )


def can_manage_rounds(actor: Actor) -> bool:
    return is_decider(actor)


def require_manage_rounds(actor: Actor) -> None:
    if not can_manage_rounds(actor):
        raise Forbidden(_l("Only the secretariat opens and closes amendment rounds."))


def can_translate(actor: Actor, amendment: Amendment) -> bool:
    """Translations of a proposal: the secretariat, and the proposing delegation."""
    return can_see(actor, amendment) and (is_decider(actor) or is_proposer(actor, amendment))


def require_translate(actor: Actor, amendment: Amendment) -> None:
    require_see(actor, amendment)
    if not can_translate(actor, amendment):
        raise Forbidden(
            _l("Only the secretariat and the proposing delegation translate a proposal.")
        )

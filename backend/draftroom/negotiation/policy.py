"""Who may read and change the state of the negotiation: delegations ask (brackets, support,
confirmations), the secretariat decides, observers read what a milestone froze."""

from __future__ import annotations

from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import _l
from draftroom.models import Role

DECIDERS = frozenset({Role.secretariat, Role.admin})


def can_decide(actor: Actor) -> bool:
    """The chair's decisions: statuses, placing and lifting brackets, alternatives."""
    return actor.is_active and actor.role in DECIDERS


def require_decide(actor: Actor) -> None:
    if not can_decide(actor):
        raise Forbidden(
            _l("Only the secretariat decides the status, brackets and alternatives of the text.")
        )


def can_ask(actor: Actor) -> bool:
    """A delegation's requests: brackets, support for a bracket or an alternative, the
    confirmation of an agreement ad referendum."""
    return actor.is_active and actor.role is Role.participant and actor.delegation_id is not None


def require_ask(actor: Actor) -> int:
    if not can_ask(actor) or actor.delegation_id is None:
        raise Forbidden(_l("Only a member of a delegation asks for this on its behalf."))
    return actor.delegation_id


def can_request_bracket(actor: Actor) -> bool:
    return can_ask(actor) or can_decide(actor)


def can_read_working(actor: Actor) -> bool:
    """The rolling text as it stands now: everyone but observers, who read it as a published
    milestone froze it."""
    return actor.is_active and actor.role is not Role.observer


def require_read_working(actor: Actor) -> None:
    if not can_read_working(actor):
        raise Forbidden(
            _l("Observers read the rolling text of a published milestone: choose a milestone.")
        )

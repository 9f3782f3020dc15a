"""Who may do what in a meeting: the secretariat chairs; a delegation's members ask for its
floor; everyone signed in, observers included, follows and reads."""

from __future__ import annotations

from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import _l
from draftroom.models import Meeting, Role

CHAIRS = frozenset({Role.secretariat, Role.admin})


def can_chair(actor: Actor) -> bool:
    return actor.is_active and actor.role in CHAIRS


def require_chair(actor: Actor) -> None:
    if not can_chair(actor):
        raise Forbidden(_l("Only the secretariat chairs a meeting."))


def can_ask_floor(actor: Actor, meeting: Meeting) -> bool:
    """A member of a delegation taking part (every delegation, when the meeting names none)."""
    return (
        actor.is_active
        and actor.role is Role.participant
        and actor.delegation_id is not None
        and (not meeting.delegations or actor.delegation_id in meeting.delegations)
    )


def require_ask_floor(actor: Actor, meeting: Meeting) -> int:
    if not can_ask_floor(actor, meeting) or actor.delegation_id is None:
        raise Forbidden(_l("Only a member of a delegation taking part asks for its floor."))
    return actor.delegation_id


def can_follow(actor: Actor) -> bool:
    return actor.is_active

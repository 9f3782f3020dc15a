"""Who may do what with instruments, articles and milestones."""

from __future__ import annotations

from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden, Unauthenticated
from draftroom.kit.i18n import _l
from draftroom.models import Role

EDITORS = frozenset({Role.secretariat, Role.admin})


def can_publish(user: Actor) -> bool:
    return user.is_active and user.role in EDITORS


def require_publish(user: Actor) -> None:
    if not can_publish(user):
        raise Forbidden(_l("Only the secretariat publishes versions and milestones."))


def can_read_drafts(user: Actor) -> bool:
    """Observers read the published milestones only; everyone else also the working drafts."""
    return user.is_active and user.role is not Role.observer


def require_drafts(user: Actor) -> None:
    if not can_read_drafts(user):
        raise Forbidden(_l("Observers read the published milestones: choose a milestone to read."))


def can_read(user: Actor | None) -> bool:
    """Every signed-in account reads the published text; observers only read."""
    return user is not None and user.is_active


def require_read(user: Actor | None) -> Actor:
    if user is None or not can_read(user):
        raise Unauthenticated()
    return user


def can_remove(user: Actor) -> bool:
    """Removing a whole instrument is an administrator's act, not the secretariat's."""
    return user.is_active and user.role is Role.admin


def require_remove(user: Actor) -> None:
    if not can_remove(user):
        raise Forbidden(_l("Only an administrator removes an instrument."))

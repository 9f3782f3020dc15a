"""Who may administer delegations, users, roles and tokens."""

from __future__ import annotations

from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import _l
from draftroom.models import Role


def can_administer(actor: Actor) -> bool:
    return actor.is_active and actor.role is Role.admin


def require_administer(actor: Actor) -> None:
    if not can_administer(actor):
        raise Forbidden(_l("Only an administrator manages delegations, users and roles."))

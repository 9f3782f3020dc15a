"""Who may do what with instruments, articles and milestones."""

from __future__ import annotations

from draftroom.kit.errors import Forbidden
from draftroom.kit.i18n import _l
from draftroom.models import Role, User

EDITORS = frozenset({Role.secretariat, Role.admin})


def can_publish(user: User) -> bool:
    return user.is_active and user.role in EDITORS


def require_publish(user: User) -> None:
    if not can_publish(user):
        raise Forbidden(_l("Only the secretariat publishes versions and milestones."))

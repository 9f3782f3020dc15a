"""Who may bring a Word file in as proposals, and whose: a delegation's participants for
their own delegation, the secretariat on a delegation's behalf; observers never."""

from __future__ import annotations

from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden, InvalidInput
from draftroom.kit.i18n import _l
from draftroom.models import Role, WordImport

SECRETARIAT = frozenset({Role.secretariat, Role.admin})


def can_import(actor: Actor) -> bool:
    if not actor.is_active:
        return False
    if actor.role is Role.participant:
        return actor.delegation_id is not None
    return actor.role in SECRETARIAT


def require_can_import(actor: Actor) -> None:
    if not can_import(actor):
        raise Forbidden(
            _l("Only a delegation's participants, or the secretariat for them, import proposals.")
        )


def require_import(actor: Actor, delegation_id: int | None) -> int:
    """The delegation the proposals will belong to."""
    require_can_import(actor)
    if actor.role is Role.participant:
        assert actor.delegation_id is not None
        if delegation_id is not None and delegation_id != actor.delegation_id:
            raise Forbidden(_l("A delegation imports proposals only for itself."))
        return actor.delegation_id
    if delegation_id is None:
        raise InvalidInput(_l("Say which delegation the proposals are from.")).at("delegation")
    return delegation_id


def can_see(actor: Actor, row: WordImport) -> bool:
    """The delegation's participants, the uploader and the secretariat."""
    if not actor.is_active:
        return False
    if actor.role in SECRETARIAT:
        return True
    return actor.role is Role.participant and actor.delegation_id == row.delegation_id


def require_change(actor: Actor, row: WordImport) -> None:
    if not can_see(actor, row) or not can_import(actor):
        raise Forbidden(_l("Only the delegation or the secretariat may decide on this import."))

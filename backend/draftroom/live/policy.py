"""Which journal events a live reader receives: checked for every event, every reader."""

from __future__ import annotations

from typing import Any, Protocol

from draftroom.identity.principal import Principal
from draftroom.journal.kinds import HIDDEN_FROM_OBSERVERS
from draftroom.journal.service import PUBLIC, SECRETARIAT, delegation_visibility
from draftroom.models import Role

SECRETARIAT_ROLES = frozenset({Role.secretariat, Role.admin})


class Event(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def actor_id(self) -> int | None: ...

    @property
    def visibility(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...


def may_receive(reader: Principal, event: Event) -> bool:
    """The same rule as the pages: a delegation's drafts and internal comments stay inside
    it, secretariat notes with the secretariat; observers follow published texts only."""
    if not reader.is_active:
        return False
    if reader.role is Role.observer and event.kind in HIDDEN_FROM_OBSERVERS:
        return False
    if event.actor_id == reader.id:
        return True
    if event.visibility == PUBLIC:
        return True
    if event.visibility == SECRETARIAT:
        return reader.role in SECRETARIAT_ROLES
    return reader.delegation_id is not None and event.visibility == delegation_visibility(
        reader.delegation_id
    )

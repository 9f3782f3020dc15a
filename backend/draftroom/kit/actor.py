"""Whoever acts, as services, policies and the journal need them: a User row or a Principal.

Here in kit/ (not identity/) because the journal, below identity, records who acted."""

from __future__ import annotations

from typing import Protocol

from draftroom.models import Role


class Actor(Protocol):
    """What services and the journal need of whoever acts: a User row or a Principal."""

    @property
    def id(self) -> int: ...

    @property
    def delegation_id(self) -> int | None: ...

    @property
    def role(self) -> Role: ...

    @property
    def is_active(self) -> bool: ...

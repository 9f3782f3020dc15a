"""Who is asking, as every policy sees it (from a session cookie or a bearer token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

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


@dataclass(frozen=True)
class Principal:
    id: int
    name: str
    email: str
    role: Role
    delegation_id: int | None
    locale: str | None
    via: Literal["session", "token"]
    session_id: int | None = None
    csrf_token: str | None = None
    is_active: bool = True
    token_id: int | None = None
    # When the session lapses unless it is used again (a live connection closes then).
    expires_at: datetime | None = None
    # The account's time zone for the times it is shown; None: the browser's, else UTC.
    time_zone: str | None = None

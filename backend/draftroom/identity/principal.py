"""Who is asking, as every policy sees it (from a session cookie or a bearer token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from draftroom.models import Role


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

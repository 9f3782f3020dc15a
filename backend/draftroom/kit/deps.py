"""Request-scoped dependencies: settings, the unit of work, the reader's locale."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from draftroom.config import Settings
from draftroom.db import JOURNAL_ROWS, JOURNAL_SEQ, Database, unit_of_work

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Per-request values live in the ASGI scope (request.state may be the app's shared state).
PRINCIPAL_KEY = "draftroom.principal"


async def get_settings(request: Request) -> Settings:
    return cast(Settings, request.state.settings)


def get_database(request: HTTPConnection) -> Database:
    return cast(Database, request.state.db)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request; writes take SQLite's write lock up front."""
    db = get_database(request)
    sessions = db.read_sessions if request.method in SAFE_METHODS else db.write_sessions
    async with unit_of_work(sessions) as session:
        yield session
    if sessions is db.write_sessions:
        storage = getattr(request.state, "storage", None)
        if storage is not None and storage.failing:
            storage.recovered()
    # Committed: live readers hear of it now (rolled-back changes publish nothing).
    seq = session.info.get(JOURNAL_SEQ)
    live = getattr(request.state, "live", None)
    if seq is not None and live is not None:
        live.committed(seq, session.info.get(JOURNAL_ROWS, ()))


# scope="function": commit before the response is sent, so a failed commit is reported.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]

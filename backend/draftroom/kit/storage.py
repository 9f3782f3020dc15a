"""Storage that refuses writes (disk full, read-only database): told apart from other
database errors, remembered until writes work again, so ``/readyz`` can say not ready.

Nothing is lost meanwhile: the failed transaction rolled back, and the reader was told.
Recovery needs no restart: the next successful write, or a successful probe from
``/readyz``, clears the mark.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from draftroom.db import Database

# SQLite result codes (the low byte of an extended code).
SQLITE_READONLY = 8
SQLITE_FULL = 13
# PostgreSQL: insufficient resources (53xxx, disk full is 53100), read-only transaction.
PG_STATES = ("53", "25006")
# Below this much free space beside an SQLite file, writes are about to fail.
MIN_FREE_BYTES = 1 << 20
# The probe writes this much (and rolls it back): a write that needs new pages.
PROBE_BYTES = 64 * 1024
PROBE_ID = "draftroom-storage-probe"


def _free_bytes(database: str) -> int:
    return shutil.disk_usage(Path(database).resolve().parent).free


def is_storage_error(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (SQLITE_FULL, SQLITE_READONLY)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return isinstance(state, str) and state.startswith(PG_STATES)


@dataclass
class StorageHealth:
    """Whether the last write failed for lack of writable storage (per worker)."""

    failing_since: float | None = None

    def failed(self) -> None:
        if self.failing_since is None:
            self.failing_since = time.monotonic()

    def recovered(self) -> None:
        self.failing_since = None

    @property
    def failing(self) -> bool:
        return self.failing_since is not None

    async def probe(self, db: Database) -> bool:
        """True (and the mark cleared) when a write that needs new space would succeed."""
        engine = db.engine
        if engine.dialect.name == "sqlite" and engine.url.database:
            free = await asyncio.to_thread(_free_bytes, engine.url.database)
            if free < MIN_FREE_BYTES:
                return False
        try:
            async with db.write_sessions() as session:
                if engine.dialect.name == "sqlite":
                    # Allocates pages as a real write would; rolled back, never committed.
                    await session.execute(
                        text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                        {"v": PROBE_ID + "x" * PROBE_BYTES},
                    )
                else:
                    read_only = await session.scalar(
                        text("SELECT current_setting('transaction_read_only')")
                    )
                    if read_only == "on":
                        return False
                await session.rollback()
        except DBAPIError as exc:
            if is_storage_error(exc):
                return False
            raise
        self.recovered()
        return True

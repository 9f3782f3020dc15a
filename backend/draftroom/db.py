"""Engine and sessions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.

Write transactions on SQLite start with ``BEGIN IMMEDIATE``: a deferred transaction that
reads and then writes can fail with "database is locked" when two upgrade their locks at
once; taking the write lock up front makes writers queue on the busy timeout instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from draftroom.config import Settings

BEGIN_OPTION = "draftroom_begin"


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let us emit BEGIN ourselves (the driver's implicit BEGIN is always DEFERRED).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 15}, **kwargs)
        _install_sqlite_hooks(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


@dataclass(frozen=True)
class Database:
    """The engine and the two session factories: reads, and writes that lock up front."""

    engine: AsyncEngine
    read_sessions: async_sessionmaker[AsyncSession]
    write_sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> Database:
        write_engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        return cls(
            engine=engine,
            read_sessions=async_sessionmaker(engine, expire_on_commit=False),
            write_sessions=async_sessionmaker(write_engine, expire_on_commit=False),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls.from_engine(create_engine(settings.database_url))

    async def dispose(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: commit at the end, roll back on any error. Services only flush."""
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise

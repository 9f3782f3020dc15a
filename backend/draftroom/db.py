"""Engine and sessions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.

Write transactions on SQLite start with ``BEGIN IMMEDIATE``: a deferred transaction that
reads and then writes can fail with "database is locked" when two upgrade their locks at
once; taking the write lock up front makes writers queue on the busy timeout instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiosqlite
from sqlalchemy import Select, event
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler

from draftroom.config import Settings

BEGIN_OPTION = "draftroom_begin"
# A SELECT of any columns (SQLAlchemy 2.1 types its columns as a variadic tuple).
AnySelect = Select[*tuple[Any, ...]]
AUTOCOMMIT = "AUTOCOMMIT"


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
        if mode != AUTOCOMMIT:
            conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url, connect_args={"timeout": 15}, pool_reset_on_return=None, **kwargs
        )
        _install_sqlite_hooks(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def autocommit_options(engine: AsyncEngine) -> dict[str, str]:
    # SQLite connections are in driver autocommit already (we emit BEGIN ourselves); setting
    # the isolation level per checkout would cost two more round trips to its thread.
    if engine.dialect.name == "sqlite":
        return {BEGIN_OPTION: AUTOCOMMIT}
    return {"isolation_level": AUTOCOMMIT}


_COMPILED: dict[int, SQLCompiler] = {}


def _compiled_sqlite(statement: Select[Any], dialect: Dialect) -> SQLCompiler:
    # Statements on this path are module-level constants, so their id is a stable key.
    found = _COMPILED.get(id(statement))
    if found is None:
        found = _COMPILED[id(statement)] = statement.compile(dialect=dialect)
    return found


class SqliteReader:
    """One read-only aiosqlite connection, opened on first use."""

    def __init__(self, path: str):
        self.path = path
        self._connection: aiosqlite.Connection | None = None
        self._opening = asyncio.Lock()

    async def fetch(self, sql: str, params: list[Any]) -> list[Any]:
        if self._connection is None:
            async with self._opening:
                if self._connection is None:
                    connection = await aiosqlite.connect(self.path, isolation_level=None)
                    await connection.execute("PRAGMA query_only=ON")
                    await connection.execute("PRAGMA busy_timeout=15000")
                    self._connection = connection
        return list(await self._connection.execute_fetchall(sql, params))

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class Database:
    """The engine and the two session factories: reads, and writes that lock up front."""

    engine: AsyncEngine
    # Single-statement reads on the hot path, without BEGIN/COMMIT round trips (tests
    # bind a connection here so that these reads see their uncommitted transaction).
    autocommit: AsyncEngine | AsyncConnection
    read_sessions: async_sessionmaker[AsyncSession]
    write_sessions: async_sessionmaker[AsyncSession]
    sqlite_reader: SqliteReader | None = None

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> Database:
        write_engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        return cls(
            engine=engine,
            autocommit=engine.execution_options(**autocommit_options(engine)),
            read_sessions=async_sessionmaker(engine, expire_on_commit=False),
            write_sessions=async_sessionmaker(write_engine, expire_on_commit=False),
            sqlite_reader=SqliteReader(engine.url.database or "")
            if engine.dialect.name == "sqlite"
            else None,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls.from_engine(create_engine(settings.database_url))

    @asynccontextmanager
    async def autocommit_connection(self) -> AsyncIterator[AsyncConnection]:
        if isinstance(self.autocommit, AsyncConnection):
            yield self.autocommit
        else:
            async with self.autocommit.connect() as connection:
                yield connection

    async def first(self, statement: AnySelect, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row of a single-statement read, in autocommit.

        On an SQLite engine the compiled SQL goes to one dedicated read-only connection: one
        hop to its thread per read, instead of a pool checkout and four hops (cursor,
        execute, fetch, close) through the async adapter. WAL lets it read while others write.
        Values come back as the driver gives them (no type processing).
        """
        if self.sqlite_reader is not None and isinstance(self.autocommit, AsyncEngine):
            compiled = _compiled_sqlite(statement, self.engine.dialect)
            bound = compiled.construct_params(params)
            positional = [bound[name] for name in compiled.positiontup or ()]
            rows = await self.sqlite_reader.fetch(compiled.string, positional)
            return tuple(rows[0]) if rows else None
        async with self.autocommit_connection() as connection:
            row = (await connection.execute(statement, params)).first()
            return tuple(row) if row is not None else None

    async def scalar(self, statement: AnySelect, params: dict[str, Any]) -> Any:
        row = await self.first(statement, params)
        return row[0] if row else None

    async def dispose(self) -> None:
        if self.sqlite_reader is not None:
            await self.sqlite_reader.close()
        await self.engine.dispose()


# session.info key: the seq of the last journal row a transaction wrote.
JOURNAL_SEQ = "draftroom.journal_seq"


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

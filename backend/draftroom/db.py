"""Engine and sessions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.

Write transactions on SQLite start with ``BEGIN IMMEDIATE``: a deferred transaction that
reads and then writes can fail with "database is locked" when two upgrade their locks at
once; taking the write lock up front makes writers queue on the busy timeout instead.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiosqlite
from sqlalchemy import Select, event
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncAdapt_dbapi_cursor
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import EMPTY_DICT

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
        begin = None if mode == AUTOCOMMIT else f"BEGIN {mode}"
        driver = conn.connection.dbapi_connection
        if isinstance(driver, _OneTripConnection):
            driver.begin = begin  # sent with the transaction's first statement
        elif begin is not None:
            conn.exec_driver_sql(begin)


class _Executed:
    """What a statement left on its cursor, read in the driver's thread."""

    __slots__ = ("description", "lastrowid", "rowcount")

    def __init__(self, cursor: sqlite3.Cursor | None = None) -> None:
        self.description = cursor.description if cursor else None
        self.rowcount = cursor.rowcount if cursor else -1
        self.lastrowid = cursor.lastrowid if cursor else None

    def close(self) -> None:
        pass  # the sqlite3 cursor was closed in the driver's thread


def _run(
    connection: aiosqlite.Connection,
    begin: str | None,
    operation: str,
    parameters: Any,
    many: bool,
) -> tuple[_Executed, list[Any]]:
    cursor = connection._conn.cursor()
    try:
        if begin is not None:
            cursor.execute(begin)
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        return _Executed(cursor), cursor.fetchall() if cursor.description else []
    finally:
        cursor.close()


class _OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A statement in one trip to aiosqlite's thread.

    SQLAlchemy's adapter makes four (open a cursor, execute, fetch, close), each a hand-over
    to the driver's thread and back through the event loop: most of a small write's time.
    Here one function does all four in the driver's thread (as SQLAlchemy's own adapter
    reaches into aiosqlite's queue to set the isolation level). Streaming cursors are
    SQLAlchemy's own.
    """

    __slots__ = ()
    _awaitable_cursor_close = False

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = _Executed()  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> Any:
        adapted = self._adapt_connection
        assert isinstance(adapted, _OneTripConnection)
        async with adapted._execute_mutex:
            begin, adapted.begin = adapted.begin, None
            driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            executed, rows = await driver._execute(  # type: ignore[no-untyped-call]
                _run, driver, begin, operation, parameters, many
            )
        self._cursor, self._rows = executed, collections.deque(rows)
        return self

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._trip(operation, seq_of_parameters, many=True)


class _OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Also one trip fewer per transaction: its BEGIN goes with its first statement, and a
    transaction that sent none commits or rolls back without a trip."""

    __slots__ = ("begin",)
    _cursor_cls = _OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.begin: str | None = None

    def cursor(self, server_side: bool = False) -> AsyncAdapt_dbapi_cursor:
        if server_side and self.begin is not None:
            # A streaming cursor is SQLAlchemy's own: the transaction begins before it.
            begin, self.begin = self.begin, None
            self._cursor_cls(self).execute(begin)
        return super().cursor(server_side)

    def commit(self) -> None:
        if self.begin is None:
            super().commit()
        self.begin = None

    def rollback(self) -> None:
        if self.begin is None:
            super().rollback()
        self.begin = None


class _OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        return _OneTripConnection(self, super().connect(*arg, **kw)._connection)


# The one-trip adapter leans on two private hooks: aiosqlite's ``Connection._execute`` and
# the async cursor adapter of SQLAlchemy 2.1. Should a release move either, the engine falls
# back to SQLAlchemy's own adapter (slower, same behaviour); a test notices the fallback.
ONE_TRIP = hasattr(aiosqlite.Connection, "_execute") and hasattr(
    AsyncAdapt_aiosqlite_cursor, "_execute_async"
)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        if ONE_TRIP:
            kwargs["module"] = _OneTripDbapi(aiosqlite, sqlite3)
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


# session.info keys: the seq of the last journal row a transaction wrote, and the rows it
# wrote (the live hub's columns, in its order).
JOURNAL_SEQ = "draftroom.journal_seq"
JOURNAL_ROWS = "draftroom.journal_rows"


@event.listens_for(Session, "after_soft_rollback")
def _forget_journal_rows(session: Session, _previous: SessionTransaction) -> None:
    # What a rolled-back transaction wrote is never published.
    session.info.pop(JOURNAL_SEQ, None)
    session.info.pop(JOURNAL_ROWS, None)


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

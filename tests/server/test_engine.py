"""The SQLite engine's one-trip adapter keeps SQLite's transaction rules: a write transaction
holds the write lock from its first statement, a rolled-back one leaves nothing, and reads in
autocommit see only what was committed."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import column, func, select, table, text

from draftroom import db

Opened = tuple[db.Database, Path]
NOTES = table("notes", column("body"))


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Opened]:
    found = db.Database.from_engine(db.create_engine(f"sqlite+aiosqlite:///{tmp_path}/t.db"))
    async with found.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield found, tmp_path / "t.db"
    await found.dispose()


def test_the_installed_drivers_take_the_one_trip_path() -> None:
    # A release of aiosqlite or SQLAlchemy that moved the private hooks would silently turn
    # the faster path off: this says so.
    assert db.ONE_TRIP


async def test_a_write_holds_the_lock_from_its_first_statement(
    database: Opened,
) -> None:
    found, path = database
    async with found.write_sessions() as session:
        await session.execute(text("SELECT count(*) FROM notes"))  # a read, first
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO notes (body) VALUES ('other')")
        other.close()
        await session.execute(text("INSERT INTO notes (body) VALUES ('mine')"))
        await session.commit()
    check = sqlite3.connect(path)
    assert check.execute("SELECT body FROM notes").fetchall() == [("mine",)]
    check.close()


async def test_a_rolled_back_write_leaves_nothing_reads_see_commits(
    database: Opened,
) -> None:
    found, _path = database
    async with found.write_sessions() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('dropped')"))
        assert await found.scalar(select(func.count()).select_from(NOTES), {}) == 0
        await session.rollback()
    async with db.unit_of_work(found.write_sessions) as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
    assert await found.scalar(select(NOTES.c.body), {}) == "kept"
    async with found.read_sessions() as session:
        rows = (await session.execute(text("SELECT body FROM notes"))).all()
    assert [row[0] for row in rows] == ["kept"]

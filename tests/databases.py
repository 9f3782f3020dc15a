"""Throwaway databases for tests: an SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from sqlalchemy.engine import make_url

from draftroom.config import ROOT
from draftroom.health.service import alembic_config


@contextmanager
def fresh_database(server_url: str | None, folder: Path) -> Iterator[str]:
    """Yields the URL of an empty database; PostgreSQL ones are dropped afterwards."""
    if not server_url or server_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{folder / f'draftroom-{secrets.token_hex(4)}.db'}"
        return
    import psycopg

    url = make_url(server_url)
    name = f"draftroom_test_{secrets.token_hex(4)}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str, revision: str) -> None:
    """Run Alembic as `draftroom db upgrade` does (must not be called inside an event loop)."""
    config = alembic_config(ROOT / "migrations", url)
    if revision == "base":
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)

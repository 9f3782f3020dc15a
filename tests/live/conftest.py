"""Live tests run over a real server: `draftroom serve` on loopback, as users run it.

The database is SQLite, or PostgreSQL when ``DRAFTROOM_TEST_DATABASE_URL`` says so; the
broker is memory, or Redis when ``DRAFTROOM_TEST_REDIS_URL`` is set (`.ci/run` sets both).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.databases import fresh_database
from tests.fixtures.live import TEST_URL, Server, prepare, run_server


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    with fresh_database(TEST_URL, tmp_path_factory.mktemp("live-db")) as url:
        yield url, prepare(url)


@pytest.fixture(scope="module")
def server(
    prepared: tuple[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    url, tokens = prepared
    with run_server(url, tokens, tmp_path_factory.mktemp("live")) as running:
        yield running

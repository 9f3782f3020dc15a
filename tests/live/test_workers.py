"""Two workers behind one port, PostgreSQL and Redis: what is posted through one worker
reaches readers connected to the other (`draftroom serve --workers 2`).

Needs PostgreSQL and Redis (``DRAFTROOM_TEST_DATABASE_URL``, ``DRAFTROOM_TEST_REDIS_URL``):
marked ``multiworker`` and run by `.ci/run`, which starts both.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack

import pytest

from tests.fixtures.live import (
    REDIS_URL,
    TEST_URL,
    Live,
    Server,
    comment,
    next_message,
    reader,
    run_server,
    until_comment,
)

# One xdist worker runs every live server: they share the Redis channel.
pytestmark = [pytest.mark.multiworker, pytest.mark.xdist_group("live")]


@pytest.fixture(scope="module")
def two_workers(
    prepared: tuple[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    assert TEST_URL, "set DRAFTROOM_TEST_DATABASE_URL to PostgreSQL"
    assert TEST_URL.startswith("postgresql"), "two workers need PostgreSQL"
    assert REDIS_URL, "set DRAFTROOM_TEST_REDIS_URL"
    url, tokens = prepared
    with run_server(url, tokens, tmp_path_factory.mktemp("workers"), workers=2) as running:
        yield running


async def _on_both_workers(
    server: Server, stack: AsyncExitStack, article: str | None = None
) -> dict[str, list[Live]]:
    """Open readers until each worker holds some (the kernel picks the worker)."""
    by_worker: dict[str, list[Live]] = {}
    users = ["fr", "eg", "cn", "mx", "secretariat"]
    for n in range(40):
        live = await stack.enter_async_context(reader(server, users[n % 5], article=article))
        by_worker.setdefault(live.hello["worker"], []).append(live)
        if len(by_worker) == 2 and all(len(v) >= 2 for v in by_worker.values()):
            break
    assert len(by_worker) == 2, "every connection landed on one worker"
    return by_worker


@pytest.fixture
async def readers(two_workers: Server) -> AsyncIterator[dict[str, list[Live]]]:
    async with AsyncExitStack() as stack:
        yield await _on_both_workers(two_workers, stack)


async def test_a_comment_posted_on_one_worker_reaches_readers_on_the_other(
    two_workers: Server, readers: dict[str, list[Live]]
) -> None:
    posted = [(await comment(two_workers, "fr", f"Across workers {n}."))["id"] for n in range(20)]
    for lives in readers.values():
        for live in lives:
            found = await until_comment(live, posted[-1])
            got = [e["object"]["id"] for e in found if e["kind"] == "comment.created"]
            assert got == posted


async def test_presence_spans_the_workers(two_workers: Server) -> None:
    async with AsyncExitStack() as stack:
        by_worker = await _on_both_workers(two_workers, stack, article="art_9")
        first, *_ = next(iter(by_worker.values()))
        users = {live.who: worker for worker, lives in by_worker.items() for live in lives}
        everyone = {"fr": "FR", "eg": "EG", "cn": "CN", "mx": "MX", "secretariat": None}
        expected = sorted((everyone[who] or "") for who in users)
        async with asyncio.timeout(15):
            while True:
                presence = await next_message(first, "presence")
                shown = sorted((r["delegation"] or "") for r in presence["readers"])
                if shown == expected:
                    break
        assert len(set(users.values())) == 2  # the readers shown are on both workers

"""Brokers carry small notes between the workers: "the journal has reached seq N", and who
is reading what. In-process memory by default; Redis pub/sub when ``DRAFTROOM_REDIS_URL``
is set, so that every worker hears of every other worker's commits.

Notes carry ids, never bodies: each worker reads the rows from the journal itself. A broker
that fails (Redis down) logs it and keeps trying; the hub polls the journal meanwhile, so
delivery degrades to a short delay, never to a lost event or a failed request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

log = logging.getLogger("draftroom.live")

CHANNEL = "draftroom:live"
Handler = Callable[[str], Awaitable[None]]


class Broker(Protocol):
    healthy: bool

    async def start(self, handler: Handler) -> None:
        """Deliver every note published by any worker (this one too) to ``handler``."""

    async def publish(self, note: str) -> None:
        """Send a note to every worker; never raises."""

    async def close(self) -> None: ...


class MemoryBroker:
    """One process: a published note goes straight to this worker's handler."""

    healthy = True

    def __init__(self) -> None:
        self._handler: Handler | None = None

    async def start(self, handler: Handler) -> None:
        self._handler = handler

    async def publish(self, note: str) -> None:
        if self._handler is not None:
            await self._handler(note)

    async def close(self) -> None:
        self._handler = None


class RedisBroker:
    """Redis pub/sub: every worker subscribes to one channel; reconnects when Redis returns."""

    def __init__(self, url: str, retry_seconds: float = 1.0) -> None:
        import redis.asyncio as redis

        self._client = redis.Redis.from_url(
            url, socket_connect_timeout=2, socket_timeout=None, health_check_interval=10
        )
        self._retry = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self.healthy = False
        self._reported = False  # the outage was logged

    async def start(self, handler: Handler) -> None:
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._listen(handler, ready), name="redis-broker")
        # Wait briefly for the subscription, so that nothing published after start is missed;
        # if Redis is down the worker starts anyway and keeps trying.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), timeout=3)

    async def _listen(self, handler: Handler, ready: asyncio.Event) -> None:
        while True:
            try:
                async with self._client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    log.info("live: subscribed to Redis")
                    self.healthy, self._reported = True, False
                    ready.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            data = message["data"]
                            await handler(data.decode() if isinstance(data, bytes) else data)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any Redis or network failure: degrade and retry
                self._down(error)
                ready.set()
                await asyncio.sleep(self._retry)

    async def publish(self, note: str) -> None:
        try:
            await self._client.publish(CHANNEL, note)
        except Exception as error:
            self._down(error)

    def _down(self, error: Exception) -> None:
        if not self._reported:
            log.warning("live: Redis unavailable (%s); polling the journal meanwhile", error)
        self.healthy, self._reported = False, True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._client.aclose()


def make_broker(redis_url: str | None) -> Broker:
    return RedisBroker(redis_url) if redis_url else MemoryBroker()

"""The hub: this worker's live readers, fed from the journal.

A commit anywhere (this worker, another worker through the broker, the command line found
by polling) wakes the hub; it reads the journal rows after the last one it dispatched, in
seq order, and hands each to every reader of that instrument whom the policy lets see it.
Each reader has a bounded queue drained by its own connection, so one slow laptop never
holds up the room; a reader whose connection is idle (nothing queued or being sent) and can
take the message without waiting is written to at once, without waking its task. A reader
who (re)connects is registered first, then replayed what it missed from the journal, then
streamed; what arrives during the replay waits, and nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from draftroom.db import Database
from draftroom.identity.principal import Principal
from draftroom.journal.kinds import Closes, rule
from draftroom.live.broker import Broker
from draftroom.live.policy import may_receive
from draftroom.models import JournalEntry, JournalHead
from draftroom.models.base import utcnow

log = logging.getLogger("draftroom.live")

# Close codes (4000-4999 are the application's own).
GOING_AWAY = 1001
POLICY = 1008
TOO_BIG = 1009
TRY_LATER = 1013
SIGNED_OUT = 4401
ACCESS_CHANGED = 4403

QUEUE_LIMIT = 1000  # messages waiting for one reader; a reader this far behind is closed
BATCH = 500
POLL_SECONDS = 2.0  # catches commits the broker missed (Redis down, the command line)
MAX_MESSAGE_BYTES = 64 * 1024  # from a client
RATE_BURST = 30  # messages a user may send at once, refilled at RATE_PER_SECOND
RATE_PER_SECOND = 3.0
PRESENCE_REFRESH = 20.0
PRESENCE_TTL = 60.0

_COLUMNS = (
    JournalEntry.seq,
    JournalEntry.kind,
    JournalEntry.object_type,
    JournalEntry.object_id,
    JournalEntry.instrument_id,
    JournalEntry.payload,
    JournalEntry.visibility,
    JournalEntry.actor_id,
    JournalEntry.created_at,
)
_AFTER = (
    select(*_COLUMNS)
    .where(JournalEntry.seq > bindparam("after"))
    .order_by(JournalEntry.seq)
    .limit(BATCH)
)
_HEAD = select(JournalHead.seq).where(JournalHead.id == 1)


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    kind: str
    object_type: str
    object_id: int | None
    instrument_id: int | None
    payload: dict[str, Any]
    visibility: str
    actor_id: int | None
    created_at: datetime

    def message(self) -> str:
        return json.dumps(
            {
                "type": "event",
                "seq": self.seq,
                "kind": self.kind,
                "object": {"type": self.object_type, "id": self.object_id},
                "payload": self.payload,
                "at": self.created_at.isoformat(),
            },
            ensure_ascii=False,
        )


@dataclass(eq=False, slots=True)
class Reader:
    """One open websocket: who reads which instrument (and which article of it)."""

    principal: Principal
    instrument_id: int
    delegation: str | None
    article_id: int | None = None
    last_sent: int = 0
    ready: bool = False
    pending: list[tuple[int, str]] = field(default_factory=list)
    # Messages waiting to be sent by the connection (a plain deque and one future: an
    # asyncio.Queue per open page would cost several KiB).
    outbox: deque[str] = field(default_factory=deque)
    waiter: asyncio.Future[None] | None = None
    closing: tuple[int, str] | None = None
    # Writes a message on the socket now if it can take it without waiting; False: it can't
    # (then the message is queued). Set by the endpoint when the server allows it.
    write_now: Callable[[str], bool] | None = None

    def deliver(self, seq: int, message: str) -> None:
        if not self.ready:
            self.pending.append((seq, message))
        elif seq > self.last_sent:
            self.last_sent = seq
            self.push(message)

    def push(self, message: str) -> None:
        if (
            self.write_now is not None
            # Idle: its task waits for a message, so nothing is queued or half sent before
            # this one, and the order holds.
            and self.waiter is not None
            and not self.waiter.done()
            and self.closing is None
            and self.write_now(message)
        ):
            return
        if len(self.outbox) >= QUEUE_LIMIT:
            self.close(TRY_LATER, "too far behind")
            return
        self.outbox.append(message)
        self._wake()

    def close(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.closing = (code, reason)
            self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def next(self) -> str | None:
        """The next message to send; None once the connection is to close."""
        while not self.outbox and self.closing is None:
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter
            self.waiter = None
        if self.closing is not None:
            return None
        return self.outbox.popleft()

    def go_live(self, replayed: Sequence[Event]) -> None:
        """Send the replay, then whatever arrived meanwhile, in order and once each."""
        for event in replayed:
            if may_receive(self.principal, event) and event.seq > self.last_sent:
                self.last_sent = event.seq
                self.push(event.message())
        self.ready = True
        for seq, message in self.pending:
            self.deliver(seq, message)
        self.pending.clear()


class Hub:
    def __init__(self, db: Database, broker: Broker, replay_limit: int = 1000) -> None:
        self.db = db
        self.broker = broker
        self.replay_limit = replay_limit  # a longer gap answers "resync"
        self.worker = f"{os.getpid()}-{id(self):x}"
        self.readers: dict[int, set[Reader]] = defaultdict(set)
        # The last seq dispatched; None while nobody reads (nothing to read the journal for).
        self.cursor: int | None = None
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._buckets: dict[int, tuple[float, float]] = {}
        self._per_user: Counter[int] = Counter()  # open connections by user id
        # Presence heard from other workers: (worker, instrument, article) -> (time, readers).
        self._remote: dict[tuple[str, int, int], tuple[float, list[dict[str, Any]]]] = {}

    # --- life -------------------------------------------------------------------------

    async def start(self) -> None:
        await self.broker.start(self._heard)
        self._runner = asyncio.create_task(self._run(), name="live-hub")

    async def stop(self) -> None:
        for readers in self.readers.values():
            for reader in readers:
                reader.close(GOING_AWAY, "server restarting")
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        await self.broker.close()

    async def head(self) -> int:
        return int(await self.db.scalar(_HEAD, {}) or 0)

    def committed(self, seq: int, rows: Sequence[tuple[Any, ...]] = ()) -> None:
        """A transaction that wrote journal rows up to ``seq`` committed in this worker;
        ``rows`` are the rows it wrote (``_COLUMNS``), as it wrote them.

        When they follow the last row dispatched, they go to the readers now, without
        reading them back from the journal; otherwise (rows of another worker's not yet
        read) the journal is read in order.
        """
        if rows and self.cursor is not None and rows[0][0] == self.cursor + 1:
            for row in rows:
                event = Event(*row)
                self.cursor = event.seq
                self._dispatch(event)
        else:
            self._wake.set()
        self._spawn(self.broker.publish(json.dumps({"seq": seq})))

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _heard(self, note: str) -> None:
        try:
            data = json.loads(note)
            seq = data.get("seq")
            if isinstance(seq, int) and (self.cursor is None or seq > self.cursor):
                self._wake.set()  # not dispatched yet (this worker's own commits mostly are)
            presence = data.get("presence")
            if isinstance(presence, dict) and presence["worker"] != self.worker:
                instrument, article = int(presence["instrument"]), int(presence["article"])
                key = (str(presence["worker"]), instrument, article)
                self._remote[key] = (time.monotonic(), list(presence["readers"]))
                self._show_presence(instrument, article)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("live: ignored a note that is not ours: %.80r", note)

    async def _run(self) -> None:
        last_refresh = time.monotonic()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()
            if self.cursor is None:
                continue
            try:
                await self._dispatch_new()
                self._close_lapsed()
                if time.monotonic() - last_refresh > PRESENCE_REFRESH:
                    last_refresh = time.monotonic()
                    self._refresh_presence()
            except Exception:  # the database may be restarting: try again at the next wake
                log.exception("live: dispatching the journal failed")
                await asyncio.sleep(POLL_SECONDS)

    # --- the journal ------------------------------------------------------------------

    async def _dispatch_new(self) -> None:
        while self.cursor is not None:
            # One statement: no transaction around it.
            async with self.db.autocommit_connection() as connection:
                rows = (await connection.execute(_AFTER, {"after": self.cursor})).all()
            for row in rows:
                event = Event(*row)
                if self.cursor is not None and event.seq <= self.cursor:
                    continue  # dispatched by ``committed`` while this was read
                self.cursor = event.seq
                self._dispatch(event)
            if len(rows) < BATCH:
                break
        if not self.readers:
            self.cursor = None

    def _dispatch(self, event: Event) -> None:
        if event.instrument_id is None:
            self._control(event)
            return
        message: str | None = None
        for reader in self.readers.get(event.instrument_id, ()):
            if may_receive(reader.principal, event):
                message = message or event.message()
                reader.deliver(event.seq, message)

    def _control(self, event: Event) -> None:
        """Signing out, a revoked token or a changed role closes the connections concerned."""
        closes = rule(event.kind).closes
        if closes is None:
            return  # sign-ins, new accounts and tokens: nothing to close
        for reader in self.all_readers():
            who = reader.principal
            if closes is Closes.session and who.session_id == event.payload.get("session"):
                reader.close(SIGNED_OUT, "signed out")
            elif closes is Closes.token and who.token_id == event.object_id:
                reader.close(SIGNED_OUT, "token revoked")
            elif closes is Closes.user and who.id == event.object_id:
                reader.close(ACCESS_CHANGED, "access changed")
            elif (
                closes is Closes.password
                and who.id == event.object_id
                and who.session_id is not None
                and who.session_id != event.payload.get("kept_session")
            ):
                # The sessions the new password ended (the changing browser's own stays).
                reader.close(SIGNED_OUT, "password changed")

    def _close_lapsed(self) -> None:
        now = utcnow()
        for reader in self.all_readers():
            expires = reader.principal.expires_at
            if expires is not None and now >= expires:
                reader.close(SIGNED_OUT, "session lapsed")

    async def replay(self, instrument_id: int, after: int) -> list[Event] | None:
        """What happened on the instrument after ``after``; None if too much to replay."""
        async with self.db.read_sessions() as session:
            rows = (
                await session.execute(
                    select(*_COLUMNS)
                    .where(JournalEntry.instrument_id == instrument_id, JournalEntry.seq > after)
                    .order_by(JournalEntry.seq)
                    .limit(self.replay_limit + 1)
                )
            ).all()
        if len(rows) > self.replay_limit:
            return None
        return [Event(*row) for row in rows]

    # --- readers ----------------------------------------------------------------------

    def all_readers(self) -> list[Reader]:
        return [reader for readers in self.readers.values() for reader in readers]

    def allow(self, user_id: int) -> bool:
        """A token bucket per user, across all their connections to this worker."""
        now = time.monotonic()
        tokens, at = self._buckets.get(user_id, (RATE_BURST, now))
        tokens = min(RATE_BURST, tokens + (now - at) * RATE_PER_SECOND)
        allowed = tokens >= 1
        self._buckets[user_id] = (tokens - 1 if allowed else tokens, now)
        return allowed

    def count_for(self, user_id: int) -> int:
        return self._per_user[user_id]

    async def add(self, reader: Reader) -> int:
        """Register the reader (from now on it gets every event); returns the journal head."""
        self.readers[reader.instrument_id].add(reader)
        self._per_user[reader.principal.id] += 1
        head = await self.head()
        if self.cursor is None:
            self.cursor = head
            self._wake.set()  # anything committed while the head was read
        return head

    def remove(self, reader: Reader) -> None:
        readers = self.readers.get(reader.instrument_id)
        if readers is not None and reader in readers:
            readers.discard(reader)
            self._per_user[reader.principal.id] -= 1
            if not readers:
                del self.readers[reader.instrument_id]
        if reader.article_id is not None:
            self._presence_changed(reader.instrument_id, reader.article_id)

    def reading(self, reader: Reader, article_id: int | None) -> None:
        """The reader now has ``article_id`` open (None: no article)."""
        before, reader.article_id = reader.article_id, article_id
        if before is not None and before != article_id:
            self._presence_changed(reader.instrument_id, before)
        if article_id is not None:
            self._presence_changed(reader.instrument_id, article_id)

    # --- presence ---------------------------------------------------------------------

    def _local_presence(self, instrument_id: int, article_id: int) -> list[dict[str, Any]]:
        return [
            {"id": r.principal.id, "name": r.principal.name, "delegation": r.delegation}
            for r in self.readers.get(instrument_id, ())
            if r.article_id == article_id and r.ready
        ]

    def presence(self, instrument_id: int, article_id: int) -> list[dict[str, Any]]:
        """Everyone reading the article on any worker, once each, by name."""
        now = time.monotonic()
        everyone = self._local_presence(instrument_id, article_id)
        for (_worker, instrument, article), (heard, readers) in self._remote.items():
            if (instrument, article) == (instrument_id, article_id) and now - heard < PRESENCE_TTL:
                everyone.extend(readers)
        unique = {entry["id"]: entry for entry in everyone}
        return sorted(unique.values(), key=lambda e: (e["delegation"] or "", e["name"]))

    def _presence_changed(self, instrument_id: int, article_id: int) -> None:
        self._show_presence(instrument_id, article_id)
        self._publish_presence(instrument_id, article_id)

    def _publish_presence(self, instrument_id: int, article_id: int) -> None:
        note = {
            "presence": {
                "worker": self.worker,
                "instrument": instrument_id,
                "article": article_id,
                "readers": self._local_presence(instrument_id, article_id),
            }
        }
        self._spawn(self.broker.publish(json.dumps(note, ensure_ascii=False)))

    def _refresh_presence(self) -> None:
        now = time.monotonic()
        for key, (heard, _readers) in list(self._remote.items()):
            if now - heard > PRESENCE_TTL:
                del self._remote[key]  # a worker that stopped
        articles = {
            (r.instrument_id, r.article_id)
            for r in self.all_readers()
            if r.article_id is not None and r.ready
        }
        for instrument_id, article_id in articles:
            assert article_id is not None
            self._publish_presence(instrument_id, article_id)

    def _show_presence(self, instrument_id: int, article_id: int) -> None:
        readers = [
            r for r in self.readers.get(instrument_id, ()) if r.article_id == article_id and r.ready
        ]
        if not readers:
            return
        message = json.dumps(
            {
                "type": "presence",
                "article_id": article_id,
                "readers": [
                    {"name": e["name"], "delegation": e["delegation"]}
                    for e in self.presence(instrument_id, article_id)
                ],
            },
            ensure_ascii=False,
        )
        for reader in readers:
            reader.push(message)

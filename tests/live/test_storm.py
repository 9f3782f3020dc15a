"""The reconnect storm: 50 readers drop and come back at random while 500 comments are
posted; each ends with exactly the comments it may see, none lost, none twice, in order."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.fixtures.live import Server, comment, run_server

# One xdist worker runs every live server: they share the Redis channel (presence notes
# would cross between test runs), and the demo is prepared once.
pytestmark = pytest.mark.xdist_group("live")

CLIENTS = 50
COMMENTS = 500
POSTERS = ("fr", "eg", "cn", "mx", "secretariat")
READERS = ("fr", "eg", "cn", "mx", "observer", "secretariat", "admin")
VISIBILITIES = ("everyone", "everyone", "delegation", "secretariat")
ARTICLE = "art_8"


@pytest.fixture(scope="module")
def storm_server(
    prepared: tuple[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    url, tokens = prepared
    with run_server(
        url,
        tokens,
        tmp_path_factory.mktemp("storm"),
        DRAFTROOM_LIVE_CONNECTIONS_PER_USER="50",
    ) as running:
        yield running


class StormReader:
    def __init__(self, server: Server, who: str, start: int, seed: int) -> None:
        self.server, self.who, self.last = server, who, start
        self.rng = random.Random(seed)
        self.comments: list[int] = []
        self.seqs: list[int] = []
        self.resyncs = 0
        self.connections = 0

    def _handle(self, message: dict[str, Any]) -> None:
        if message["type"] == "resync":
            self.resyncs += 1
        if message["type"] != "event":
            return
        self.seqs.append(message["seq"])
        self.last = message["seq"]
        if message["kind"] == "comment.created" and message["payload"]["article"] == ARTICLE:
            self.comments.append(message["object"]["id"])

    async def _session(self, seconds: float) -> None:
        """One connection: read for ``seconds`` (until quiet, if None), then drop."""
        url = f"{self.server.ws}/instruments/model-law/live?last={self.last}"
        async with connect(url, additional_headers=self.server.headers(self.who)) as ws:
            self.connections += 1
            loop = asyncio.get_running_loop()
            until = loop.time() + seconds
            while (left := until - loop.time()) > 0:
                try:
                    self._handle(json.loads(await asyncio.wait_for(ws.recv(), left)))
                except TimeoutError:
                    break

    async def run(self, posting: asyncio.Event) -> None:
        while posting.is_set():
            with contextlib.suppress(ConnectionClosed):
                await self._session(self.rng.uniform(0.05, 0.8))
            await asyncio.sleep(self.rng.uniform(0, 0.3))  # offline for a moment

    async def drain(self, marker: dict[str, Any]) -> None:
        """Back for good: read up to the marker, written after every comment of the storm."""
        url = f"{self.server.ws}/instruments/model-law/live?last={self.last}"
        async with (
            asyncio.timeout(30),
            connect(url, additional_headers=self.server.headers(self.who)) as ws,
        ):
            while True:
                message = json.loads(await ws.recv())
                self._handle(message)
                if message["type"] == "event" and message["object"] == marker:
                    return


async def _post(server: Server, who: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    async with server.client(who) as http:
        for n in range(count):
            visibility = rng.choice(VISIBILITIES)
            if visibility == "delegation" and who == "secretariat":
                visibility = "everyone"
            response = await http.post(
                f"/instruments/model-law/articles/{ARTICLE}/comments",
                json={"body": f"Storm {who} {n}", "visibility": visibility},
            )
            assert response.status_code == 201, response.text


async def test_a_reconnect_storm_loses_and_repeats_nothing(storm_server: Server) -> None:
    async with storm_server.client("fr") as http:
        start = (await http.get("/instruments/model-law/articles/art_1")).status_code
        assert start == 200
    async with connect(
        f"{storm_server.ws}/instruments/model-law/live",
        additional_headers=storm_server.headers("admin"),
    ) as ws:
        head = json.loads(await ws.recv())["seq"]
    readers = [
        StormReader(storm_server, READERS[n % len(READERS)], head, seed=n) for n in range(CLIENTS)
    ]
    posting = asyncio.Event()
    posting.set()
    running = [asyncio.create_task(r.run(posting)) for r in readers]
    await asyncio.gather(
        *(
            _post(storm_server, who, COMMENTS // len(POSTERS), seed=i)
            for i, who in enumerate(POSTERS)
        )
    )
    posting.clear()
    await asyncio.gather(*running)
    # Every reader may see a public comment on another article: reading up to it proves
    # that all the storm's events have arrived (the journal is ordered).
    marker = await comment(storm_server, "secretariat", "Marker: the storm is over.")
    await asyncio.gather(*(r.drain({"type": "comment", "id": marker["id"]}) for r in readers))

    expected: dict[str, set[int]] = {}
    for who in READERS:
        async with storm_server.client(who) as http:
            listed = (await http.get(f"/instruments/model-law/articles/{ARTICLE}/comments")).json()
        expected[who] = {c["id"] for c in listed}
    assert len(set().union(*expected.values())) == COMMENTS
    assert len(expected["observer"]) < COMMENTS  # visibility hid something from some
    for r in readers:
        assert r.resyncs == 0
        assert r.connections > 1  # it really dropped and came back
        assert len(r.comments) == len(set(r.comments)), f"{r.who} got a comment twice"
        assert set(r.comments) == expected[r.who], f"{r.who} lost or saw what it may not"
        assert r.seqs == sorted(set(r.seqs)), f"{r.who} got events out of order"

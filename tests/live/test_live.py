"""Live delivery over a real server: who receives what, replay, refusals and closes."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.fixtures.live import (
    Server,
    arrived,
    closed_with,
    comment,
    next_message,
    reader,
    run_server,
    until_comment,
)

# One xdist worker runs every live server: they share the Redis channel (presence notes
# would cross between test runs), and the demo is prepared once.
pytestmark = pytest.mark.xdist_group("live")


def bodies(found: list[dict[str, object]]) -> list[int]:
    return [e["object"]["id"] for e in found if e["kind"] == "comment.created"]  # type: ignore[index]


async def test_a_comment_reaches_every_reader_who_may_see_it_and_no_one_else(
    server: Server,
) -> None:
    async with (
        reader(server, "fr") as fr,
        reader(server, "eg") as eg,
        reader(server, "observer") as observer,
        reader(server, "secretariat") as secretariat,
    ):
        public = await comment(server, "fr", "Paragraph 2 should cover cloud storage.")
        internal = await comment(server, "fr", "Our capital has doubts.", "delegation")
        for_secretariat = await comment(server, "eg", "A question on procedure.", "secretariat")
        found = await arrived(server, fr, eg, observer, secretariat)
        names = ("fr", "eg", "observer", "secretariat")
        seen = {name: bodies(events) for name, events in zip(names, found, strict=True)}
    assert seen["fr"] == [public["id"], internal["id"]]
    assert seen["eg"] == [public["id"], for_secretariat["id"]]
    assert seen["observer"] == [public["id"]]
    assert seen["secretariat"] == [public["id"], for_secretariat["id"]]


async def test_an_event_names_what_changed_and_where(server: Server) -> None:
    async with reader(server, "eg", article="art_2") as eg:
        made = await comment(server, "mx", "¿Y la prueba electrónica?", article="art_2")
        event = await next_message(eg, "event")
    assert event["kind"] == "comment.created"
    assert event["object"] == {"type": "comment", "id": made["id"]}
    assert event["payload"]["article"] == "art_2"
    assert event["seq"] > eg.hello["seq"]


async def test_a_delegations_draft_stays_inside_it_until_tabled(server: Server) -> None:
    async with reader(server, "fr") as fr, reader(server, "eg") as eg:
        async with server.client("fr") as http:
            article = (await http.get("/instruments/model-law/articles/art_3?text=en")).json()
            draft = await http.post(
                "/instruments/model-law/amendments",
                json={
                    "article": "art_3",
                    "language": "en",
                    "provisions": article["provisions"],
                    "heading": article["heading"] + " (revised)",
                    "justification": "Clarity.",
                },
            )
            assert draft.status_code == 201, draft.text
        fr_events, eg_events = await arrived(server, fr, eg)
        fr_kinds = [e["kind"] for e in fr_events]
        eg_kinds = [e["kind"] for e in eg_events]
    assert fr_kinds == ["amendment.created"]
    assert eg_kinds == []


async def test_a_reader_who_reconnects_gets_what_it_missed_once_in_order(server: Server) -> None:
    async with reader(server, "eg") as eg:
        await comment(server, "fr", "Before the drop.")
        await arrived(server, eg)
    missed = [(await comment(server, "fr", f"While away {n}."))["id"] for n in range(3)]
    async with reader(server, "eg", last=eg.last) as eg:
        replayed = await until_comment(eg, missed[-1])
        after = await comment(server, "fr", "Back again.")
        (streamed,) = await arrived(server, eg)
    assert bodies(replayed) == missed
    assert bodies(streamed) == [after["id"]]
    seqs = [e["seq"] for e in replayed + streamed]
    assert seqs == sorted(set(seqs))


async def test_too_long_a_gap_answers_resync(
    prepared: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, tokens = prepared
    with run_server(url, tokens, tmp_path, DRAFTROOM_LIVE_REPLAY_LIMIT="2") as small:
        async with reader(small, "eg") as eg:
            last = eg.hello["seq"]
        for n in range(3):
            await comment(small, "fr", f"Busy meeting {n}.")
        async with reader(small, "eg", last=last) as eg:
            resync = await next_message(eg, "resync")
            assert resync["seq"] == eg.hello["seq"] > last
            after = await comment(small, "fr", "After the reload.")
            (found,) = await arrived(small, eg)
            assert bodies(found) == [after["id"]]


@dataclass
class Refusal:
    status_code: int
    body: dict[str, str]

    def json(self) -> dict[str, str]:
        return self.body


async def _refused(server: Server, **options: object) -> Refusal:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"{server.ws}/instruments/model-law/live", **options):  # type: ignore[arg-type]
            pass
    response = refused.value.response
    return Refusal(response.status_code, json.loads(bytes(response.body or b"{}")))


async def test_a_foreign_origin_is_refused_in_the_readers_language(server: Server) -> None:
    response = await _refused(
        server,
        origin="https://evil.example",
        additional_headers=server.headers("observer", **{"Accept-Language": "fr"}),
    )
    assert response.status_code == 403
    assert response.json()["error"] == "ForeignOrigin"
    assert "autre site" in response.json()["detail"]
    assert "live: refused /api/v1/instruments/model-law/live" in server.log.read_text()


async def test_no_session_or_a_bad_token_is_refused(server: Server) -> None:
    assert (await _refused(server)).status_code == 401
    bad = await _refused(server, additional_headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.json()["error"] == "Unauthenticated"


async def test_an_unknown_instrument_or_article_is_refused(server: Server) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"{server.ws}/instruments/no-such-law/live",
            additional_headers=server.headers("fr", **{"Accept-Language": "zh"}),
        ):
            pass
    assert refused.value.response.status_code == 404
    assert "no-such-law" in json.loads(refused.value.response.body or b"{}")["detail"]
    with pytest.raises(InvalidStatus) as refused:
        async with reader(server, "fr", article="art_999"):
            pass
    assert refused.value.response.status_code == 404


async def test_too_many_connections_for_one_user_are_refused(server: Server) -> None:
    async with asyncio.TaskGroup() as group:
        opened = [group.create_task(_open(server)) for _ in range(10)]
    sockets = [task.result() for task in opened]
    try:
        response = await _refused(server, additional_headers=server.headers("cn"))
        assert response.status_code == 429
        assert response.json()["error"] == "TooManyConnections"
    finally:
        for socket_ in sockets:
            await socket_.close()


async def _open(server: Server):  # type: ignore[no-untyped-def]
    socket_ = await connect(
        f"{server.ws}/instruments/model-law/live", additional_headers=server.headers("cn")
    )
    await socket_.recv()
    return socket_


@pytest.mark.parametrize(
    ("sent", "code"),
    [
        ("x" * (64 * 1024 + 1), 1009),
        ("not json", 1007),
        ('{"type": "subscribe-to-everything"}', 1007),
    ],
    ids=["oversized", "not-json", "unknown-type"],
)
async def test_a_bad_message_closes_that_socket_only(server: Server, sent: str, code: int) -> None:
    async with reader(server, "mx") as bad, reader(server, "eg") as good:
        await bad.ws.send(sent)
        assert await closed_with(bad.ws) == code
        made = await comment(server, "fr", "Still here?")
        (found,) = await arrived(server, good)
        assert bodies(found) == [made["id"]]


async def test_a_flood_of_messages_closes_the_socket(server: Server) -> None:
    async with reader(server, "admin") as flood:
        with contextlib.suppress(ConnectionClosed):
            for _ in range(200):
                await flood.ws.send('{"type": "ping"}')
        assert await closed_with(flood.ws) == 1008


async def test_ping_is_answered(server: Server) -> None:
    async with reader(server, "eg") as eg:
        await eg.ws.send('{"type": "ping"}')
        assert (await next_message(eg, "pong"))["type"] == "pong"


async def test_signing_out_closes_the_browsers_socket(server: Server) -> None:
    async with httpx.AsyncClient(base_url=server.base) as browser:
        form = (await browser.get("/sign-in")).text
        signed_in = await browser.post(
            "/sign-in",
            data={
                "email": "delegate.cn@draftroom.example",
                "password": "draftroom-demo",
                "csrf_token": form.split('name="csrf_token" value="')[1].split('"')[0],
            },
        )
        assert signed_in.status_code == 303
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        async with connect(
            f"{server.ws}/instruments/model-law/live",
            additional_headers={"Cookie": cookie},
            origin=server.base,  # type: ignore[arg-type]
        ) as socket_:
            assert json.loads(await socket_.recv())["type"] == "hello"
            page = await browser.get("/account")
            csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            await browser.post(
                "/sign-out", data={"csrf_token": csrf}, headers={"Origin": server.base}
            )
            assert await closed_with(socket_) == 4401
        again = await _refused(server, additional_headers={"Cookie": cookie})
        assert again.status_code == 401


async def test_losing_a_role_closes_the_socket(server: Server) -> None:
    async with server.client("mx") as http:
        me = (await http.get("/me")).json()
    async with reader(server, "mx") as mx:
        async with server.client("admin") as admin:
            changed = await admin.post(
                f"{server.base}/admin/users/{me['id']}",
                data={"role": "observer", "delegation": "", "active": "true"},
            )
            assert changed.status_code == 303
        assert await closed_with(mx.ws) == 4403
        async with server.client("admin") as admin:
            await admin.post(
                f"{server.base}/admin/users/{me['id']}",
                data={"role": "participant", "delegation": "MX", "active": "true"},
            )


async def test_readers_of_an_article_see_who_else_reads_it(server: Server) -> None:
    async with reader(server, "fr", article="art_5") as fr:
        alone = await next_message(fr, "presence")
        async with reader(server, "eg", article="art_5"):
            both = await next_message(fr, "presence")
        left = await next_message(fr, "presence")
        await fr.ws.send(json.dumps({"type": "reading", "article": "art_6"}))
        moved = await next_message(fr, "presence")
    assert [r["delegation"] for r in alone["readers"]] == ["FR"]
    assert sorted(r["delegation"] for r in both["readers"]) == ["EG", "FR"]
    assert "Amira Haddad" in [r["name"] for r in both["readers"]]
    assert [r["delegation"] for r in left["readers"]] == ["FR"]
    assert moved["article_id"] != alone["article_id"]


async def test_with_redis_down_requests_succeed_and_this_worker_still_delivers(
    prepared: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, tokens = prepared
    with run_server(url, tokens, tmp_path, DRAFTROOM_REDIS_URL="redis://127.0.0.1:9") as down:
        async with reader(down, "eg") as eg:
            made = await comment(down, "fr", "Redis is down, the meeting goes on.")
            (found,) = await arrived(down, eg)
            assert bodies(found) == [made["id"]]
        assert "Redis unavailable" in down.log.read_text()

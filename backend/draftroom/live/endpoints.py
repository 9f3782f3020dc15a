"""``/api/v1/instruments/{slug}/live``: one websocket per open instrument page.

Protocol (JSON text messages). Open with ``?last=<seq>`` (the journal seq the page was
rendered at, or the last one seen before a disconnect) and ``&article=<key>`` if an article
is open. The server answers ``{"type": "hello", "seq": head, "worker": id}``, then every
event the reader may see after ``last`` in order, then each new one as it commits:
``{"type": "event", "seq", "kind", "object": {"type", "id"}, "payload", "at"}``; or
``{"type": "resync", "seq"}`` when the gap is too long to replay (reload, continue from
``seq``). ``{"type": "presence", "article_id", "readers": [{"name", "delegation"}]}``
says who reads the article. The client may send ``{"type": "reading", "article": key}``
and ``{"type": "ping"}`` (answered ``{"type": "pong"}``).

Refused before the handshake, with the usual JSON error in the reader's language: a
foreign Origin (403), no valid session or token (401), an unknown instrument or article
(404), too many connections (429). Closed: a message over 64 KiB (1009), one that is not
such JSON (1007), a flood (1008), signing out or a revoked token (4401), a changed role
(4403), the server stopping (1001), a reader too far behind (1013).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any, cast

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import InvalidState

from draftroom.config import Settings

try:  # the direct write leans on uvicorn's sans-I/O protocol; without it, every send queues
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
except ImportError:  # a uvicorn that moved it
    WebSocketsSansIOProtocol = None  # type: ignore[assignment,misc]
from draftroom.identity.dependencies import (
    ForeignOrigin,
    connection_principal,
    foreign_origin,
)
from draftroom.instruments import policy as instrument_policy
from draftroom.kit.errors import DraftroomError, Forbidden, NotFound, Unauthenticated
from draftroom.kit.fields import as_id
from draftroom.kit.handlers import error_response
from draftroom.kit.i18n import _l
from draftroom.live import service
from draftroom.live.hub import MAX_MESSAGE_BYTES, POLICY, TOO_BIG, Hub, Reader

log = logging.getLogger("draftroom.live")
router = APIRouter(prefix="/api/v1", tags=["live"])

INVALID = 1007


class TooManyConnections(DraftroomError):
    status_code = 429
    message = _l("You have too many live pages open. Close some and reload this one.")


async def _refuse(websocket: WebSocket, error: DraftroomError) -> None:
    client = websocket.client.host if websocket.client else "?"
    log.info("live: refused %s from %s: %s", websocket.url.path, client, error.code)
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(
            error_response(error.status_code, error.code, error.detail)
        )
    else:
        await websocket.close(POLICY, error.code)


def _writer(websocket: WebSocket) -> Callable[[str], bool] | None:
    """Under uvicorn's sans-I/O websockets (what `draftroom serve` runs), a message written
    straight on the connection, as `websockets.broadcast` does: the hub sends an event to a
    hundred idle readers without waking a hundred tasks. Only while the transport takes data
    without waiting (uvicorn's own send would wait here), so back-pressure still queues.
    None under any other server: every message goes through the reader's task."""
    # The ASGI receive is the protocol's own bound method (no middleware wraps it for a
    # websocket); send is wrapped by Starlette's exception handlers.
    protocol = getattr(websocket._receive, "__self__", None)
    if WebSocketsSansIOProtocol is None or not isinstance(protocol, WebSocketsSansIOProtocol):
        return None
    if not all(
        hasattr(protocol, name)
        for name in ("writable", "close_sent", "disconnected", "transport", "conn")
    ):
        return None  # a uvicorn whose protocol changed shape: the reader's task sends

    def write(message: str) -> bool:
        if (
            not protocol.writable.is_set()
            or protocol.close_sent
            or protocol.disconnected
            or protocol.transport.is_closing()
        ):
            return False
        try:
            protocol.conn.send_text(message.encode())
        except InvalidState:
            return False
        protocol.transport.write(b"".join(protocol.conn.data_to_send()))
        return True

    return write


@router.websocket("/instruments/{slug}/live")
async def live(websocket: WebSocket, slug: str) -> None:
    settings: Settings = websocket.state.settings
    hub: Hub = websocket.state.live
    if foreign_origin(websocket, settings):
        await _refuse(websocket, ForeignOrigin())
        return
    principal = await connection_principal(websocket, settings)
    if principal is None:
        await _refuse(websocket, Unauthenticated())
        return
    if not instrument_policy.can_read(principal):
        await _refuse(websocket, Forbidden())
        return
    found = await service.lookup(websocket.state.db, slug, principal.delegation_id)
    if found is None:
        await _refuse(websocket, NotFound(_l("No instrument “{slug}”."), slug=slug))
        return
    instrument_id, articles, delegation = found
    key = websocket.query_params.get("article")
    if key is not None and key not in articles:
        await _refuse(websocket, NotFound(_l("No article “{key}”."), key=key))
        return
    last_param = websocket.query_params.get("last", "")
    last = as_id(last_param, low=0)
    if hub.count_for(principal.id) >= settings.live_connections_per_user:
        await _refuse(websocket, TooManyConnections())
        return

    await websocket.accept()
    reader = Reader(principal, instrument_id, delegation)
    head = await hub.add(reader)
    receiving: asyncio.Task[None] | None = None
    try:
        await websocket.send_text(json.dumps({"type": "hello", "seq": head, "worker": hub.worker}))
        replayed = None
        if last is not None and last <= head:
            replayed = await hub.replay(instrument_id, last)
        if replayed is None:  # a new reader starts now; a gap too long reloads
            if last is not None:
                reader.push(json.dumps({"type": "resync", "seq": head}))
            reader.last_sent = head
        else:
            reader.last_sent = cast(int, last)
        reader.go_live(replayed or [])
        if key is not None:
            hub.reading(reader, articles[key])
        receiving = asyncio.create_task(_receive(websocket, hub, reader, articles))
        reader.write_now = _writer(websocket)
        while (message := await reader.next()) is not None:
            await websocket.send_text(message)
        code, reason = reader.closing or (1000, "")
        log.info("live: closing for user %s: %s (%s)", principal.id, reason, code)
        with contextlib.suppress(Exception):
            await websocket.close(code, reason)
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the client went away
    finally:
        if receiving is not None:
            receiving.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await receiving
        hub.remove(reader)


async def _receive(
    websocket: WebSocket, hub: Hub, reader: Reader, articles: dict[str, int]
) -> None:
    """Read what the client says; anything wrong closes this connection only."""
    while reader.closing is None:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            reader.close(1000, "")
            return
        text: Any = message.get("text")
        if text is None and message.get("bytes") is not None:
            text = message["bytes"]
        if len(text if isinstance(text, bytes) else str(text).encode()) > MAX_MESSAGE_BYTES:
            reader.close(TOO_BIG, "message too big")
            return
        if not hub.allow(reader.principal.id):
            reader.close(POLICY, "too many messages")
            return
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "ping":
            reader.push(json.dumps({"type": "pong"}))
        elif kind == "reading" and (data.get("article") is None or data["article"] in articles):
            hub.reading(reader, articles.get(data["article"]) if data.get("article") else None)
        else:
            reader.close(INVALID, "malformed message")
            return

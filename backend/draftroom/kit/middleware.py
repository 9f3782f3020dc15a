"""Every request gets an id, a bounded body, and an answer in the one error shape even when
something fails unforeseen.

Pure ASGI, placed inside the locale and security-header middleware, so what it sends is
translated and carries the security headers. An unhandled error is answered here and not
re-raised: the server then keeps the keep-alive connection (Starlette's outermost handler
re-raises after its plain-text 500, and the server drops the connection).
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftroom.kit.errors import DraftroomError, RequestTooLarge
from draftroom.kit.i18n import _l

log = logging.getLogger("draftroom.requests")

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_KEY = "draftroom.request_id"
# A request id from a proxy is kept when it is short and plain (it goes into log lines).
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_request_id: ContextVar[str] = ContextVar("request_id", default="-")

INTERNAL_ERROR = _l(
    "Something went wrong on our side; nothing you sent was lost or half-saved. "
    "Try again, and if it happens again, quote the request id {request_id}."
)


class InternalError(DraftroomError):
    status_code = 500
    message = INTERNAL_ERROR


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record, so a format string may show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _ACCEPTED_ID.match(text) else None
    return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _error_response(
    scope: Scope, error: DraftroomError, extra: dict[str, object] | None = None
) -> Response:
    # Imported here: the handlers module imports this one for the request id.
    from draftroom.kit.handlers import error_response, wants_html

    request = Request(scope)
    if wants_html(request):
        try:
            from draftroom.kit.templates import render

            return render(request, "error.html", {"error": error}, status_code=error.status_code)
        except Exception:
            log.exception("the error page could not be rendered")
    return error_response(error.status_code, error.code, error.detail, extra, headers=error.headers)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, max_request_bytes: int):
        self.app = app
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        scope[REQUEST_ID_KEY] = request_id
        token = _request_id.set(request_id)
        try:
            if scope["type"] == "websocket":
                await self.app(scope, receive, send)
            else:
                await self._http(scope, receive, send, request_id)
        finally:
            _request_id.reset(token)

    async def _http(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        started = False
        limit = self.max_request_bytes

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = await _error_response(scope, RequestTooLarge(limit=limit))
            # The body is not read: the connection cannot be reused for another request.
            response.headers["Connection"] = "close"
            await response(scope, receive, send_with_id)
            return

        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI passes an HTTPException from reading the body through as is.
                    raise HTTPException(413)
            return message

        try:
            await self.app(scope, bounded_receive, send_with_id)
        except Exception:
            log.exception(
                "unhandled error in %s %s (request %s)",
                scope.get("method"),
                scope.get("path"),
                request_id,
                extra={"request_id": request_id},
            )
            if started:
                # Part of the answer is out already: the server closes the connection.
                raise
            response = await _error_response(
                scope, InternalError(request_id=request_id), {"request_id": request_id}
            )
            await response(scope, receive, send_with_id)

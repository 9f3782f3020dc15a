"""Every error leaves in one shape, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException

from draftroom.kit.errors import (
    Conflict,
    DraftroomError,
    InvalidInput,
    NotFound,
    RequestTooLarge,
    StorageUnavailable,
    Unauthenticated,
)
from draftroom.kit.fields import REFUSALS
from draftroom.kit.i18n import _, _l
from draftroom.kit.storage import is_storage_error
from draftroom.kit.templates import render

HTTP_MESSAGES = {
    404: ("NotFound", _l("Not found.")),
    405: ("MethodNotAllowed", _l("This method is not allowed here.")),
}


def error_response(
    status: int,
    code: str,
    detail: str,
    extra: dict[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {"error": code, "detail": detail}
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers)


def wants_html(request: Request) -> bool:
    """Pages get an HTML error page; the API and scripts get the JSON shape."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


async def draftroom_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DraftroomError)
    if wants_html(request):
        if isinstance(exc, Unauthenticated):
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else "")
            )
            return RedirectResponse(f"/sign-in?next={target}", status_code=303)
        return render(request, "error.html", {"error": exc}, status_code=exc.status_code)
    return error_response(exc.status_code, exc.code, exc.detail, headers=exc.headers)


CHOICES = frozenset({"enum", "literal_error"})


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(
        tuple(error.get("loc", ()))[:1] == ("path",) and error.get("type") not in CHOICES
        for error in errors
    ):
        # A path that cannot name a row (an id out of range, not a number) names nothing;
        # a choice outside its list (an export format) is explained like a wrong field.
        return await draftroom_error(request, NotFound())
    problems = []
    refused: InvalidInput | None = None
    for error in errors:
        loc = tuple(error.get("loc", ()))
        # ("body", "body") is the field named body; the first "body" is where fields come from.
        where = ".".join(str(part) for part in (loc[1:] if loc[:1] == ("body",) else loc))
        message = error.get("msg", "")
        if error.get("type") in REFUSALS:
            context = {**error.get("ctx", {}), "field": where or "—"}
            found = REFUSALS[error["type"]](**context)
            refused = refused or found
            message = found.detail
        problems.append({"field": where, "problem": message})
    if refused is not None:
        return error_response(422, refused.code, refused.detail, {"fields": problems})
    fields = ", ".join(p["field"] for p in problems if p["field"])
    detail = _("Some fields are missing or wrong: {fields}.").format(fields=fields or "—")
    return error_response(422, InvalidInput.__name__, detail, {"fields": problems})


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 413:
        # Raised while reading a body that outgrew the limit (see kit/middleware.py).
        limit = request.state.settings.max_request_bytes
        return await draftroom_error(request, RequestTooLarge(limit=limit))
    code, message = HTTP_MESSAGES.get(exc.status_code, ("HTTPError", None))
    detail = str(message) if message is not None else str(exc.detail)
    if wants_html(request):
        error = DraftroomError(detail)
        return render(request, "error.html", {"error": error}, status_code=exc.status_code)
    return error_response(exc.status_code, code, detail, headers=exc.headers)


async def integrity_error(_request: Request, _exc: Exception) -> JSONResponse:
    # A unique constraint lost a race the service did not foresee: nothing was written.
    err = Conflict()
    return error_response(err.status_code, err.code, err.detail)


async def database_error(request: Request, exc: Exception) -> Response:
    """Disk full or a read-only database: 503, and ``/readyz`` says not ready meanwhile.
    Any other database error is unforeseen: it goes on to the 500 answer."""
    if not is_storage_error(exc):
        raise exc
    storage = getattr(request.state, "storage", None)
    if storage is not None:
        storage.failed()
    return await draftroom_error(request, StorageUnavailable())


def install(app: FastAPI) -> None:
    app.add_exception_handler(DraftroomError, draftroom_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(IntegrityError, integrity_error)
    app.add_exception_handler(DBAPIError, database_error)


__all__ = ["NotFound", "install"]

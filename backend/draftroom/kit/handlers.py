"""Every error leaves in one shape, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from draftroom.kit.errors import Conflict, DraftroomError, InvalidInput, NotFound, Unauthenticated
from draftroom.kit.i18n import _, _l
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


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        problems.append({"field": where, "problem": error.get("msg", "")})
    fields = ", ".join(p["field"] for p in problems if p["field"])
    detail = _("Some fields are missing or wrong: {fields}.").format(fields=fields or "—")
    return error_response(422, InvalidInput.__name__, detail, {"fields": problems})


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(DraftroomError, draftroom_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(IntegrityError, integrity_error)


__all__ = ["NotFound", "install"]

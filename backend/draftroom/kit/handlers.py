"""Every error leaves in one shape, in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from babel.numbers import format_decimal
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException

from draftroom.kit.errors import (
    Conflict,
    DraftroomError,
    ErrorBody,
    InvalidInput,
    InvalidJson,
    NotFound,
    RequestTooLarge,
    StorageUnavailable,
    Unauthenticated,
)
from draftroom.kit.fields import REFUSALS
from draftroom.kit.i18n import _, _l, current_locale, ngettext
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
    body = ErrorBody.model_validate({"error": code, "detail": detail, **(extra or {})})
    return JSONResponse(
        body.model_dump(mode="json", exclude_unset=True), status_code=status, headers=headers
    )


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
    # An error about one input names it the way a schema's validation does.
    extra: dict[str, object] | None = (
        {"fields": [{"field": exc.field, "problem": exc.detail}]} if exc.field else None
    )
    return error_response(exc.status_code, exc.code, exc.detail, extra, headers=exc.headers)


CHOICES = frozenset({"enum", "literal_error"})


def _count(key: str, words: Callable[[int], str]) -> Callable[[Mapping[str, Any]], str]:
    """A sentence about the number pydantic's context holds under ``key`` (plural forms)."""

    def say(ctx: Mapping[str, Any]) -> str:
        n = int(ctx.get(key, 0))
        return words(n).format(n=format_decimal(n, locale=current_locale()))

    return say


def _choices(ctx: Mapping[str, Any]) -> str:
    """Pydantic lists the choices in English ("'a', 'b' or 'c'"): only the values are kept."""
    return str(_("Choose one of: {choices}.")).format(
        choices=", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))) or "—"
    )


def _say(message: Any, **names: str) -> Callable[[Mapping[str, Any]], str]:
    """``message`` with pydantic's context values put in (``names``: placeholder -> ctx key)."""

    def say(ctx: Mapping[str, Any]) -> str:
        return str(message).format(**{name: ctx.get(key, "—") for name, key in names.items()})

    return say


# Our own words for pydantic's error types: its ``msg`` is English only. A type missing here
# gets the general sentence below, never pydantic's English.
PROBLEMS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": _say(_l("This field is required.")),
    "extra_forbidden": _say(_l("This field is not expected here.")),
    "string_type": _say(_l("Give a text.")),
    "string_too_short": _count(
        "min_length",
        lambda n: ngettext("Give at least {n} character.", "Give at least {n} characters.", n),
    ),
    "string_too_long": _count(
        "max_length",
        lambda n: ngettext("Give at most {n} character.", "Give at most {n} characters.", n),
    ),
    "string_pattern_mismatch": _say(_l("This text does not have the expected form.")),
    "int_type": _say(_l("Give a whole number.")),
    "int_parsing": _say(_l("Give a whole number.")),
    "int_from_float": _say(_l("Give a whole number.")),
    "float_type": _say(_l("Give a number.")),
    "float_parsing": _say(_l("Give a number.")),
    "bool_type": _say(_l("Give true or false.")),
    "bool_parsing": _say(_l("Give true or false.")),
    "greater_than": _say(_l("Give a number greater than {limit}."), limit="gt"),
    "greater_than_equal": _say(_l("Give a number of at least {limit}."), limit="ge"),
    "less_than": _say(_l("Give a number smaller than {limit}."), limit="lt"),
    "less_than_equal": _say(_l("Give a number of at most {limit}."), limit="le"),
    "enum": _choices,
    "literal_error": _choices,
    "list_type": _say(_l("Give a list.")),
    "too_short": _count(
        "min_length",
        lambda n: ngettext("Give at least {n} item.", "Give at least {n} items.", n),
    ),
    "too_long": _count(
        "max_length",
        lambda n: ngettext("Give at most {n} item.", "Give at most {n} items.", n),
    ),
    "dict_type": _say(_l("Give an object (a JSON object with named fields).")),
    "model_type": _say(_l("Give an object (a JSON object with named fields).")),
    "model_attributes_type": _say(_l("Give an object (a JSON object with named fields).")),
    "datetime_type": _say(_l("Give a date and a time (ISO 8601).")),
    "datetime_parsing": _say(_l("Give a date and a time (ISO 8601).")),
    "datetime_from_date_parsing": _say(_l("Give a date and a time (ISO 8601).")),
    "date_type": _say(_l("Give a date (ISO 8601).")),
    "date_parsing": _say(_l("Give a date (ISO 8601).")),
    "date_from_datetime_parsing": _say(_l("Give a date (ISO 8601).")),
    "timezone_aware": _say(_l("Give the time with its time zone.")),
    "uuid_type": _say(_l("Give a UUID.")),
    "uuid_parsing": _say(_l("Give a UUID.")),
}
OTHER_PROBLEM = _l("This value is not valid here.")


def problem(error: Mapping[str, Any]) -> str:
    """What is wrong with one field, in the reader's language."""
    say = PROBLEMS.get(str(error.get("type", "")))
    return say(error.get("ctx") or {}) if say else str(OTHER_PROBLEM)


def json_position(document: object, position: int) -> tuple[int, int]:
    """Line and column (from 1) of a character offset, as ``json.JSONDecodeError`` counts."""
    text = document if isinstance(document, str) else ""
    line = text.count("\n", 0, position) + 1
    return line, position - text.rfind("\n", 0, position)


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
    broken = next((error for error in errors if error.get("type") == "json_invalid"), None)
    if broken is not None:
        # FastAPI places the decoder's offset in ``loc``: it is no field.
        line, column = json_position(exc.body, int(tuple(broken.get("loc", ()))[-1] or 0))
        invalid = InvalidJson(line=line, column=column)
        return error_response(422, invalid.code, invalid.detail, {"fields": []})
    problems = []
    refused: InvalidInput | None = None
    for error in errors:
        loc = tuple(error.get("loc", ()))
        # ("body", "body") is the field named body; the first "body" is where fields come from.
        where = ".".join(str(part) for part in (loc[1:] if loc[:1] == ("body",) else loc))
        message = problem(error)
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

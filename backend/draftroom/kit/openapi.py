"""The OpenAPI document describes the one error shape on every API route.

FastAPI documents its own 422 body (``HTTPValidationError``), which we never send. After the
schema is generated, every error answer of every ``/api/`` operation points at ``Error``,
and the answers any route may give (sign-in, roles, unknown ids, invalid input, body size,
storage) are listed with it, keeping each route's own descriptions.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from draftroom.kit.errors import ErrorBody

ERROR_REF = {"$ref": "#/components/schemas/Error"}

# What any API route may answer, and what any route that takes a body may answer too.
ALWAYS = {
    400: "Malformed request",
    401: "Not signed in and no valid API token",
    403: "Not allowed for this role or delegation",
    404: "Not found",
    422: "Invalid input: the fields named in the body",
    500: "Unforeseen error; quote the request id",
    503: "Storage full or read-only: nothing was saved, try again later",
}
WITH_BODY = {
    409: "Conflicts with the current state",
    412: "Stale If-Match: someone changed this meanwhile",
    413: "The request is too large",
    428: "If-Match missing",
}
BODY_METHODS = frozenset({"post", "put", "patch", "delete"})


def with_error_schema(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    error = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error.pop("$defs", {}))
    schemas["Error"] = error
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method.startswith("x-") or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            if not path.startswith("/api/"):
                # Pages answer FastAPI's 422 in our shape too (JSON unless HTML is asked for).
                if "422" in responses:
                    responses["422"]["content"] = {"application/json": {"schema": ERROR_REF}}
                continue
            answers = dict(ALWAYS)
            if method in BODY_METHODS:
                answers.update(WITH_BODY)
            for status, description in answers.items():
                responses.setdefault(str(status), {"description": description})
            for status, response in responses.items():
                if status[:1] in ("4", "5"):
                    response["content"] = {"application/json": {"schema": ERROR_REF}}
    return document


def install_error_schema(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_error_schema(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

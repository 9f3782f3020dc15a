"""One error base class, one handler, one shape: ``{"error": ..., "detail": ...}``."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from draftroom.kit.i18n import _l


class FieldProblem(BaseModel):
    field: str
    problem: str


def _members_left_out_not_null(schema: dict[str, Any]) -> None:
    # A member an error lacks is left out of the body, never sent as null.
    for member in schema["properties"].values():
        member.pop("default", None)


class ErrorBody(BaseModel):
    """Every error: a code, and a message in the reader's language."""

    # "Error" in the OpenAPI document; the body is dumped with exclude_unset.
    model_config = ConfigDict(title="Error", json_schema_extra=_members_left_out_not_null)

    error: str = Field(description="The error's name, e.g. NotFound")
    detail: str = Field(description="What went wrong, translated")
    request_id: str | SkipJsonSchema[None] = Field(
        default=None, description="Quote it when reporting a 500"
    )
    fields: list[FieldProblem] | SkipJsonSchema[None] = Field(
        default=None, description="422: the fields that are missing or wrong"
    )


class DraftroomError(Exception):
    """A business error: a 4xx status and a message translated into the reader's language."""

    status_code: ClassVar[int] = 400
    message: ClassVar[Any] = _l("The request could not be processed.")

    def __init__(self, message: Any = None, headers: dict[str, str] | None = None, **params: Any):
        self._message = message if message is not None else self.message
        self.params = params
        self.headers = headers
        # The input the error is about (a form's or a schema's field name), when it is one.
        self.field: str | None = None
        super().__init__(self.code)

    def at(self, field: str) -> Self:
        """Name the input at fault, so a form shows the message beside it: ``raise
        InvalidInput(...).at("code")``."""
        self.field = field
        return self

    @property
    def code(self) -> str:
        return type(self).__name__

    @property
    def detail(self) -> str:
        return str(self._message).format(**self.params)


class NotFound(DraftroomError):
    status_code = 404
    message = _l("Not found.")


class InvalidInput(DraftroomError):
    status_code = 422
    message = _l("The request is not valid.")


class InvalidJson(InvalidInput):
    message = _l("The request body is not valid JSON (line {line}, column {column}).")


class UnknownLanguage(InvalidInput):
    message = _l("Unknown language “{code}”. Use one of: {languages}.")


class TextTooLong(InvalidInput):
    message = _l("At most {limit} characters are allowed; {where} has {length}.")


class ForbiddenCharacter(InvalidInput):
    message = _l(
        "In {field}, character {position} is {code_point} ({name}), which has no place in a "
        "legal text. Remove it and send again."
    )


class DuplicateProvisionId(InvalidInput):
    message = _l("The provision id “{key}” appears twice.")


class Conflict(DraftroomError):
    status_code = 409
    message = _l("This conflicts with the current state.")


class PreconditionFailed(DraftroomError):
    status_code = 412
    message = _l(
        "Someone else changed this in the meantime (current version {current}). "
        "Reload, review their change and try again."
    )


class PreconditionRequired(DraftroomError):
    status_code = 428
    message = _l("Send the If-Match header with the ETag you read, so no change is lost.")


class Unauthenticated(DraftroomError):
    status_code = 401
    message = _l("Sign in or send a valid API token.")

    def __init__(self, message: Any = None, **params: Any):
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"}, **params)


class Forbidden(DraftroomError):
    status_code = 403
    message = _l("You are not allowed to do this.")


class RequestTooLarge(DraftroomError):
    status_code = 413
    message = _l("The request is too large: at most {limit} bytes are accepted.")


class StorageUnavailable(DraftroomError):
    """The database refuses writes (disk full, read-only): nothing was saved; retry later."""

    status_code = 503
    message = _l(
        "The server cannot save anything at the moment (its storage is full or read-only). "
        "Nothing was saved; try again in a few minutes."
    )

    def __init__(self, message: Any = None, **params: Any):
        super().__init__(message, headers={"Retry-After": "30"}, **params)

"""Values checked at the edge: ids and numbers a database can hold, text with no invisible or
illegal characters. Every request schema, path and query parameter uses these types, and the
services check text that arrives another way (form posts, imports, the CLI) with
``check_text``."""

from __future__ import annotations

from typing import Annotated, Any, overload

from annotated_types import Ge, Le
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from starlette.requests import HTTPConnection

from draftroom.kit.errors import DuplicateProvisionId, ForbiddenCharacter, InvalidInput, NotFound
from draftroom.text.characters import first_forbidden

# The largest value of the id and number columns (INTEGER, 32 bits on PostgreSQL); anything
# above is no row at all, and asking PostgreSQL about it would be an error, not an answer.
MAX_INT = 2**31 - 1
FORBIDDEN_CHARACTER = "forbidden_character"

# Refusals raised inside request validation, by error type: the error handler turns them into
# these errors, so the reader gets the same sentence as from a service.
REFUSALS: dict[str, type[InvalidInput]] = {
    FORBIDDEN_CHARACTER: ForbiddenCharacter,
    "duplicate_provision_id": DuplicateProvisionId,
}


def refusal(kind: str, **context: Any) -> PydanticCustomError:
    """A validation error the handler answers with ``REFUSALS[kind]`` and ``context``."""
    assert kind in REFUSALS
    return PydanticCustomError(kind, str(REFUSALS[kind].message), context)


DbId = Annotated[int, Ge(1), Le(MAX_INT)]
"""A row id: a path id out of range is a 404, a body or query id a 422."""

Count = Annotated[int, Ge(0), Le(MAX_INT)]
"""A non-negative number (offsets, version numbers) the database can compare with."""


def _checked(value: str) -> str:
    found = first_forbidden(value)
    if found is not None:
        raise refusal(
            FORBIDDEN_CHARACTER,
            field="—",
            position=found.position,
            code_point=found.code_point,
            name=found.name,
        )
    return value


Text = Annotated[str, AfterValidator(_checked)]
"""Text from a user: refused (422 naming the field, the character and where it is) when it
holds a control character, a lone surrogate, a non-character or an invisible character."""


@overload
def check_text(value: str, field: Any) -> str: ...
@overload
def check_text(value: None, field: Any) -> None: ...
@overload
def check_text(value: str | None, field: Any) -> str | None: ...


def check_text(value: str | None, field: Any) -> str | None:
    """Refuse ``value`` with ForbiddenCharacter naming ``field`` (a label in the reader's
    language) when it holds a character with no place in a legal text."""
    if value is None:
        return None
    found = first_forbidden(value)
    if found is not None:
        raise ForbiddenCharacter(
            field=field,
            position=found.position,
            code_point=found.code_point,
            name=found.name,
        )
    return value


async def check_path_and_query(connection: HTTPConnection) -> None:
    """Every route's path and query values, checked once before any of them is used: a path
    holding a forbidden character names nothing (404), a query value is refused (422)."""
    for value in connection.path_params.values():
        if isinstance(value, str) and first_forbidden(value) is not None:
            raise NotFound()
    for name, value in connection.query_params.multi_items():
        check_text(name, name)
        check_text(value, name)


def as_id(value: object, low: int = 1) -> int | None:
    """A row id (or number from ``low``) written in a form, path or query value, or None when
    the value is no such number or one no row can have."""
    if not isinstance(value, str) or not value.isdecimal():
        return None
    number = int(value)
    return number if low <= number <= MAX_INT else None

"""A page form the service refused comes back filled in, the message beside the field at fault.

A page handler catches the service's ``DraftroomError``, calls ``refuse`` (which undoes what
the request wrote and keeps the refusal for this request) and returns its GET page
handler's answer: ``render`` then passes the ``Refusal`` as ``refusal`` with the error's status
(422, 409, 412), and the macros in ``frontend/templates/_forms.html`` put the typed values back
and the message beside the field (``aria-invalid``, ``aria-describedby``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from draftroom.db import JOURNAL_SEQ
from draftroom.kit.deps import SAFE_METHODS
from draftroom.kit.errors import DraftroomError

# What a form is shown again for: wrong input (422), a clash with the current state (409), a
# stale copy (412). Other errors (not signed in, not allowed, not found) get the error page.
SHOWN_AGAIN = frozenset({409, 412, 422})
# Per-request values live in the ASGI scope (request.state may be the app's shared state).
REFUSAL_KEY = "draftroom.refusal"


@dataclass(frozen=True)
class Refusal:
    """Which form on the page failed, why, and what the reader had typed."""

    form: str
    error: DraftroomError
    values: Mapping[str, str | list[str]] = field(default_factory=dict)
    # The field the message goes beside; None: above the form, for the whole of it.
    field: str | None = None

    @property
    def message(self) -> str:
        return self.error.detail

    @property
    def status_code(self) -> int:
        return self.error.status_code

    def on(self, form: str, name: str | None = None) -> bool:
        return self.form == form and self.field == name

    def value(self, form: str, name: str, default: str = "") -> str:
        found = self.values.get(name, default) if self.form == form else default
        return found if isinstance(found, str) else default

    def chosen(self, form: str, name: str) -> list[str]:
        """The options picked in a multiple choice."""
        found = self.values.get(name) if self.form == form else None
        return found if isinstance(found, list) else []


async def refuse(
    request: Request,
    session: AsyncSession,
    form: str,
    error: DraftroomError,
    values: Mapping[str, object],
    fields: Iterable[str],
) -> Refusal:
    """Roll back whatever the refused request flushed (the page is then read in a fresh
    transaction) and keep the refusal for ``render``; ``fields`` are the inputs the form shows,
    so an error about anything else is shown above the form. Any other error (not allowed,
    not found) is raised again, for the error page."""
    if error.status_code not in SHOWN_AGAIN:
        raise error
    if request.method not in SAFE_METHODS:
        # A GET form (the reading languages) wrote nothing, and its rows are still in use.
        await session.rollback()
        session.info.pop(JOURNAL_SEQ, None)
    shown = set(fields)
    refusal = Refusal(
        form=form,
        error=error,
        values={key: _kept(value) for key, value in values.items()},
        field=error.field if error.field in shown else None,
    )
    request.scope[REFUSAL_KEY] = refusal
    return refusal


def _kept(value: object) -> str | list[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def refusal_of(request: Request) -> Refusal | None:
    found = request.scope.get(REFUSAL_KEY)
    return found if isinstance(found, Refusal) else None


__all__ = ["SHOWN_AGAIN", "Refusal", "refusal_of", "refuse"]

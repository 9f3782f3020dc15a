"""The amendment a route names in its path, loaded once and checked against the reader.

Absent, of a removed instrument, or another delegation's draft: all the same 404 (the
amendments policy, through the service).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from draftroom.amendments import service
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models import Amendment


async def get_amendment(
    principal: CurrentPrincipal, amendment_id: DbId, session: SessionDep
) -> Amendment:
    return await service.get(session, amendment_id, principal)


AmendmentDep = Annotated[Amendment, Depends(get_amendment)]

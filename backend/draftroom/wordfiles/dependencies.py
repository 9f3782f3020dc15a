"""The Word import a route names in its path, loaded once (404 if absent or not yours)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.kit.deps import SessionDep
from draftroom.kit.fields import DbId
from draftroom.models import WordImport
from draftroom.wordfiles import service


async def get_word_import(
    instrument: InstrumentDep,
    import_id: Annotated[DbId, Path(description="The Word import's id")],
    principal: CurrentPrincipal,
    session: SessionDep,
) -> WordImport:
    return await service.get(session, instrument, import_id, principal)


WordImportDep = Annotated[WordImport, Depends(get_word_import)]

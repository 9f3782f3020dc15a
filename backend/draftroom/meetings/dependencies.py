"""The meeting and the request for the floor a route names in its path, loaded once within
the instrument the path names (absent, or of another instrument or meeting: 404); every
signed-in reader may follow a meeting; and the look-ups the API's answers need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.kit.deps import SessionDep
from draftroom.kit.errors import Forbidden
from draftroom.kit.fields import DbId
from draftroom.meetings import policy, service
from draftroom.models import ArticleVersion, Meeting, MeetingSpeaker


async def get_meeting(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    meeting_id: Annotated[DbId, Path(description="The meeting's id")],
    session: SessionDep,
) -> Meeting:
    if not policy.can_follow(principal):
        raise Forbidden()
    return await service.get(session, instrument, meeting_id)


MeetingDep = Annotated[Meeting, Depends(get_meeting)]


async def get_speaker(
    meeting: MeetingDep,
    speaker_id: Annotated[DbId, Path(description="The request for the floor's id")],
    session: SessionDep,
) -> MeetingSpeaker:
    return await service.get_speaker(session, meeting, speaker_id)


SpeakerDep = Annotated[MeetingSpeaker, Depends(get_speaker)]


async def version_seqs(session: AsyncSession, ids: Iterable[int]) -> dict[int, int]:
    """The seqs of the article versions decisions name (readers know versions by seq), in one
    query."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(ArticleVersion.id, ArticleVersion.seq).where(ArticleVersion.id.in_(wanted))
    )
    return {int(version_id): int(seq) for version_id, seq in rows}

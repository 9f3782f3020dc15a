"""Shared steps: the demo's delegates, a round, a draft, its ETag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.identity.service import create_token, user_by_email
from draftroom.models.base import utcnow

ARTICLE = "art_3"
AMENDMENTS = "/api/v1/instruments/model-law/amendments"
ROUNDS = "/api/v1/instruments/model-law/rounds"


async def token_for(session: AsyncSession, email: str) -> dict[str, str]:
    user = await user_by_email(session, email)
    assert user is not None
    _row, secret = await create_token(session, user, "tests")
    await session.flush()
    return {"Authorization": f"Bearer {secret}"}


async def people(session: AsyncSession) -> dict[str, dict[str, str]]:
    return {
        "fr": await token_for(session, "delegate.fr@draftroom.example"),
        "eg": await token_for(session, "delegate.eg@draftroom.example"),
        "mx": await token_for(session, "delegate.mx@draftroom.example"),
        "secretariat": await token_for(session, "secretariat@draftroom.example"),
        "observer": await token_for(session, "observer@draftroom.example"),
    }


async def open_round(client: AsyncClient, who: dict[str, str], hours: int = 48) -> dict[str, Any]:
    deadline = (utcnow() + timedelta(hours=hours)).replace(tzinfo=None, microsecond=0)
    response = await client.post(
        ROUNDS,
        json={"name": "First round", "deadline": deadline.isoformat(), "timezone": "UTC"},
        headers=who,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def draft(
    client: AsyncClient, who: dict[str, str], text: str = "Amended text.", article: str = ARTICLE
) -> dict[str, Any]:
    base = (
        await client.get(f"/api/v1/instruments/model-law/articles/{article}", headers=who)
    ).json()
    provisions = [dict(p) for p in base["provisions"]]
    provisions[0]["text"] = text
    response = await client.post(
        AMENDMENTS,
        json={
            "article": article,
            "language": "en",
            "provisions": provisions,
            "justification": "Clearer wording.",
        },
        headers=who,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def act(
    client: AsyncClient, who: dict[str, str], amendment_id: int, action: str, **extra: Any
) -> Any:
    current = await client.get(f"/api/v1/amendments/{amendment_id}", headers=who)
    # Someone who cannot see the amendment has no ETag to send.
    etag = {"If-Match": current.headers["etag"]} if "etag" in current.headers else {}
    return await client.post(
        f"/api/v1/amendments/{amendment_id}/transitions",
        json={"action": action, **extra},
        headers={**who, **etag},
    )

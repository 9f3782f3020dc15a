"""Pages that update themselves carry the live connection, from the journal seq they show."""

from __future__ import annotations

import re

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal import service as journal
from tests.fixtures.clients import sign_in


@pytest.mark.parametrize(
    ("path", "regions"),
    [
        (
            "/instruments/model-law/articles/art_2?text=en",
            ["article-head", "article-text", "comments"],
        ),
        ("/instruments/model-law", ["outline"]),
        ("/instruments/model-law/amendments", ["amendment-rows"]),
    ],
)
async def test_a_live_page_starts_from_the_journal_seq_it_shows(
    anonymous: AsyncClient, session: AsyncSession, path: str, regions: list[str]
) -> None:
    await sign_in(anonymous, email="delegate.cn@draftroom.example")
    page = (await anonymous.get(f"{path}{'&' if '?' in path else '?'}lang=zh")).text
    seq = int(re.search(r'data-seq="(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert seq == await journal.head(session)
    assert 'data-url="/api/v1/instruments/model-law/live"' in page
    assert "实时：他人的更改一经作出即在此显示。" in page  # the status line, translated
    for region in regions:
        assert f'id="{region}" data-live-region' in page
    assert '<script src="/static/live.js" defer></script>' in page

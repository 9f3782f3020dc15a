"""The hub's handling of broker notes, without a server."""

from __future__ import annotations

import json

from draftroom.db import Database
from draftroom.live.broker import MemoryBroker
from draftroom.live.hub import Hub


async def test_presence_from_another_worker_is_shown_and_foreign_notes_are_ignored(
    db: Database,
) -> None:
    hub = Hub(db, MemoryBroker())
    await hub._heard("[1, 2, 3]")  # not a note of ours: ignored, nothing raised
    await hub._heard('{"presence": {"worker": "elsewhere"}}')
    await hub._heard(
        json.dumps(
            {
                "presence": {
                    "worker": "other-worker",
                    "instrument": 1,
                    "article": 7,
                    "readers": [{"id": 3, "name": "وفد مصر", "delegation": "EG"}],
                }
            }
        )
    )
    assert hub.presence(1, 7) == [{"id": 3, "name": "وفد مصر", "delegation": "EG"}]
    assert hub.presence(1, 8) == []
    await hub._heard('{"seq": 42}')
    assert hub._wake.is_set()

"""The journal is hash-chained: editing, deleting or reordering any row is found."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal.kinds import Kind
from draftroom.journal.service import record, verify


async def add_entries(session: AsyncSession, n: int) -> list[int]:
    seqs = []
    for i in range(n):
        entry = await record(
            session,
            actor=None,
            kind=Kind.delegation_created,
            object_type="test",
            object_id=i,
            instrument_id=None,
            payload={"i": i, "text": "النص"},
        )
        seqs.append(entry.seq)
    await session.flush()
    return seqs


async def test_the_demo_journal_verifies(session: AsyncSession) -> None:
    result = await verify(session)
    assert result.chain is None
    assert result.ok
    assert result.count > 50


async def test_every_change_is_journaled_in_the_same_transaction(session: AsyncSession) -> None:
    before = (await verify(session)).count
    seqs = await add_entries(session, 3)
    after = await verify(session)
    assert after.chain is None
    assert after.count == before + 3
    assert seqs == [before + 1, before + 2, before + 3]


@pytest.mark.parametrize(
    ("tamper", "reason_word"),
    [
        ("UPDATE journal SET payload = '{\"i\": 99}' WHERE seq = :s", "edited"),
        ("UPDATE journal SET kind = 'forged' WHERE seq = :s", "edited"),
        ("UPDATE journal SET created_at = '2001-01-01 00:00:00' WHERE seq = :s", "edited"),
        ("DELETE FROM journal WHERE seq = :s", "deleted or reordered"),
    ],
)
async def test_an_edited_or_deleted_row_is_found(
    session: AsyncSession, tamper: str, reason_word: str
) -> None:
    seqs = await add_entries(session, 3)
    middle = seqs[1]
    await session.execute(text(tamper), {"s": middle})
    problem = (await verify(session)).chain
    assert problem is not None
    assert problem.seq in (middle, middle + 1)
    assert reason_word in str(problem.reason)


async def test_reordered_rows_are_found(session: AsyncSession) -> None:
    first, second, _ = await add_entries(session, 3)
    # Swap the two rows' positions in the chain (seq is unique: go through a free value).
    await session.execute(text("UPDATE journal SET seq = -1 WHERE seq = :a"), {"a": first})
    await session.execute(
        text("UPDATE journal SET seq = :a WHERE seq = :b"), {"a": first, "b": second}
    )
    await session.execute(text("UPDATE journal SET seq = :b WHERE seq = -1"), {"b": second})
    problem = (await verify(session)).chain
    assert problem is not None
    assert problem.seq in (first, second)


async def test_a_deleted_last_row_is_found(session: AsyncSession) -> None:
    seqs = await add_entries(session, 2)
    await session.execute(text("DELETE FROM journal WHERE seq = :s"), {"s": seqs[-1]})
    problem = (await verify(session)).chain
    assert problem is not None
    assert problem.seq == seqs[-1]
    assert "missing" in str(problem.reason)

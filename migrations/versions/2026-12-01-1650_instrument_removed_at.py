"""Instruments removed by an administrator: kept (the journal names them), hidden everywhere

Revision ID: 4e8a2c6b1f90
Revises: 9c3e7a41d2b8
Create Date: 2026-12-01 16:50:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import draftroom.models.base

revision: str = "4e8a2c6b1f90"
down_revision: str | None = "9c3e7a41d2b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_column("removed_at")

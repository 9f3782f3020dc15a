"""Each account may name the time zone its times are shown in (an IANA name)

Revision ID: 7d41c9e2a5b3
Revises: 4e8a2c6b1f90
Create Date: 2026-12-01 16:52:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7d41c9e2a5b3"
down_revision: str | None = "4e8a2c6b1f90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_zone")

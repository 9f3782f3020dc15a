"""Word imports: .docx files of tracked changes uploaded as proposals (preview, decisions)

Revision ID: 3f6d2b8a9c14
Revises: 7d41c9e2a5b3
Create Date: 2026-12-01 21:05:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import draftroom.models.base

revision: str = "3f6d2b8a9c14"
down_revision: str | None = "7d41c9e2a5b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "word_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document", _JSON, nullable=False),
        sa.Column("placement", _JSON, nullable=False),
        sa.Column("result", _JSON, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_word_imports_delegation_id_delegations"),
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_word_imports_instrument_id_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_word_imports_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_word_imports")),
    )
    with op.batch_alter_table("word_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_word_imports_delegation_id"), ["delegation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_word_imports_instrument_id"), ["instrument_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("word_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_word_imports_instrument_id"))
        batch_op.drop_index(batch_op.f("ix_word_imports_delegation_id"))
    op.drop_table("word_imports")

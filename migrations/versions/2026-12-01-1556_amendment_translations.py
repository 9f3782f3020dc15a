"""Translations of proposals: text and justification per language, labelled by whom

Revision ID: 9c3e7a41d2b8
Revises: 5b1f0c2d9e47
Create Date: 2026-12-01 15:56:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import draftroom.models.base

revision: str = "9c3e7a41d2b8"
down_revision: str | None = "5b1f0c2d9e47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "amendment_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column(
            "provisions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("base_version_id", sa.Integer(), nullable=True),
        sa.Column("translator_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_amendment_translations_amendment_id_amendments"),
        ),
        sa.ForeignKeyConstraint(
            ["base_version_id"],
            ["article_versions.id"],
            name=op.f("fk_amendment_translations_base_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_amendment_translations_delegation_id_delegations"),
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["users.id"],
            name=op.f("fk_amendment_translations_translator_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_translations")),
        sa.UniqueConstraint(
            "amendment_id", "language", name=op.f("uq_amendment_translations_amendment_id_language")
        ),
    )
    with op.batch_alter_table("amendment_translations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_amendment_translations_amendment_id"), ["amendment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("amendment_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_translations_amendment_id"))
    op.drop_table("amendment_translations")

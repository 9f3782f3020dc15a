"""The rolling text: agreement status per provision, square brackets, alternatives

Revision ID: 23c411577e47
Revises: 3f6d2b8a9c14
Create Date: 2026-12-01 22:25:17.475231+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import draftroom.models.base

revision: str = "23c411577e47"
down_revision: str | None = "3f6d2b8a9c14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "brackets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("spans", _JSON, nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "placed",
                "lifted",
                "declined",
                name="bracketstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("requests", _JSON, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_brackets_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_brackets_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_brackets_instrument_id_instruments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brackets")),
    )
    with op.batch_alter_table("brackets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_brackets_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_brackets_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "provision_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "bracketed",
                "ad_referendum",
                "agreed",
                "deleted",
                name="agreementstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("version_seq", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=True),
        sa.Column("confirm", _JSON, nullable=False),
        sa.Column("confirmed", _JSON, nullable=False),
        sa.Column("extra", _JSON, nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_provision_statuses_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_provision_statuses_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_provision_statuses_instrument_id_instruments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_statuses")),
        sa.UniqueConstraint(
            "article_id",
            "provision_key",
            name=op.f("uq_provision_statuses_article_id_provision_key"),
        ),
    )
    with op.batch_alter_table("provision_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provision_statuses_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "alternatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("bracket_id", sa.Integer(), nullable=True),
        sa.Column("texts", _JSON, nullable=False),
        sa.Column("base_seq", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("supporters", _JSON, nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "chosen", "retired", name="alternativestatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_alternatives_amendment_id_amendments"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_alternatives_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_alternatives_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["bracket_id"], ["brackets.id"], name=op.f("fk_alternatives_bracket_id_brackets")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_alternatives_instrument_id_instruments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alternatives")),
    )
    with op.batch_alter_table("alternatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alternatives_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_alternatives_instrument_id"), ["instrument_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("alternatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alternatives_instrument_id"))
        batch_op.drop_index(batch_op.f("ix_alternatives_article_id"))

    op.drop_table("alternatives")
    with op.batch_alter_table("provision_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provision_statuses_instrument_id"))

    op.drop_table("provision_statuses")
    with op.batch_alter_table("brackets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_brackets_instrument_id"))
        batch_op.drop_index(batch_op.f("ix_brackets_article_id"))

    op.drop_table("brackets")

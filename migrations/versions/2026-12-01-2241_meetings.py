"""Meeting mode: meetings with their agenda and the chair's pointer, the list of speakers, decisions tied to text

Revision ID: 1da9057e89d7
Revises: 23c411577e47
Create Date: 2026-12-01 22:41:35.803136+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import draftroom.models.base

revision: str = "1da9057e89d7"
down_revision: str | None = "23c411577e47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("agenda", _JSON, nullable=False),
        sa.Column("delegations", _JSON, nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "open", "closed", name="meetingstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("pointer", _JSON, nullable=True),
        sa.Column("speaking_seconds", sa.Integer(), nullable=True),
        sa.Column("list_closed", sa.Boolean(), nullable=False),
        sa.Column("opened_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_meetings_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_meetings_instrument_id_instruments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meetings_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "meeting_speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "floor", "point_of_order", "reply", name="speakerkind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("on_behalf_of", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "waiting",
                "speaking",
                "done",
                "withdrawn",
                name="speakerstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Double(), nullable=False),
        sa.Column("open_key", sa.String(length=40), nullable=True),
        sa.Column("given_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_meeting_speakers_delegation_id_delegations"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_speakers_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_meeting_speakers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_speakers")),
        sa.UniqueConstraint(
            "meeting_id", "open_key", name=op.f("uq_meeting_speakers_meeting_id_open_key")
        ),
    )
    with op.batch_alter_table("meeting_speakers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_speakers_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "agreed",
                "ad_referendum",
                "bracketed",
                "deferred",
                "accepted",
                "rejected",
                name="decisionkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("article_version_id", sa.Integer(), nullable=False),
        sa.Column("words", sa.Text(), nullable=True),
        sa.Column("words_hash", sa.String(length=64), nullable=True),
        sa.Column("reserved", _JSON, nullable=False),
        sa.Column("confirm", _JSON, nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", draftroom.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_meeting_decisions_amendment_id_amendments"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_meeting_decisions_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["article_version_id"],
            ["article_versions.id"],
            name=op.f("fk_meeting_decisions_article_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_meeting_decisions_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_meeting_decisions_instrument_id_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_decisions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_decisions")),
    )
    with op.batch_alter_table("meeting_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_decisions_instrument_id"), ["instrument_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_decisions_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_decisions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_decisions_instrument_id"))

    op.drop_table("meeting_decisions")
    with op.batch_alter_table("meeting_speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_speakers_meeting_id"))

    op.drop_table("meeting_speakers")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_instrument_id"))

    op.drop_table("meetings")

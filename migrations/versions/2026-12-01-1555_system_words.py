"""System words as facts: article versions record their origin (consolidated, restored)
instead of an English label; organisations are named per language

Revision ID: 5b1f0c2d9e47
Revises: 740ec8359b40
Create Date: 2026-12-01 15:55:00+00:00
"""

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5b1f0c2d9e47"
down_revision: str | None = "740ec8359b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The labels the system wrote before this revision, in the wording of each catalogue at the
# time (the label was stored in the language of the request that made the version).
CONSOLIDATED = (
    "Consolidated: amendments {numbers}",
    "Texte consolidé : amendements {numbers}",
    "Texto consolidado: enmiendas {numbers}",
    "Сводный текст: поправки {numbers}",
    "合并：第{numbers}号修正案",
    "نص موحد: التعديلات {numbers}",
)
RESTORED = (
    "Restored from version {seq}",
    "Rétablie à partir de la version {seq}",
    "Restablecida a partir de la versión {seq}",
    "Восстановлено из версии {seq}",
    "由第{seq}版恢复",
    "مستعادة من الصيغة {seq}",
)


def _pattern(template: str, name: str, value: str) -> re.Pattern[str]:
    before, _field, after = template.partition("{" + name + "}")
    return re.compile(
        rf"^\s*{re.escape(before.strip())}\s*(?P<{name}>{value})\s*"
        rf"{re.escape(after.strip())}\s*$"
    )


JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
PATTERNS = [(_pattern(t, "numbers", r"[0-9][0-9,，、\s]*"), "consolidated") for t in CONSOLIDATED]
PATTERNS += [(_pattern(t, "seq", r"[0-9]+"), "restored") for t in RESTORED]


def parse_label(label: str) -> dict[str, Any] | None:
    """The fact behind a label the system wrote, or None for a label a person gave."""
    for pattern, kind in PATTERNS:
        found = pattern.match(label)
        if found is None:
            continue
        if kind == "consolidated":
            numbers = [int(n) for n in re.findall(r"[0-9]+", found["numbers"])]
            return {"kind": kind, "amendments": numbers}
        return {"kind": kind, "from_seq": int(found["seq"])}
    return None


versions = sa.table(
    "article_versions",
    sa.column("id", sa.Integer()),
    sa.column("label", sa.String()),
    sa.column("origin", JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", JSON, nullable=True))
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", JSON, nullable=True))

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(versions.c.id, versions.c.label).where(versions.c.label.is_not(None))
    ).all()
    for version_id, label in rows:
        origin = parse_label(label)
        if origin is not None:
            connection.execute(
                versions.update()
                .where(versions.c.id == version_id)
                .values(origin=origin, label=None)
            )


def downgrade() -> None:
    # The facts become English labels again, as the system wrote them before.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(versions.c.id, versions.c.origin).where(versions.c.origin.is_not(None))
    ).all()
    for version_id, origin in rows:
        if not isinstance(origin, dict):
            continue
        if origin.get("kind") == "consolidated":
            label = CONSOLIDATED[0].format(
                numbers=", ".join(str(n) for n in origin.get("amendments", []))
            )
        elif origin.get("kind") == "restored":
            label = RESTORED[0].format(seq=origin.get("from_seq"))
        else:
            continue
        connection.execute(versions.update().where(versions.c.id == version_id).values(label=label))
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_column("names")
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_column("origin")

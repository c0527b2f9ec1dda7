"""store_revision: a token each write redraws (SQLite triggers), so the kept morning knows it is current

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from organizer.models import REVISION_TABLES
from organizer.store import start_revisions

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_store_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_revision")),
    )
    start_revisions(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in REVISION_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_revision")
    op.drop_table("store_revision")

"""store_revision: a token each write redraws (SQLite triggers), so the kept morning knows it is current

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

# Frozen here, not imported from the models: a migration must do tomorrow what it did today.
TABLES = ("settings", "account", "contact", "contact_history", "goal", "step", "touch", "day")
EVENTS = ("insert", "update", "delete")

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
    first = sa.text("INSERT INTO store_revision (id, token) VALUES (1, :token)")
    op.execute(first.bindparams(token=secrets.randbits(62)))
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_{event}_revision AFTER {event.upper()} ON {table} "  # noqa: S608  (fixed names)
                    "BEGIN UPDATE store_revision SET token = random() WHERE id = 1; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_revision")
    op.drop_table("store_revision")

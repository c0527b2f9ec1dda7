"""owner on contact, goal, step and touch (team mode: row-level security without a join per row)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 12:00:00

On a team's server ``team init`` keeps these equal to their account's owner (triggers) and
the policies compare them with ``current_user`` directly. On SQLite they stay empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("contact", "goal", "step", "touch")


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the tables on SQLite would drop their revision triggers.
    for table in TABLES:
        op.add_column(table, sa.Column("owner", sa.String(63), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("owner")

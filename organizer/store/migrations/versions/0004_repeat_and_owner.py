"""step.repeat (recurring steps); account.owner and day.owner (team mode)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the tables on SQLite would drop their revision triggers.
    op.add_column("step", sa.Column("repeat", sa.String(500), nullable=True))
    op.add_column("account", sa.Column("owner", sa.String(63), nullable=True))
    op.create_index("ix_account_owner", "account", ["owner"])
    op.add_column("day", sa.Column("owner", sa.String(63), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("day") as batch_op:
        batch_op.drop_column("owner")
    op.drop_index("ix_account_owner", "account")
    with op.batch_alter_table("account") as batch_op:
        batch_op.drop_column("owner")
    with op.batch_alter_table("step") as batch_op:
        batch_op.drop_column("repeat")

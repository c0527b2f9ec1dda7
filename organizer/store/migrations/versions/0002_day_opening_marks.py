"""day.opening_marks: how many question marks the morning opened with (the Insights chart)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("day", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opening_marks", sa.Integer(), nullable=True))
        batch_op.create_check_constraint("opening_marks", "opening_marks IS NULL OR opening_marks >= 0")


def downgrade() -> None:
    with op.batch_alter_table("day", schema=None) as batch_op:
        batch_op.drop_constraint("opening_marks", type_="check")
        batch_op.drop_column("opening_marks")

"""step.calendar and step.calendar_conflict: the calendar sync's memory of each step's event

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:30:00

``calendar`` is the event as both sides last agreed (href, etag, due, time, minutes), so a
sync tells which side changed; ``calendar_conflict`` the calendar's version while both did
(SPEC.md "Conflicts"). On the step itself: its owner, row-level security and revision
triggers cover them already.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the table on SQLite would drop its revision triggers.
    op.add_column("step", sa.Column("calendar", sa.JSON(), nullable=True))
    op.add_column("step", sa.Column("calendar_conflict", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("step") as batch_op:
        batch_op.drop_column("calendar_conflict")
        batch_op.drop_column("calendar")

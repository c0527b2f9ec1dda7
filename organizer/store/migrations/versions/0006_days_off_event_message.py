"""settings.days_off and holidays_country (working days skip them); step.event and touch.message

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00

``step.event`` is the UID of a step's calendar event and ``touch.message`` an email's
Message-ID (SPEC.md "The calendar", "Mail"): both indexed, a sync or a mail import looks
each one up.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the tables on SQLite would drop their revision triggers.
    op.add_column("settings", sa.Column("days_off", sa.JSON(), nullable=True))
    op.add_column("settings", sa.Column("holidays_country", sa.String(8), nullable=True))
    op.add_column("step", sa.Column("event", sa.String(1000), nullable=True))
    op.create_index("ix_step_event", "step", ["event"])
    op.add_column("touch", sa.Column("message", sa.String(1000), nullable=True))
    op.create_index("ix_touch_message", "touch", ["message"])


def downgrade() -> None:
    op.drop_index("ix_touch_message", "touch")
    with op.batch_alter_table("touch") as batch_op:
        batch_op.drop_column("message")
    op.drop_index("ix_step_event", "step")
    with op.batch_alter_table("step") as batch_op:
        batch_op.drop_column("event")
    with op.batch_alter_table("settings") as batch_op:
        batch_op.drop_column("holidays_country")
        batch_op.drop_column("days_off")

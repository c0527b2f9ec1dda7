"""settings.calendar: the connected CalDAV calendar, its feeds and the busy time they hold

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 03:30:00

The calendar's address and user (never its password: the keyring holds it), the busy minutes of
each day of the sync's window, and each read-only feed's. Not part of the exchange format.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the table on SQLite would drop its revision triggers.
    op.add_column("settings", sa.Column("calendar", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch_op:
        batch_op.drop_column("calendar")

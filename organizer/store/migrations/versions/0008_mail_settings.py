"""settings.mail: the rep's own addresses, an IMAP account and how far each of its folders was read

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 03:00:00

Kept in the store (SPEC.md "Mail"), never the password (the keyring holds it). Not part of the
exchange format: it describes this rep's mail, not the plan.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the table on SQLite would drop its revision triggers.
    op.add_column("settings", sa.Column("mail", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch_op:
        batch_op.drop_column("mail")

"""settings.owner: on a team's server each rep's settings are their own row

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 00:30:00

SPEC.md, "Each rep's own settings": capacity, renewal window, days off, holidays, mail and calendar
are the connecting rep's. On PostgreSQL the single row (``CHECK id = 1``) becomes one row per owner
(``owner`` defaults to ``current_user``, unique; ``id`` from a sequence), and the row that was there
goes to the database's owner, who runs the upgrade (``team init``). On SQLite, a store of one's own,
the single row stays as it is and ``owner`` stays empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: recreating the table on SQLite would drop its revision triggers.
    op.add_column("settings", sa.Column("owner", sa.String(63), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    from organizer.store.models import SETTINGS_PER_OWNER

    for statement in SETTINGS_PER_OWNER:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DELETE FROM settings WHERE owner IS DISTINCT FROM current_user")
        op.execute("ALTER TABLE settings DROP CONSTRAINT IF EXISTS uq_settings_owner")
        op.execute("UPDATE settings SET id = 1")
        op.execute("ALTER TABLE settings ADD CONSTRAINT ck_settings_single_row CHECK (id = 1)")
    with op.batch_alter_table("settings") as batch_op:
        batch_op.drop_column("owner")

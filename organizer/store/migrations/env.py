"""Alembic environment: always run with a connection handed in by `organizer.store.database`."""

from __future__ import annotations

from alembic import context

from organizer.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Daymap's migrations run through organizer.store.database.open_store, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

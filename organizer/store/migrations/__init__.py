"""Alembic migrations of the store; `organizer.store.database` runs them on open."""

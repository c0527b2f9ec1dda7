"""Alembic migrations of the store; `organizer.store` runs them on open."""

"""A database server as the store (team mode): the engine, its revision token, and what its errors mean.

SQLite needs none of this. On PostgreSQL every rep connects as their own role; the
password comes from libpq (``~/.pgpass``, ``PGPASSWORD``), never from Daymap's settings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from organizer.core.errors import StoreError

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for a write that row-level security or a grant refuses


def driver_url(url: str) -> str:
    """``postgresql://…`` means psycopg 3 (the driver Daymap ships), not SQLAlchemy's default psycopg2.

    A URL without a password takes the one the system keyring keeps for it, if any (then libpq
    looks in ``~/.pgpass`` and ``PGPASSWORD``).
    """
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.password is None and parsed.username and parsed.host and parsed.database:
        from organizer.store.connection import password_from_keyring

        kept = password_from_keyring(parsed.username, parsed.host, parsed.port, parsed.database)
        if kept:
            parsed = parsed.set(password=kept)
    return parsed.render_as_string(hide_password=False)


def server_engine(url: str) -> Engine:
    try:
        return create_engine(driver_url(url), pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as error:
        raise StoreError(f"cannot use the database {make_url(url).render_as_string()!r}: {error}") from error


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def revision_token(engine: Engine) -> int | None:
    """The store's revision token: every write by anyone draws a new one (a trigger), like SQLite's data_version."""
    try:
        with engine.connect() as connection:
            token = connection.execute(text("SELECT token FROM store_revision WHERE id = 1")).scalar()
    except SQLAlchemyError:
        return None
    return None if token is None else int(token)


def refused(error: Any) -> bool:
    """Did the server refuse this for lack of rights (another rep's account, a manager writing)?"""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def unreachable(error: Any) -> bool:
    detail = str(getattr(error, "orig", error)).lower()
    return any(word in detail for word in ("connection refused", "could not connect", "server closed", "terminating"))

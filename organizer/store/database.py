"""Opening the store: where it lives, how it is checked, created or upgraded, and its daily backup.

A store is any SQLAlchemy URL; by default a SQLite file in the platform's user data
folder (``location``). The pieces: the file checks (``sqlite_file``), the open store and
its transactions (``engine``), the schema (``schema``), backups (``backup``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from organizer.core.errors import StoreError
from organizer.store import backup, restore
from organizer.store.engine import Store, sqlite_engine
from organizer.store.location import DB_FILENAME, Location, resolve_location
from organizer.store.schema import SCHEMA_REVISION, prepare_schema, schema_revision
from organizer.store.server import server_engine
from organizer.store.sqlite_file import check_header, create_file, is_read_only, not_a_file, opened, tighten

__all__ = ["DB_FILENAME", "Location", "Store", "StoreError", "open_store", "resolve_location"]


def open_store(
    db: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    migrate: bool = True,
    daily_backup: bool = True,
) -> Store:
    """Open (creating or upgrading as needed) the store the options and environment name.

    The first open of each day takes a verified backup of a SQLite store (it also proves
    the file still reads from end to end); a damaged, foreign or newer file is refused
    and left untouched.
    """
    location = resolve_location(db, data_dir, environ)
    if location.path is not None:
        opened(location.path)
        problem = not_a_file(location.path)
        if problem is not None:
            raise StoreError(f"the store {location.path} {problem}; it was left untouched")
        if location.path.exists():
            check_header(location.path)
        read_only = location.path.exists() and is_read_only(location.path)
        if read_only:
            engine = sqlite_engine(f"sqlite:///file:{location.path}?mode=ro&uri=true")
            if not _readable(engine):  # a WAL store in a folder we may not write: no -shm can be made
                engine.dispose()
                engine = sqlite_engine(f"sqlite:///file:{location.path}?immutable=1&uri=true")
            store = Store(engine, location, read_only=True)
            try:
                if schema_revision(store) != SCHEMA_REVISION:
                    raise StoreError(
                        f"the store {location.path} is read-only and needs an upgrade by this version of Daymap; "
                        "make it writable once so it can be upgraded",
                    )
            except BaseException:
                store.close()
                raise
            return store
        create_file(location.path)
        engine = sqlite_engine(location.url)
    else:
        engine = server_engine(location.url)
    store = Store(engine, location)
    try:
        created = prepare_schema(store, migrate=migrate, before_upgrade=lambda: backup.take(location, "before-upgrade"))
        if location.path is not None:
            # Only now that the file is known to be ours: WAL is persistent, it rewrites the header.
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.cursor().execute("PRAGMA journal_mode = WAL")
            finally:
                raw.close()
            tighten(location.path)
            store.remember_file()
            if daily_backup and not created:
                backup.daily(store)
    except BaseException:
        store.close()
        raise
    return store


def restore_backup(
    location: Location, source: Path | None = None, *, replace_readable: bool | None = None
) -> restore.Restored:
    """Bring a backup back (``restore.restore``), then open it once: WAL on, permissions, an older schema upgraded.

    ``replace_readable`` (default: a ``source`` was named): the rep chose the backup to go back
    to, so a store SQLite reads whole is replaced too (backed up first); otherwise only a damaged one is.
    """
    result = restore.restore(location, source, replace_readable=replace_readable)
    open_store(location.url, daily_backup=False).close()
    return result


def _readable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master"))
    except SQLAlchemyError:
        return False
    return True

"""An open store: short sessions, one transaction each, and what a database failure means to a rep.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL`` (a committed write
survives a power cut), and every write is one transaction opened with ``BEGIN IMMEDIATE``
so two writers queue instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from organizer.core.errors import ConflictError, StoreError
from organizer.store.location import Location
from organizer.store.server import is_postgresql, refused, revision_token, unreachable
from organizer.store.sqlite_file import BUSY_TIMEOUT_MS, busy_error, is_busy, sqlite_verdict, tighten

T = TypeVar("T")

# sqlite3 decodes SQLite's error messages as UTF-8; a damaged page can put any bytes in them.
STORE_FAILURES = (SQLAlchemyError, UnicodeDecodeError)


def sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts (pysqlite's own
        # implicit BEGIN would leave reads outside the transaction).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get("daymap_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _disk_full(location: Location | None) -> bool:
    """SQLite reports a full disk as "disk I/O error" where it fails to grow a -shm or journal file."""
    if location is None or location.path is None:
        return False
    try:
        return shutil.disk_usage(location.path.parent).free < 1024 * 1024
    except OSError:
        return False


def translate_errors(error: Exception, *, writing: bool = True, location: Location | None = None) -> Exception:
    """A database failure as the message a rep can act on."""
    unsaved = "nothing was saved" if writing else "nothing was changed"
    if isinstance(error, UnicodeDecodeError):
        return StoreError(
            f"the store is damaged (SQLite reported unreadable bytes); {unsaved}; run `daymap check`, "
            "and `daymap restore` brings back the newest good backup",
            problem="damaged",
        )
    if isinstance(error, StaleDataError):
        return ConflictError("someone else changed this in the meantime; it was reloaded, please try again")
    if isinstance(error, IntegrityError):
        return StoreError(f"the store refused the change (a rule of the data was broken): {error.orig}")
    if refused(error):
        return StoreError(
            f"not allowed: this belongs to another rep, or your role may only read; {unsaved}",
            problem="forbidden",
        )
    if isinstance(error, OperationalError) and unreachable(error):
        return StoreError(f"the database server cannot be reached: {unsaved}; try again when it is back")
    if isinstance(error, OperationalError):
        detail = str(error.orig).lower()
        if "readonly" in detail or "read-only" in detail:
            return StoreError(f"the store is read-only: {unsaved} (check the file's permissions, then try again)")
        if "full" in detail or ("disk i/o" in detail and _disk_full(location)):
            return StoreError(f"the disk is full: {unsaved}; free some space and try again", problem="full")
        if is_busy(detail):
            return busy_error(unsaved)
        if "disk i/o" in detail:
            return StoreError(f"the disk failed while writing the store: {unsaved}; try again ({error.orig})")
        if "unable to open" in detail or "no such table" in detail:
            return StoreError(f"the store cannot be reached: {unsaved} ({error.orig})")
        return StoreError(f"the store could not be used: {unsaved} ({error.orig})")
    if isinstance(error, DatabaseError):
        if location is not None and location.path is not None and sqlite_verdict(location.path) is None:
            # SQLite reads the file whole now: never call it damaged (SPEC.md, one store, many processes)
            return StoreError(f"the store could not be read just now ({error.orig}): {unsaved}; try again")
        return StoreError(
            f"the store is damaged or not a Daymap store: {error.orig}; run `daymap check`, "
            "and `daymap restore` brings back the newest good backup",
            problem="damaged",
        )
    return error


class Store:
    """An open store. Reads and writes go through short sessions, one transaction each."""

    def __init__(self, engine: Engine, location: Location, *, read_only: bool = False) -> None:
        self.engine = engine
        self.location = location
        self.read_only = read_only
        self._write_engine = engine.execution_options(daymap_write=True)
        self._identity: tuple[int, int] | None = None
        self._watcher: Any = None
        self.warnings: list[str] = []  # said once to the user: e.g. the daily backup could not be taken

    def remember_file(self) -> None:
        """Note which file this is, so a write never goes to a file that vanished or was replaced."""
        if self.location.path is not None:
            info = self.location.path.stat()
            self._identity = (info.st_dev, info.st_ino)

    def _check_file(self) -> None:
        """SQLite keeps writing to a deleted file; everything written then is lost at close. Refuse."""
        path = self.location.path
        if path is None or self._identity is None:
            return
        try:
            info = path.stat()
        except OSError:
            raise StoreError(
                f"the store {path} is gone (was its folder moved, deleted or unmounted?): nothing was saved; "
                "put it back and try again"
            ) from None
        if (info.st_dev, info.st_ino) != self._identity:
            raise StoreError(
                f"the store {path} was replaced by another file while Daymap had it open: nothing was saved; "
                "restart Daymap to use the new file"
            )

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session: one consistent snapshot, rolled back at the end."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
                    session.rollback()
            except STORE_FAILURES as error:
                raise translate_errors(error, writing=False, location=self.location) from error

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write: one session, one transaction, committed only if the block succeeds."""
        if self.read_only:
            raise StoreError(
                f"the store {self.location.describe()} is read-only (its file or folder may not be written): "
                "nothing was written; make it writable to change it",
                problem="read-only",
            )
        self._check_file()
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except STORE_FAILURES as error:
                raise translate_errors(error, location=self.location) from error
        if self.location.path is not None:
            tighten(self.location.path)

    def run(self, operation: Callable[[Session], T]) -> T:
        with self.write() as session:
            return operation(session)

    def data_version(self) -> int | None:
        """A number that changes whenever anyone commits to the store (SQLite files only).

        The app compares it when it regains focus, to show what the CLI or another program
        wrote meanwhile. One long-lived connection: SQLite's data_version is per connection.
        """
        if self.location.path is None:
            return revision_token(self.engine) if is_postgresql(self.engine) else None
        import sqlite3

        try:
            if self._watcher is None:
                self._watcher = sqlite3.connect(f"file:{self.location.path}?mode=ro", uri=True, check_same_thread=False)
            return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

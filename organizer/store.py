"""Opening the store: where it lives, how SQLite is tuned, and who owns the schema.

A store is any SQLAlchemy URL; by default a SQLite file in the platform's user data
folder. SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL`` (a
committed write survives a power cut), and every write is one transaction opened
with ``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way.

Alembic owns the schema: a new store is created from the models and stamped at the
head revision; an older one is upgraded on open; a newer or foreign one is refused
and never touched.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from organizer.errors import ConflictError, StoreError
from organizer.models import Base

APP_NAME = "Daymap"
DB_FILENAME = "daymap.sqlite3"
SCHEMA_REVISION = "0001"  # the Alembic head; a test keeps it equal to migrations/versions
KNOWN_REVISIONS = ("0001",)
BUSY_TIMEOUT_MS = 10_000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a store lives: its URL and, for a SQLite file, the file and its folder."""

    url: str
    path: Path | None = None

    @property
    def is_sqlite_file(self) -> bool:
        return self.path is not None


def default_data_dir() -> Path:
    import platformdirs  # imported late: only the default location needs it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_location(
    db: str | None = None, data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Location:
    """``--db`` wins, then ``--data-dir``, then DAYMAP_DB_URL / DAYMAP_DATA_DIR, then platformdirs."""
    env = os.environ if environ is None else environ
    url = db or (None if data_dir else env.get("DAYMAP_DB_URL"))
    if url:
        try:
            parsed = make_url(url)
        except SQLAlchemyError as error:
            raise StoreError(f"--db: not a database URL: {url!r}") from error
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            return Location(url, Path(parsed.database).expanduser().absolute())
        return Location(url)
    folder = Path(data_dir or env.get("DAYMAP_DATA_DIR") or default_data_dir()).expanduser().absolute()
    path = folder / DB_FILENAME
    return Location(f"sqlite:///{path}", path)


def _secure_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700:
            folder.chmod(0o700)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror or error}") from error


def _secure_file(path: Path) -> None:
    """Create (or tighten) the store file and its folder: folder 0700, file 0600."""
    _secure_folder(path.parent)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != 0o600:
                candidate.chmod(0o600)
    except OSError as error:
        raise StoreError(f"cannot create the store at {path}: {error.strerror or error}") from error


def _sqlite_engine(url: str) -> Engine:
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


def translate_errors(error: Exception) -> Exception:
    """A database failure as the message a rep can act on."""
    if isinstance(error, StaleDataError):
        return ConflictError("someone else changed this in the meantime; it was reloaded, please try again")
    if isinstance(error, IntegrityError):
        return StoreError(f"the store refused the change (a rule of the data was broken): {error.orig}")
    if isinstance(error, OperationalError):
        detail = str(error.orig).lower()
        if "readonly" in detail or "read-only" in detail:
            return StoreError("the store is read-only: nothing was saved (check the file's permissions)")
        if "full" in detail:
            return StoreError("the disk is full: nothing was saved; free some space and try again")
        if "locked" in detail or "busy" in detail:
            return StoreError("the store is busy in another program: nothing was saved; try again")
        if "unable to open" in detail or "no such table" in detail:
            return StoreError(f"the store cannot be reached: nothing was saved ({error.orig})")
        return StoreError(f"the store could not be written: nothing was saved ({error.orig})")
    if isinstance(error, DatabaseError):
        return StoreError(f"the store is damaged or not a Daymap store: {error.orig}")
    return error


class Store:
    """An open store. Reads and writes go through short sessions, one transaction each."""

    def __init__(self, engine: Engine, location: Location) -> None:
        self.engine = engine
        self.location = location
        self._write_engine = engine.execution_options(daymap_write=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session: one consistent snapshot, rolled back at the end."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
                    session.rollback()
            except SQLAlchemyError as error:
                raise translate_errors(error) from error

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write: one session, one transaction, committed only if the block succeeds."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except SQLAlchemyError as error:
                raise translate_errors(error) from error
        if self.location.path is not None:
            _secure_file(self.location.path)

    def run(self, operation: Callable[[Session], T]) -> T:
        with self.write() as session:
            return operation(session)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(
    db: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    migrate: bool = True,
) -> Store:
    """Open (creating or upgrading as needed) the store the options and environment name."""
    location = resolve_location(db, data_dir, environ)
    if location.path is not None:
        if location.path.is_dir():
            raise StoreError(f"the store {location.path} is a folder, not a file")
        _secure_folder(location.path.parent)
        engine = _sqlite_engine(location.url)
    else:
        try:
            engine = create_engine(location.url, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"cannot use the database {location.url!r}: {error}") from error
    store = Store(engine, location)
    try:
        prepare_schema(store, migrate=migrate)
        if location.path is not None:
            # Only now that the file is known to be ours: WAL is persistent, it rewrites the header.
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.cursor().execute("PRAGMA journal_mode = WAL")
            finally:
                raw.close()
            _secure_file(location.path)
    except BaseException:
        engine.dispose()
        raise
    return store


def schema_revision(store: Store) -> str | None:
    """The store's Alembic revision; None for an empty store; raises for a foreign one."""
    try:
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if "alembic_version" in tables:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
                if row is None:
                    raise StoreError("the store has no schema version: it may be damaged")
                return str(row[0])
    except SQLAlchemyError as error:
        raise StoreError(
            f"the store {store.location.path or store.location.url} is damaged or not "
            f"a database: {getattr(error, 'orig', error)}"
        ) from error
    if tables:
        raise StoreError(
            f"{store.location.path or store.location.url} belongs to another program "
            f"(it has tables {', '.join(sorted(tables)[:5])}, but no Daymap schema); "
            "it was left untouched"
        )
    return None


def prepare_schema(store: Store, *, migrate: bool = True) -> None:
    revision = schema_revision(store)
    if revision == SCHEMA_REVISION:
        return
    if revision is None:
        _create(store)
        return
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"the store was written by a newer Daymap (schema {revision}); "
            "update Daymap to open it — the file was left untouched"
        )
    if not migrate:
        raise StoreError(f"the store needs an upgrade from schema {revision}")
    from organizer import backup  # late: only an upgrade needs it

    backup.before_migration(store)
    _alembic_upgrade(store)


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def _create(store: Store) -> None:
    from alembic import command

    try:
        with store.engine.begin() as connection:
            Base.metadata.create_all(connection)
            command.stamp(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        raise translate_errors(error) from error


def _alembic_upgrade(store: Store) -> None:
    from alembic import command

    try:
        with store.engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        raise translate_errors(error) from error

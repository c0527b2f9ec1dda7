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
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from organizer.core.errors import ConflictError, StoreError
from organizer.store.kept import Revision
from organizer.store.location import DB_FILENAME, Location, resolve_location
from organizer.store.models import Base, StoreRevision, revision_trigger_names, revision_triggers
from organizer.store.server import is_postgresql, refused, revision_token, server_engine, unreachable

SCHEMA_REVISION = "0004"  # the Alembic head; a test keeps it equal to migrations/versions
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"

T = TypeVar("T")

__all__ = ["DB_FILENAME", "Location", "Store", "StoreError", "open_store", "resolve_location"]


def _secure_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700 and folder.stat().st_uid == os.geteuid():
            folder.chmod(0o700)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror or error}") from error


def _tighten(path: Path) -> None:
    """The store and its WAL/shared-memory files: 0600 (only the rep can read their book)."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):  # only the owner may chmod
            if stat.S_IMODE(candidate.stat().st_mode) != 0o600:
                candidate.chmod(0o600)


def is_read_only(path: Path) -> bool:
    """Did the rep (or their IT) make the store read-only? Then it is opened for reading and never written.

    The permission bits are asked, not only ``os.access``: root may write anything, but a
    file made 0400 on purpose is still honoured.
    """
    try:
        info, folder = path.stat(), path.parent.stat()
    except OSError:
        return False
    if not info.st_mode & stat.S_IWUSR or not folder.st_mode & stat.S_IWUSR:
        return True
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _create_file(path: Path) -> None:
    _secure_folder(path.parent)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        _tighten(path)
    except OSError as error:
        raise StoreError(f"cannot create the store at {path}: {error.strerror or error}") from error


def not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot hold a store (a folder, a FIFO, a device), or None (a file, or nothing yet).

    Checked before anything opens it: opening a FIFO for reading waits for a writer forever.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be reached: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    return "is a device or socket, not a file"


def check_header(path: Path) -> None:
    """Refuse, before SQLite reads it, a file that is not SQLite or was cut short.

    SQLite itself opens a truncated file happily and fails only when a query reaches a
    missing page, which could be in the middle of the morning. The header says how many
    pages the file had at its last checkpoint; fewer bytes than that means it was cut.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return  # a new, empty store
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror or error}") from error
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{path} is damaged or not a Daymap store (it does not start like an SQLite database); "
            "it was left untouched",
            problem="damaged",
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if counter_valid and pages and size < pages * page_size:
        raise StoreError(
            f"the store {path} is damaged: the file was cut short ({size:,} of {pages * page_size:,} bytes); "
            "it was left untouched",
            problem="damaged",
        )


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
        if "locked" in detail or "busy" in detail:
            return StoreError(f"the store is busy in another program: {unsaved}; try again")
        if "disk i/o" in detail:
            return StoreError(f"the disk failed while writing the store: {unsaved}; try again ({error.orig})")
        if "unable to open" in detail or "no such table" in detail:
            return StoreError(f"the store cannot be reached: {unsaved} ({error.orig})")
        return StoreError(f"the store could not be used: {unsaved} ({error.orig})")
    if isinstance(error, DatabaseError):
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

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

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
            except SQLAlchemyError as error:
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
            except SQLAlchemyError as error:
                raise translate_errors(error, location=self.location) from error
        if self.location.path is not None:
            _tighten(self.location.path)

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
        problem = not_a_file(location.path)
        if problem is not None:
            raise StoreError(f"the store {location.path} {problem}; it was left untouched")
        if location.path.exists():
            check_header(location.path)
        read_only = location.path.exists() and is_read_only(location.path)
        if read_only:
            engine = _sqlite_engine(f"sqlite:///file:{location.path}?mode=ro&uri=true")
            if not _readable(engine):  # a WAL store in a folder we may not write: no -shm can be made
                engine.dispose()
                engine = _sqlite_engine(f"sqlite:///file:{location.path}?immutable=1&uri=true")
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
        _create_file(location.path)
        engine = _sqlite_engine(location.url)
    else:
        engine = server_engine(location.url)
    store = Store(engine, location)
    try:
        created = prepare_schema(store, migrate=migrate)
        if location.path is not None:
            # Only now that the file is known to be ours: WAL is persistent, it rewrites the header.
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.cursor().execute("PRAGMA journal_mode = WAL")
            finally:
                raw.close()
            _tighten(location.path)
            store.remember_file()
            if daily_backup and not created:
                from organizer.store import backup  # late: most opens find today's backup already there

                backup.daily(store)
    except BaseException:
        store.close()
        raise
    return store


def _readable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master"))
    except SQLAlchemyError:
        return False
    return True


def schema_revision(store: Store) -> str | None:
    """The store's Alembic revision; None for an empty store; raises for a foreign one."""
    try:
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if "alembic_version" in tables:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
                if row is None:
                    raise StoreError("the store has no schema version: it may be damaged", problem="damaged")
                return str(row[0])
    except OperationalError as error:  # the file could not be used (a full disk, permissions), not its content
        if "not a database" not in str(error.orig).lower() and "malformed" not in str(error.orig).lower():
            raise translate_errors(error, writing=False, location=store.location) from error
        raise StoreError(
            f"the store {store.location.describe()} is damaged or not a database: {error.orig}; it was left untouched",
            problem="damaged",
        ) from error
    except SQLAlchemyError as error:
        raise StoreError(
            f"the store {store.location.describe()} is damaged or not a database: "
            f"{getattr(error, 'orig', error)}; it was left untouched",
            problem="damaged",
        ) from error
    if tables:
        raise StoreError(
            f"{store.location.describe()} belongs to another program "
            f"(it has tables {', '.join(sorted(tables)[:5])}, but no Daymap schema); "
            "it was left untouched",
            problem="foreign",
        )
    return None


def prepare_schema(store: Store, *, migrate: bool = True) -> bool:
    """Create, upgrade or accept the schema; True when the store was created just now."""
    revision = schema_revision(store)
    if revision == SCHEMA_REVISION:
        return False
    if revision is None:
        _create(store)
        return True
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"the store was written by a newer Daymap (schema {revision}); "
            "update Daymap to open it — the file was left untouched",
            problem="newer",
        )
    if not migrate:
        raise StoreError(f"the store needs an upgrade from schema {revision}")
    from organizer.store import backup  # late: only an upgrade needs it

    backup.take(store.location, "before-upgrade")
    _alembic_upgrade(store)
    return False


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
            start_revisions(connection)
            command.stamp(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        if refused(error):
            raise StoreError(
                f"{store.location.describe()} has no Daymap schema yet and your role may not create one: "
                "the database's owner runs `daymap team init` first"
            ) from error
        raise translate_errors(error) from error


def read_revision(session: Session) -> Revision | None:
    """The schema and the revision token the session sees (what the kept morning is checked against)."""
    schema = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    token = session.execute(select(StoreRevision.token).where(StoreRevision.id == 1)).scalar()
    if schema is None or token is None:
        return None
    return Revision(str(schema), int(token))


@contextlib.contextmanager
def one_revision(session: Session) -> Iterator[None]:
    """A bulk write (an import) draws one new token, not one per row: 185,000 trigger runs cost seconds.

    The triggers step aside inside the write's own transaction and come back before it
    commits, so no other connection ever sees them missing; if the block raises, the
    rollback brings them back.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL daymap.bulk = 'on'"))  # the revision trigger steps aside (team.py)
        yield
        session.execute(text("SET LOCAL daymap.bulk = 'off'"))
        session.execute(text("UPDATE store_revision SET token = floor(random() * 4e18)::bigint WHERE id = 1"))
        return
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    for name in revision_trigger_names():
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    for statement in revision_triggers():
        session.execute(text(statement))
    session.execute(text("UPDATE store_revision SET token = random() WHERE id = 1"))


def start_revisions(connection: Any) -> None:
    """The store's first revision token, and on SQLite the triggers that draw a new one on each write."""
    connection.execute(insert(StoreRevision).values(id=1, token=secrets.randbits(62)))
    if connection.dialect.name == "sqlite":
        for statement in revision_triggers():
            connection.exec_driver_sql(statement)


def _alembic_upgrade(store: Store) -> None:
    from alembic import command

    try:
        with store.engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        raise translate_errors(error) from error

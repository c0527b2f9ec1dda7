"""The SQLite file itself, before SQLAlchemy touches it: is it a file, whole, ours, writable, private?"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from organizer.core.errors import StoreError, ValidationError


def _busy_timeout_ms() -> int:
    """SPEC.md: a command that finds the store busy waits up to 30 s (DAYMAP_BUSY_SECONDS: the tests wait less)."""
    try:
        seconds = float(os.environ.get("DAYMAP_BUSY_SECONDS", "30"))
    except ValueError:
        seconds = 30.0
    return int(min(max(seconds, 0.1), 3600) * 1000) if seconds == seconds else 30_000  # NaN: the default


BUSY_TIMEOUT_MS = _busy_timeout_ms()
SQLITE_MAGIC = b"SQLite format 3\x00"


_OPENED: set[Path] = set()  # the SQLite stores this process has opened (it may hold their locks)


def opened(path: Path) -> None:
    """Note a store this process opens: no file it is asked to read or write may be that store's."""
    _OPENED.add(path)


def opened_any() -> bool:
    """Has this process opened a store? Then it must not fork a child that opens it again: the child
    would inherit SQLite's record of the parent's locks without the locks themselves."""
    return bool(_OPENED)


def refuse_store_file(candidate: Path) -> None:
    """A file named to import, export or read mail from that is a store this process holds (its database,
    ``-wal`` or ``-shm``): bad input. Reading it would open and close a descriptor of the store, which
    drops this process's SQLite locks (``check_header``); writing it would replace the rep's data."""
    try:
        info = os.stat(candidate)
    except OSError:
        return
    for store in _OPENED:
        for part in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
            try:
                other = os.stat(part)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino):
                what = f"is Daymap's own store ({part.name}), not a file to read or write"
                raise ValidationError("", f"{candidate}: {what}; nothing was done")


def secure_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700 and folder.stat().st_uid == os.geteuid():
            folder.chmod(0o700)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror or error}") from error


def tighten(path: Path) -> None:
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


def create_file(path: Path) -> None:
    secure_folder(path.parent)
    try:
        # Only a file that is not there yet: a descriptor opened and closed on the store would drop
        # this process's SQLite locks (``check_header``). O_EXCL: another process may make it first.
        if not path.exists():
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        tighten(path)
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


def read_other_file(path: Path) -> bytes:
    """A file the rep gives to read (an import): never the store itself (reading it through a descriptor of
    our own would drop this process's SQLite locks on it), never a folder, a FIFO (a hang) or a device."""
    refuse_store_file(path)
    problem = not_a_file(path)
    if problem is not None:
        raise ValidationError("", f"{path}: {problem}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("", f"{path}: no such file") from None
    except OSError as error:
        raise ValidationError("", f"{path}: cannot be read: {error.strerror or error}") from None


def check_header(path: Path) -> None:
    """Refuse, before the store is used, a file that is not SQLite or was cut short.

    Read through SQLite, never with a descriptor of our own: SQLite's locks are the process's
    POSIX advisory locks, and closing *any* descriptor of the file drops all of them, SQLite's
    included. A window that holds the store and checks it again (a background reader's open, a
    backup, ``check``) would be left with no lock, and the next process to close the store would
    checkpoint and delete the WAL under it (docs/architecture.md, "One store, many processes").
    SQLite knows the connections of its own process and keeps their locks when one closes.

    SQLite opens a truncated file happily and fails only when a query reaches a missing page,
    which could be in the middle of the morning. Its page count (the header's, or the WAL's
    newest commit) larger than the file is only a hint, never the verdict: a checkpoint (another
    process's, or one killed midway) writes page 1 before the file grows, and the pages it has not
    written yet are still in the WAL beside it. So a short file is judged by SQLite itself
    (``sqlite_verdict``), which reads through the WAL; only what SQLite cannot read whole is damaged.
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror or error}") from error
    if size == 0:
        return  # a new, empty store
    if size < 100:
        raise _not_sqlite(path)
    try:
        page_size, pages = _page_count(path, "mode=ro")
    except sqlite3.OperationalError as error:
        if is_busy(str(error)):
            raise busy_error("it was not checked", path) from error
        try:  # a WAL store in a folder that may not be written: no -shm can be made beside it
            page_size, pages = _page_count(path, "immutable=1")
        except sqlite3.Error:
            return  # SQLite cannot tell here; the open that follows says what is wrong
    except UnicodeDecodeError as error:  # SQLite's message about a damaged page held bytes that are not text
        raise StoreError(
            f"the store {path} is damaged: SQLite cannot read its schema (it reported unreadable bytes); "
            "it was left untouched",
            problem="damaged",
        ) from error
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise _not_sqlite(path) from error
        raise StoreError(
            f"the store {path} is damaged: SQLite cannot read its schema ({error}; the file is {size:,} bytes, "
            "cut short or overwritten); it was left untouched",
            problem="damaged",
        ) from error
    if pages and size < pages * page_size:
        verdict = sqlite_verdict(path)
        if verdict is None:
            return  # the missing pages are in the WAL (or never mattered): SQLite reads it whole
        raise StoreError(
            f"the store {path} is damaged: the file was cut short ({size:,} of {pages * page_size:,} bytes) "
            f"and SQLite cannot read it whole ({verdict}); it was left untouched",
            problem="damaged",
        )


def _page_count(path: Path, mode: str) -> tuple[int, int]:
    connection = sqlite3.connect(f"file:{path}?{mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
    finally:
        connection.close()
    return page_size, pages


def _not_sqlite(path: Path) -> StoreError:
    return StoreError(
        f"{path} is damaged or not a Daymap store (it does not start like an SQLite database); it was left untouched",
        problem="damaged",
    )


def is_busy(message: str) -> bool:
    """SQLite's words for a store another program holds ("database is locked", SQLITE_BUSY)."""
    text = message.lower()
    return "locked" in text or "busy" in text


def busy_error(consequence: str, where: Path | str | None = None) -> StoreError:
    """Another program held the store longer than we wait for it: busy, never damaged (SPEC.md); exit 1."""
    store = f"the store {where}" if where is not None else "the store"
    return StoreError(
        f"{store} is busy in another program (waited {BUSY_TIMEOUT_MS // 1000} s): {consequence}; "
        "try again when it is done",
        problem="busy",
    )


def sqlite_verdict(path: Path) -> str | None:
    """None when SQLite reads the store whole (through its WAL, recovering as it must); else what it says.

    Opened read-only: recovery of the WAL happens in memory, the files are not changed.
    """
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        return f"cannot be opened: {error}"
    connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    try:
        verdict = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        return str(error)
    finally:
        connection.close()
    return None if verdict == ["ok"] else "; ".join(verdict[:3])

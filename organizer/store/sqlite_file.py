"""The SQLite file itself, before SQLAlchemy touches it: is it a file, whole, ours, writable, private?"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from organizer.core.errors import StoreError

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"


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
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
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


def check_header(path: Path) -> None:
    """Refuse, before SQLite reads it, a file that is not SQLite or was cut short.

    SQLite itself opens a truncated file happily and fails only when a query reaches a
    missing page, which could be in the middle of the morning. The header says how many
    pages the file had at its last checkpoint; fewer bytes than that is only a hint,
    never the verdict: a checkpoint (another process's, or one killed midway) writes page 1
    before the file grows, and the pages it has not written yet are still in the WAL
    beside it. So a short file is judged by SQLite itself (``sqlite_verdict``), which
    reads through the WAL; only what SQLite cannot read whole is called damaged.
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
        verdict = sqlite_verdict(path)
        if verdict is None:
            return  # the missing pages are in the WAL (or never mattered): SQLite reads it whole
        raise StoreError(
            f"the store {path} is damaged: the file was cut short ({size:,} of {pages * page_size:,} bytes) "
            f"and SQLite cannot read it whole ({verdict}); it was left untouched",
            problem="damaged",
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
